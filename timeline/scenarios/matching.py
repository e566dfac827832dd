"""Which proposal a step means: "the proposal by "US" to amend the agreement".

The rule, also stated in docs/writing-features.md:

1. Only proposals made by the named party are candidates.
2. A description naming a kind ("a joint study", "a counter-proposal") keeps only proposals
   of that kind; those words then need not appear in the proposal's text.
3. The description's other words, minus small words ("to", "the", "a", ...), are reduced to
   stems by cutting one common ending (-ment, -ation, -ing, -es, -ed, -s, -e, -y ...) while at
   least four letters remain: "amendment" and "amend" both give "amend". The first of them is
   the key word: a proposal matches when its stem begins a word of the proposal's subject,
   terms or quotes ("amend" finds "amend" and "amendment").
4. When several proposals match, the one whose text holds the most of the other stems wins;
   a tie is an error listing the candidates, so the author can add a distinguishing word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.domain.views import NegotiationState, Proposal, ProposalKind
from timeline.scenarios import describe

SMALL_WORDS = frozenset(
    {"a", "an", "the", "to", "for", "of", "on", "in", "with", "and", "or", "by", "from", "its"}
    | {"their", "his", "her", "this", "that", "about"}
)
"""Words a description may hold that say nothing about the proposal."""

ENDINGS = (
    "ations", "ation", "ments", "ment", "ions", "ion", "ing",
    "ies", "ied", "es", "ed", "s", "e", "y",
)  # fmt: skip
"""Endings cut from a word to get its stem, longest first; one cut at most."""

MIN_STEM = 4

KIND_PHRASES: dict[ProposalKind, tuple[str, ...]] = {
    "joint_study": ("joint study", "joint-study", "study"),
    "counter_proposal": ("counter-proposal", "counter proposal", "counterproposal"),
}
"""Phrases that name a proposal kind in a description (checked in this order)."""

_WORD = re.compile(r"[a-z0-9]+")


class ProposalNotFound(AssertionError):
    """No proposal (or more than one) fits the description; the message lists them all."""


def stem(word: str) -> str:
    """The word in lower case without one common ending, keeping at least four letters."""
    word = word.lower()
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Description:
    """A proposal description split into the kind it names and the stems to look for."""

    text: str
    kind: ProposalKind | None
    stems: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Description:
        """Split ``text`` ("to amend the agreement", "for a joint study") by the rule above."""
        lowered = " ".join(text.lower().split())
        kind: ProposalKind | None = None
        for candidate, phrases in KIND_PHRASES.items():
            phrase = next((p for p in phrases if re.search(rf"\b{re.escape(p)}\b", lowered)), None)
            if phrase is not None:
                kind = candidate
                lowered = lowered.replace(phrase, " ")
                break
        stems = tuple(stem(w) for w in _WORD.findall(lowered) if w not in SMALL_WORDS)
        return cls(text=text, kind=kind, stems=stems)


def proposal_text(proposal: Proposal) -> str:
    """What the description is matched against: subject, terms and every quote."""
    quotes = (source.quote for source in proposal.sources)
    return " ".join([proposal.subject, proposal.terms or "", *quotes]).lower()


def _has(stem_: str, words: list[str]) -> bool:
    return any(word.startswith(stem_) for word in words)


def find_proposal(state: NegotiationState, party: str, description: str) -> Proposal:
    """The one proposal by ``party`` that ``description`` names; else ProposalNotFound."""
    wanted = Description.parse(description)
    candidates = [
        p
        for p in state.proposals.values()
        if p.proposer == party and (wanted.kind is None or p.kind == wanted.kind)
    ]
    if wanted.stems:
        key, others = wanted.stems[0], wanted.stems[1:]
        scored = []
        for proposal in candidates:
            words = _WORD.findall(proposal_text(proposal))
            if _has(key, words):
                scored.append((sum(_has(s, words) for s in others), proposal))
        best = max((score for score, _ in scored), default=0)
        candidates = [p for score, p in scored if score == best]
    if len(candidates) == 1:
        return candidates[0]
    kind = f" of kind {wanted.kind}" if wanted.kind else ""
    looked_for = f"; looked for words starting with {', '.join(wanted.stems)}"
    if not candidates:
        problem = f"no proposal by {party!r}{kind} matches {description!r}"
    else:
        ids = ", ".join(p.id for p in candidates)
        problem = (
            f"{len(candidates)} proposals by {party!r}{kind} match {description!r} equally "
            f"({ids}); add a word that only the one you mean contains"
        )
    raise ProposalNotFound(
        f"{problem}{looked_for if wanted.stems else ''}\n{describe.proposals(state)}"
    )
