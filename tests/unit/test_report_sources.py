"""A fold restored from a snapshot builds the sources of the snapshot's reports once.

:class:`timeline.domain.consolidation.ReportSources` is :func:`sources_of` remembered by
the identity of the reports (kept with a restored snapshot's records, which every fold
from it shares), while the articles' metadata is the same: a report's sources name its
article's outlet and origin, so a changed article is never cited as it was.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID

from timeline.domain.consolidation import ReportSources, sources_of
from timeline.domain.fold import AppliedFact, ArticleInfo, Quote, Report


def _fact(position: int, article_id: str) -> AppliedFact:
    report = Report(
        "meeting_held", None, None, "talks", None, date(2017, 8, 22), "positive", "asserted",
        (Quote(article_id, 0, 8, "they met"),), "r.1",
    )  # fmt: skip
    return AppliedFact(position, UUID(int=position), None, report)  # type: ignore[arg-type]


def _info(article_id: str, outlet: str) -> ArticleInfo:
    return ArticleInfo.make(
        article_id=article_id, published=date(2017, 8, 22), outlet=outlet, wire=None,
        negotiation="n", negotiations=("n",), sha256=None,
    )  # fmt: skip


def test_the_same_reports_give_the_same_sources_built_once() -> None:
    articles = {"a-1": _info("a-1", "Reuters"), "a-2": _info("a-2", "AP")}
    group = [_fact(5, "a-2"), _fact(3, "a-1")]
    memo = ReportSources(upto=10)
    first = memo.bind(articles)(group)
    assert first == sources_of(group, articles)
    assert [s.position for s in first] == [3, 5]
    again = memo.bind(dict(articles))(list(group))  # another fold: equal articles
    assert again is first


def test_a_changed_article_is_cited_as_it_is_now() -> None:
    articles = {"a-1": _info("a-1", "Reuters")}
    group = [_fact(3, "a-1")]
    memo = ReportSources(upto=10)
    assert memo.bind(articles)(group)[0].outlet == "Reuters"
    changed = {"a-1": replace(articles["a-1"], outlet="Reuters Canada")}
    (source,) = memo.bind(changed)(group)
    assert source.outlet == "Reuters Canada"
    assert (source,) == sources_of(group, changed)


def test_reports_filed_after_the_snapshot_are_not_kept() -> None:
    articles = {"a-1": _info("a-1", "Reuters")}
    later = [_fact(3, "a-1"), _fact(11, "a-1")]
    memo = ReportSources(upto=10)
    sources = memo.bind(articles)
    first = sources(later)
    assert first == sources_of(later, articles)
    assert sources(later) is not first  # made afresh: every fold files them anew
