"""How strong a fact's evidence is: its independent origins and its rules' confidence.

A fact is graded by two numbers the state keeps on it: ``independent_sources`` (distinct
origins: a wire's copies count once, see :func:`timeline.domain.consolidation.independent_count`)
and ``confidence`` (the highest confidence among the rules that derived its reports), and by
the analysts' judgements of its reports (``event_confirmed``, ``event_rejected``):

- ``confirmed``: an analyst confirmed one of its reports (read the quote and vouched that it
  states this fact), whatever the number of origins. It is the strongest grade: the
  other grades estimate whether the reading is right, a confirmation checked it. The
  number of origins is still kept (``independent_sources``), so a confirmed single-source
  fact is shown as confirmed, not as resting on a single source;
- ``corroborated``: at least ``CORROBORATING_ORIGINS`` (2) independent origins report it;
- ``confident``: one origin reports it, through a rule whose confidence is at least
  ``CONFIDENT`` (0.8: the rules whose wording leaves no other reading, such as "took effect"
  or "could not reach any agreement");
- ``reported``: one origin, and every rule that derived it is below ``CONFIDENT``.

A rejected report is not graded at all: it is set aside by the fold before anything is
consolidated (:mod:`timeline.domain.fold`), so it neither supports nor corroborates.

A fact that is ``confirmed``, ``corroborated`` or ``confident`` is *established*. What the
status rules (:mod:`timeline.domain.status`) ask of the facts that change the status is
data (``STATUS_EVIDENCE``):

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


STRENGTH: dict[Support, int] = {"reported": 0, "confident": 1, "corroborated": 2, "confirmed": 3}
"""Supports from weakest to strongest (a status rests on the weakest of its facts)."""


def grade(independent_sources: int, confidence: float, *, confirmed: bool = False) -> Support:
    """The support of a fact reported by that many origins, at that best confidence, and
    confirmed by an analyst or not."""
    if confirmed:
        return "confirmed"
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
    """True when a fact so supported is confirmed, corroborated or confidently derived."""
    return support in ("confirmed", "corroborated", "confident")


def counts(event_type: str, support: Support | None) -> bool:
    """True when a fact of this type and support may change the status."""
    if STATUS_EVIDENCE.get(event_type, "any") == "established":
        return established(support)
    return support is not None
