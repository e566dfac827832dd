"""How strong a fact's evidence is: its independent origins and its rules' confidence.

A fact is graded by two numbers the state keeps on it: ``independent_sources`` (distinct
origins: a wire's copies count once, see :func:`timeline.domain.consolidation.independent_count`)
and ``confidence`` (the highest confidence among the rules that derived its reports):

- ``corroborated``: at least ``CORROBORATING_ORIGINS`` (2) independent origins report it;
- ``confident``: one origin reports it, through a rule whose confidence is at least
  ``CONFIDENT`` (0.8: the rules whose wording leaves no other reading, such as "took effect"
  or "could not reach any agreement");
- ``reported``: one origin, and every rule that derived it is below ``CONFIDENT``.

A fact that is ``corroborated`` or ``confident`` is *established*. What the status rules
(:mod:`timeline.domain.status`) ask of the facts that change the status is data
(``STATUS_EVIDENCE``):

- a termination notice must be established. It is the one fact that overrides every talk
  (S1/S2), it is an exceptional claim (a government's notice is widely reported), and one
  misread sentence (an amendment clause read as an exit) would otherwise turn a whole
  negotiation into ``termination_notified``. One lower-confidence report is listed in
  ``Status.reported`` with its quotes and counted for nothing;
- a milestone (agreement reached, signed, ratified, in force) or a stall counts whatever its
  support: such facts are the ordinary course of talks, often told once (a signing in one
  wire story), and later talks activity overrides them anyway. The status then carries the
  weakest support it rests on (``Status.support``), and each reason its own support, so one
  uncorroborated lower-confidence report is shown as such, with its quotes.
"""

from __future__ import annotations

from typing import Literal

from timeline.domain.views import Support

CORROBORATING_ORIGINS = 2
"""Independent origins that establish a fact whatever the rules' confidence."""

CONFIDENT = 0.8
"""The rule confidence at which one origin establishes a fact."""


def grade(independent_sources: int, confidence: float) -> Support:
    """The support of a fact reported by that many origins, at that best confidence."""
    if independent_sources >= CORROBORATING_ORIGINS:
        return "corroborated"
    if confidence >= CONFIDENT:
        return "confident"
    return "reported"


STATUS_EVIDENCE: dict[str, Literal["established", "any"]] = {
    "termination_clause_cited": "established",
    "agreement_reached": "any",
    "agreement_signed": "any",
    "agreement_ratified": "any",
    "agreement_in_force": "any",
    "talks_stalled": "any",
}
"""The support each status-changing fact type needs before it changes the status."""


def established(support: Support | None) -> bool:
    """True when a fact so supported is corroborated or confidently derived."""
    return support in ("corroborated", "confident")


def counts(event_type: str, support: Support | None) -> bool:
    """True when a fact of this type and support may change the status."""
    if STATUS_EVIDENCE.get(event_type, "any") == "established":
        return established(support)
    return support is not None
