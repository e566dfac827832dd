"""What was missed: an article's sentences, each with the events derived from it.

The sentences are the deriver's own (:func:`timeline.derivation.nlp.sentences`, over the
same layout of the text), so a sentence listed with no event is one the rules read and drew
nothing from. An event belongs to every sentence one of its evidence spans overlaps. A
sentence whose only events an analyst rejected counts as giving nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from timeline.derivation.nlp import parse, sentences
from timeline.domain.events import NegotiationEvent
from timeline.domain.values import parties_code


class CoveredEvent(BaseModel):
    """An event as coverage shows it: what it says, its rule, its spans in the article."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID
    type: str
    polarity: str = "positive"
    actor: str | None = None
    target: str | None = None
    subject: str
    rule_id: str
    spans: tuple[tuple[int, int], ...]
    verdict: str | None = None
    """The latest analyst judgement (``rejected``, ``confirmed``), None when not judged."""

    @classmethod
    def of(cls, event_id: UUID, event: NegotiationEvent, article_id: str) -> CoveredEvent:
        return cls(
            event_id=event_id,
            type=event.type,
            polarity=event.polarity,
            actor=parties_code(event.actor),
            target=parties_code(event.target),
            subject=event.subject,
            rule_id=event.derivation.rule_id,
            spans=tuple((e.start, e.end) for e in event.evidence if e.article_id == article_id),
        )


class CoveredSentence(BaseModel):
    """One sentence of the article (``text[start:end]``) and the events drawn from it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    start: int
    end: int
    text: str
    events: tuple[CoveredEvent, ...] = ()

    @property
    def gave_events(self) -> bool:
        """True when an event not rejected by an analyst comes from this sentence."""
        return any(event.verdict != "rejected" for event in self.events)


class ArticleCoverage(BaseModel):
    """Every sentence of one article with its events; ``stored`` is False for an article
    file derived on the fly."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article_id: str
    stored: bool
    sentences: tuple[CoveredSentence, ...]

    @property
    def missed(self) -> tuple[CoveredSentence, ...]:
        """The sentences nothing (not rejected) came from."""
        return tuple(s for s in self.sentences if not s.gave_events)


def cover(
    article_id: str, text: str, events: Sequence[CoveredEvent], *, stored: bool
) -> ArticleCoverage:
    """The article's sentences, each with the events whose evidence overlaps it."""
    spans = [(sent.start_char, sent.end_char) for sent in sentences(parse(text))]
    found: list[list[CoveredEvent]] = [[] for _ in spans]
    for event in events:
        for start, end in event.spans:
            for index, (first, last) in enumerate(spans):
                if start < last and first < end and event not in found[index]:
                    found[index].append(event)
    return ArticleCoverage(
        article_id=article_id,
        stored=stored,
        sentences=tuple(
            CoveredSentence(
                index=index + 1,
                start=first,
                end=last,
                text=text[first:last],
                events=tuple(found[index]),
            )
            for index, (first, last) in enumerate(spans)
        ),
    )
