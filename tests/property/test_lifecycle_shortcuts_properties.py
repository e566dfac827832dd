"""The lifecycle folded without a journal takes shortcuts; they decide as the full reading.

:func:`timeline.domain.proposals.build_proposals` folds without a journal, and so it may:
look for the proposal an answer's own sentence names only among the proposals quoted in
one of the answer's articles (the book's ``by_article`` index, with each entry's place in
its proposer's window); read the other rules' candidates latest first, only as far as a
rule needs; and put the proposals' names in the book of references only when an answer
first names one. A journaled :class:`~timeline.domain.proposals.LifecycleFold` (the
replay's) makes the whole candidate list at every step and claims names as proposals
open. Here reports between three parties (answers addressed to one party or to no one,
some naming an earlier report by event id, fact id or proposal id, some sharing the short
id of another), with a window of a few proposals per party so that proposals leave it,
fold to the same proposals, field for field and in the same order, and the same unlinked
answers, either way.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any
from unittest.mock import patch
from uuid import UUID

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.unit.seedlike import LIFECYCLE_KINDS, article, event_id
from timeline.domain import proposals
from timeline.domain.envelope import NewEvent
from timeline.domain.fold import NegotiationFold
from timeline.domain.proposals import (
    LIFECYCLE_TYPES,
    LifecycleFold,
    build_proposals,
    implied_proposals,
    lifecycle_order,
    proposal_view,
)
from timeline.domain.render import consolidated
from timeline.domain.values import Derivation, Evidence
from timeline.store.memory import InMemoryRecorder

NEG = "shortcuts"
TEXT = " ".join(f"token{i:03d}" for i in range(60))  # our own filler
ARTICLES = ("wire-a", "paper-b")
SPANS = ((0, 40), (30, 70), (35, 45), (200, 240))
"""The first three overlap one another: an answer often shares its sentence with several
proposals, which the rule then tells apart by how many quotes they share and by order."""
SUBJECTS = ("cut the beef quota", "cut the dairy tariff", "extend the wine quota")
DAYS = (date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 3))
SIDES = (
    ("EU", "AU"),
    ("AU", "EU"),
    ("NZ", "AU"),
    ("AU", None),
    ("EU", None),
    ("NZ", None),
    (None, "EU"),
)


def _article(article_id: str) -> NewEvent:
    """An article of the filler text, its outlet named by its id's first part."""
    return article(
        article_id, article_id.split("-")[0], None, TEXT, negotiation=NEG, published=DAYS[-1]
    )


@st.composite
def _reports(
    draw: st.DrawFn,
    sides: tuple[tuple[str | None, str | None], ...] = SIDES,
    articles: tuple[str, ...] = ARTICLES,
    days: tuple[date, ...] = DAYS,
) -> list[NewEvent]:
    """Lifecycle reports (ids unique unless drawn to share a short id), each quoting one
    of ``articles``, between ``sides`` (actor, target), on one of ``days``."""
    out: list[NewEvent] = []
    for number in range(draw(st.integers(1, 30))):
        kind = draw(st.sampled_from(sorted(LIFECYCLE_KINDS)))
        cls, extra = LIFECYCLE_KINDS[kind]
        article_id = draw(st.sampled_from(articles))
        start, end = draw(st.sampled_from(SPANS))
        actor, target = draw(st.sampled_from(sides))
        fields: dict[str, Any] = dict(extra)
        if "answers" in cls.model_fields and out and draw(st.booleans()):
            named = draw(st.sampled_from(out)).event_id
            fields["answers"] = draw(
                st.sampled_from([str(named), f"p-{named.hex[:10]}", f"f-{named.hex[:10]}"])
            )
        event = cls(
            negotiation=NEG,
            actor=actor,
            target=target,
            subject=draw(st.sampled_from(SUBJECTS)),
            occurred=draw(st.sampled_from(days)),
            reported_on=DAYS[-1],
            evidence=(
                Evidence(article_id=article_id, start=start, end=end, quote=TEXT[start:end]),
            ),
            derivation=Derivation(rule_id=f"test.{kind}", extractor_version="test"),
            **fields,
        )
        report_id = event_id("report", number, kind)
        clash = draw(st.integers(0, 3))
        if clash:  # short ids (the first 10 hex digits) shared with other reports
            report_id = UUID(f"{clash:010x}{report_id.hex[10:]}")
        out.append(NewEvent(event_id=report_id, event=event))
    return out


@settings(
    max_examples=int(os.environ.get("TIMELINE_REPLAY_EXAMPLES", "150")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reports=_reports(), window=st.integers(1, 4))
def test_the_unjournaled_lifecycle_decides_as_the_journaled_one(
    reports: list[NewEvent], window: int
) -> None:
    recorder = InMemoryRecorder()
    for index, new in enumerate([*map(_article, ARTICLES), *reports]):
        recorder.append(f"s-{index}", [new], expected_version=None)
    fold = NegotiationFold(NEG)
    for recorded in recorder.read_all():
        fold.apply(recorded)
    by_type = consolidated(fold).by_type
    groups = [g for t in sorted(LIFECYCLE_TYPES) for g in by_type.get(t, ())]
    note(f"window {window}, {len(groups)} groups")
    with patch.object(proposals, "LINK_WINDOW", window):
        quick = build_proposals(groups, fold.articles, fold.words)
        ordered = sorted(groups, key=lifecycle_order)
        full = LifecycleFold(fold.articles, journal=True, words=fold.words)
        full.set_implied(implied_proposals(ordered))
        for group in ordered:
            full.step(group)
    assert full.book.by_article is None and full.book.unclaimed is None  # the full reading
    views = {e.id: proposal_view(e, fold.articles) for e in full.book.entries.values()}
    assert list(quick.proposals.items()) == list(views.items())
    assert [f.fact_id for f in quick.unlinked] == [g.fact_id for g in full.unlinked]
