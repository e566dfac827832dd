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

from timeline.domain.consolidation import FactGroup, ReportSources, sources_of, to_fact
from timeline.domain.fold import AppliedFact, ArticleInfo, Quote, Report
from timeline.domain.render import position_view


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


def test_a_groups_view_is_made_once_and_never_for_a_changed_article() -> None:
    """Views remembered with the sources: the same reports and merge notes give the view
    made before; other notes, a changed article or a report filed after the snapshot give
    a view made afresh, equal to the one rendering makes without a memo."""
    articles = {"a-1": _info("a-1", "Reuters")}
    members = [_fact(3, "a-1"), _fact(4, "a-1")]
    memo = ReportSources(upto=10)
    view = memo.viewer(articles, memo.bind(articles))
    first = view(to_fact, FactGroup(list(members), {"a-1"}, ["same subject"]))
    assert first == to_fact(FactGroup(list(members), {"a-1"}, ["same subject"]), articles)
    again = memo.viewer(articles, memo.bind(dict(articles)))
    assert again(to_fact, FactGroup(list(members), {"a-1"}, ["same subject"])) is first
    other_notes = again(to_fact, FactGroup(list(members), {"a-1"}, ["same quote"]))
    assert other_notes.merge_rules == ("same quote",)
    assert again(position_view, FactGroup(list(members), {"a-1"}, [])) is not first
    changed = {"a-1": replace(articles["a-1"], outlet="Reuters Canada")}
    fresh = memo.viewer(changed, memo.bind(changed))
    made = fresh(to_fact, FactGroup(list(members), {"a-1"}, ["same subject"]))
    assert made.sources[0].outlet == "Reuters Canada"
    later = [*members, _fact(11, "a-1")]
    assert fresh(to_fact, FactGroup(later, {"a-1"}, [])) is not fresh(
        to_fact, FactGroup(later, {"a-1"}, [])
    )


def test_a_single_report_is_remembered_by_its_identity_up_to_the_snapshot() -> None:
    """Most groups hold one report (no merge notes): their sources and views are keyed by
    its identity alone, kept when it was filed up to the snapshot, made afresh after it;
    a group of that report and another is remembered on its own."""
    articles = {"a-1": _info("a-1", "Reuters")}
    kept, later = _fact(3, "a-1"), _fact(11, "a-1")
    memo = ReportSources(upto=10)
    sources = memo.bind(articles)
    view = memo.viewer(articles, sources)
    first = sources([kept])
    assert first == sources_of([kept], articles)
    assert sources([kept]) is first
    assert sources([later]) == sources_of([later], articles)
    assert sources([later]) is not sources([later])
    both = sources([kept, _fact(4, "a-1")])
    assert both == sources_of([kept, _fact(4, "a-1")], articles) and both is not first
    made = view(position_view, FactGroup([kept], {"a-1"}, []))
    assert made == position_view(FactGroup([kept], {"a-1"}, []), articles)
    assert view(position_view, FactGroup([kept], {"a-1"}, [])) is made
    assert view(to_fact, FactGroup([kept], {"a-1"}, [])) == to_fact(
        FactGroup([kept], {"a-1"}, []), articles
    )
    assert view(position_view, FactGroup([later], {"a-1"}, [])) is not view(
        position_view, FactGroup([later], {"a-1"}, [])
    )


class _SmallMemo(ReportSources):
    FLOOR = 4


def test_folds_as_of_many_dates_keep_a_bounded_memo() -> None:
    """Each date's fold gives groups of other compositions: the memo holds at most GROWTH
    times what the first fold filled it with (here 10 groups), and stays exact when it
    starts again."""
    articles = {"a-1": _info("a-1", "Reuters")}
    facts = [_fact(position, "a-1") for position in range(1, 501)]
    memo = _SmallMemo(upto=1000)
    sources = memo.bind(articles)
    view = memo.viewer(articles, sources)
    for fact in facts[:10]:  # the first fold
        sources([fact])
        view(to_fact, FactGroup([fact], {"a-1"}, []))
    limit = _SmallMemo.GROWTH * 10
    for fact in facts[10:]:  # a fold per later date, with groups of other reports
        sources = memo.bind(articles)
        view = memo.viewer(articles, sources)
        assert sources([fact]) == sources_of([fact], articles)
        assert view(to_fact, FactGroup([fact], {"a-1"}, [])) == to_fact(
            FactGroup([fact], {"a-1"}, []), articles
        )
        assert len(memo._kept) <= limit and len(memo._views) <= limit
