"""How strong a fact's evidence is: its independent origins and its rules' confidence.

A fact is graded by two numbers the state keeps on it: ``independent_sources`` (distinct
origins: a wire's copies count once, see :func:`timeline.domain.consolidation.independent_count`)
and ``confidence`` (the highest confidence among the rules that derived its reports):

- ``corroborated``: at least ``CORROBORATING_ORIGINS`` (2) independent origins report it;
- ``confident``: one origin reports it, through a rule whose confidence is at least
  ``CONFIDENT`` (0.8: the rules whose wording leaves no other reading, such as "took effect"
  or "could not reach any agreement");
- ``reported``: one origin, and every rule that derived it is below ``CONFIDENT``.

A fact that is ``corroborated`` or ``confident`` is *established*. The status rules
(:mod:`timeline.domain.status`) let only established facts change the status; a fact that
is only ``reported`` is shown as reported, with its quotes, and counted for nothing.
"""

from __future__ import annotations

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


def established(support: Support | None) -> bool:
    """True when a fact so supported may change the status."""
    return support in ("corroborated", "confident")
