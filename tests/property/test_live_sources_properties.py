"""The live render's memo of sources (:class:`timeline.incremental._FactSources`) gives what
:func:`~timeline.domain.consolidation.sources_of` gives for any list of reports, asked in
any order: lists that grow at the end (a report joining a group, the latest filed or not),
lists that lose reports or are reordered (a rewind, a regrouping), lists sharing their first
report, and after the articles changed (``clear``); and what it reads of those lists (their
summary and count of origins) is what the full functions give."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.domain.consolidation import independent_count, sources_of
from timeline.domain.fold import AppliedFact, ArticleInfo, Quote, Report
from timeline.incremental import _FactSources, source_summary

ARTICLES = ("a-1", "a-2", "a-3")


def _facts(count: int) -> list[AppliedFact]:
    out = []
    for position in range(1, count + 1):
        article = ARTICLES[position % len(ARTICLES)]
        report = Report(
            "position_stated", ("US",), None, "steel", None, date(2018, 1, 1), "positive",
            "asserted", (Quote(article, position, position + 5, f"quote {position}"),), "r.1",
        )  # fmt: skip
        recorded = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=position)
        out.append(AppliedFact(position, UUID(int=position), recorded, report))
    return out


def _info(article: str, outlet: str) -> ArticleInfo:
    return ArticleInfo.make(
        article_id=article, published=date(2018, 1, 1), outlet=outlet, wire=None,
        negotiation="n", negotiations=("n",), sha256=None,
    )  # fmt: skip


FACTS = _facts(8)
# each call: the indexes of the reports asked about, in the order given; or None: the
# articles changed (an outlet renamed, and the memo cleared)
CALLS = st.lists(
    st.one_of(
        st.lists(st.integers(0, len(FACTS) - 1), max_size=6, unique=True),
        st.lists(st.integers(0, len(FACTS) - 1), max_size=6, unique=True).map(sorted),
        st.none(),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(calls=CALLS, grow=st.booleans())
def test_the_memo_of_sources_gives_the_sources_of_the_reports_asked_about(
    calls: list[list[int] | None], grow: bool
) -> None:
    articles = {article: _info(article, f"Outlet {article}") for article in ARTICLES}
    memo = _FactSources(articles)
    group: list[AppliedFact] = []
    for number, call in enumerate(calls):
        if call is None:
            articles["a-1"] = _info("a-1", f"Outlet {number}")
            memo.clear()
            continue
        members = [FACTS[i] for i in call]
        if grow:  # one list growing at the end, as a group's members do
            group.extend(m for m in members if m not in group)
            members = group
        sources = memo(members)
        assert sources == sources_of(members, articles)
        # what it read of the lists it made (their articles and origins, grown with them)
        assert memo.summary(sources) == source_summary(sources)
        assert memo.independent(sources) == independent_count(sources)


def test_the_same_reports_asked_again_give_the_same_list_and_one_more_a_new_one() -> None:
    """A group asked about again without a report joining it gets the very list it got
    (views built from it then hold the same object as before, which the live render
    compares by identity); one report more, a list with its sources after the others."""
    articles = {article: _info(article, f"Outlet {article}") for article in ARTICLES}
    memo = _FactSources(articles)
    group = FACTS[:3]
    first = memo(group)
    assert memo(list(group)) is first
    grown = memo([*group, FACTS[3]])
    assert grown is not first and grown == sources_of([*group, FACTS[3]], articles)
    assert grown[: len(first)] == first
    assert memo([*group, FACTS[3]]) is grown
    assert memo.summary(grown) == source_summary(grown)
