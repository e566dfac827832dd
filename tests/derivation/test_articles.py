"""Article parsing: front matter, exact body text, hash, and one clear error per bad input."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from timeline.derivation.articles import parse_article, read_article
from timeline.errors import ArticleError

GOOD = (
    "---\nid: a1\npublished: 2017-08-22\noutlet: Test Wire\nwire: AP\n---\nBody line one.\n\nTwo.\n"
)


def test_parses_front_matter_and_keeps_body_exactly() -> None:
    article = parse_article(GOOD, "good.md")
    assert article.id == "a1"
    assert article.published == date(2017, 8, 22)
    assert article.outlet == "Test Wire"
    assert article.wire == "AP"
    assert article.text == "Body line one.\n\nTwo.\n"
    assert article.sha256 == hashlib.sha256(article.text.encode()).hexdigest()
    assert article.source_path == "good.md"


def test_read_article_from_file(tmp_path: Path) -> None:
    path = tmp_path / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    assert read_article(path).id == "a1"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("No front matter here.\n", "no YAML front matter"),
        ("---\nid: [unclosed\npublished: 2017-08-22\n---\nText.\n", "not valid YAML"),
        ("---\nid: a1\n---\nText.\n", "no 'published'"),
        ("---\nid: a1\npublished: next tuesday\n---\nText.\n", "not a date"),
        ("---\npublished: 2017-08-22\n---\nText.\n", "no 'id'"),
        ("---\nid: a1\npublished: 2017-08-22\n---\n   \n\n", "no text"),
        ("---\n- a\n- b\n---\nText.\n", "must be a YAML mapping"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(raw: str, problem: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(raw, "bad-file.md")
    assert caught.value.path == "bad-file.md"
    assert problem in caught.value.problem
    assert "bad-file.md" in str(caught.value)


def test_not_utf8_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("---\nid: a\npublished: 2017-08-22\n---\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert "not UTF-8" in caught.value.problem
    assert str(path) in str(caught.value)
    assert caught.value.line == 5


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError):
        read_article(tmp_path / "absent.md")


def test_unparsable_published_reports_its_line() -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article("---\nid: a1\noutlet: X\npublished: 22/08/2017\n---\nText.\n", "f.md")
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("published", "first_day", "precision", "shown"),
    [
        ("2019-01", date(2019, 1, 1), "month", "2019-01"),
        ("'2019-01'", date(2019, 1, 1), "month", "2019-01"),
        ("2019", date(2019, 1, 1), "year", "2019"),
        ("'2019'", date(2019, 1, 1), "year", "2019"),
        ("2019-01-15", date(2019, 1, 15), "day", "2019-01-15"),
        ("2019-01-15T08:30:00Z", date(2019, 1, 15), "day", "2019-01-15"),
    ],
)
def test_published_may_be_known_to_the_month_or_the_year(
    published: str, first_day: date, precision: str, shown: str
) -> None:
    article = parse_article(f"---\nid: a1\npublished: {published}\n---\nText.\n", "f.md")

    assert (article.published, article.published_precision) == (first_day, precision)
    assert str(article.published_on) == shown


@pytest.mark.parametrize("published", ["2019-13", "2019-00", "19", "January 2019", "2019-1-5"])
def test_a_published_value_that_is_no_day_month_or_year_names_the_file(published: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(f"---\nid: a1\npublished: {published}\n---\nText.\n", "clip.md")

    assert "clip.md" in str(caught.value)
    assert "2017-08" in caught.value.problem  # the message shows the accepted forms
    assert caught.value.line == 3
