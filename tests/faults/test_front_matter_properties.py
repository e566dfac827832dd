"""Front matter as a careless or hostile writer makes it: never a crash, only clear errors.

Hypothesis writes front matter from keys the articles use (and others), with values of every
YAML type: text with any unicode (control characters, surrogate-free), numbers huge and
not-a-number, booleans, lists, mappings, dates and timestamps at the calendar's edges,
date-like text with trailing garbage, ids of every length, and keys given twice. Reading
such an article either gives an article or an ArticleError of one line naming the file;
ingesting it either stores it or reports that error for the file, and never raises.

``TIMELINE_FRONT_MATTER_EXAMPLES`` (default 150 read, a quarter of that ingested) sets
another count.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.faults.stores import trials
from timeline import ArticleError, Timeline
from timeline.derivation.articles import parse_article
from timeline.domain.values import id_problem

EXAMPLES = trials("TIMELINE_FRONT_MATTER_EXAMPLES", 150)
INGESTED = max(1, EXAMPLES // 4)

BODY = (
    "Negotiators from South Korea and the United States met in Seoul on Monday and said "
    "talks would resume next week. The agreement was signed last year and took effect in "
    "March.\n"
)
PRECISIONS = {"day", "month", "year"}
KEYS = ["id", "published", "outlet", "title", "url", "wire", "negotiation", "dateline"]

CALENDAR_EDGES = [date(1, 1, 1), date(9999, 12, 31)]
"""Where date arithmetic leaves the calendar ("last year" in year 1, "next week" in 9999)."""

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def value_strategy(dates: st.SearchStrategy[date]) -> st.SearchStrategy[Any]:
    """Any YAML value, with dates drawn from ``dates``."""
    return st.one_of(
        text,
        st.text(st.characters(codec="ascii"), min_size=150, max_size=400),  # long ids
        st.integers(),
        st.integers(min_value=10**30, max_value=10**60),
        st.floats(),
        st.booleans(),
        st.none(),
        dates,
        st.builds(datetime.combine, dates, st.times()),
        st.from_regex(r"\d{1,5}(-\d{1,2}(-\d{1,2})?)?[ -~]{0,6}", fullmatch=True),
        st.lists(st.integers() | text, max_size=3),
        st.dictionaries(text, st.integers(), max_size=2),
    )


def front_matter(pairs: list[tuple[Any, Any]]) -> str:
    """The pairs as YAML lines, in order; a key may come twice."""
    return "".join(
        yaml.safe_dump({key: value}, allow_unicode=True, width=10**6) for key, value in pairs
    )


def article_strategy(dates: st.SearchStrategy[date]) -> st.SearchStrategy[str]:
    """Front matter: an id and a published date (each often of a wrong type), then any keys."""
    values = value_strategy(dates)
    ids = st.one_of(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), values)
    return st.builds(
        lambda article_id, published, rest: front_matter(
            [("id", article_id), ("published", published), *rest]
        ),
        ids,
        st.one_of(dates, values),
        st.lists(st.tuples(st.sampled_from(KEYS) | text, values), max_size=9),
    )


any_dates = st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(2000, 2, 29)]))


def raw_article(matter: str) -> str:
    return f"---\n{matter}---\n{BODY}"


def check_error(error: str, where: str) -> None:
    """One line naming the file, and no crash in disguise (an error asking to report a bug)."""
    assert error.startswith(f"{where}:"), error
    assert "\n" not in error, error
    assert "a bug" not in error, error


@settings(max_examples=EXAMPLES, deadline=None)
@given(article_strategy(any_dates))
@example("id: a1\npublished: 2017-08-22\npublished: 2017-08-23\n")
@example("id: [1, 2]\npublished: 2017-08-22\n")
@example("id: true\npublished: '2017-08-22garbage'\n")
@example("id: a1\npublished: 0001-01-01\n")
@example("id: a1\npublished: 9999-12-31\n")
@example("id: a1\npublished: .nan\n")
def test_reading_any_front_matter_gives_an_article_or_one_clear_error(matter: str) -> None:
    try:
        article = parse_article(raw_article(matter), "generated.md")
    except ArticleError as error:
        check_error(str(error), "generated.md")
        return
    assert article.text == BODY
    assert id_problem(article.id) is None
    assert article.negotiation is None or id_problem(article.negotiation) is None
    assert type(article.published) is date and article.published_precision in PRECISIONS
    for value in (article.outlet, article.title, article.url, article.wire):
        assert value is None or (isinstance(value, str) and value == value.strip() != "")


def _ingested_or_one_clear_error(timeline: Timeline, path: Path, matter: str) -> None:
    # A text of its own: the same text under two ids is a wire copy, tested elsewhere.
    path.write_text(raw_article(matter) + f"\nFile {path.name}.\n", encoding="utf-8")
    (outcome,) = timeline.ingest([path]).outcomes
    if outcome.status == "error":
        check_error(outcome.error or "", str(path))
    else:
        assert outcome.status in {"ingested", "unchanged"}


def test_ingesting_any_front_matter_stores_it_or_reports_one_clear_error(tmp_path: Path) -> None:
    timeline = Timeline.in_memory()
    written = iter(range(10**9))

    @settings(max_examples=INGESTED, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(article_strategy(any_dates))
    def check(matter: str) -> None:
        _ingested_or_one_clear_error(timeline, tmp_path / f"a{next(written)}.md", matter)

    with timeline:
        check()


@pytest.mark.parametrize(
    "published", [*CALENDAR_EDGES, "0001-01", "9999-12", "9999", "0001"], ids=str
)
def test_ingesting_a_date_at_the_calendars_edge_is_stored_or_one_clear_error(
    tmp_path: Path, published: object
) -> None:
    with Timeline.in_memory() as timeline:
        matter = f"id: edge\npublished: {published}\n"
        _ingested_or_one_clear_error(timeline, tmp_path / "edge.md", matter)
