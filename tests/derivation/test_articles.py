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


# -- strict front matter: wrong types, trailing garbage, duplicated keys, id rules ---------
@pytest.mark.parametrize(
    ("front_matter", "line", "problem"),
    [
        ("id: [1, 2]\npublished: 2017-08-22", 2, "'id' must be text, not list ([1, 2])"),
        ("id: true\npublished: 2017-08-22", 2, "'id' must be text, not true/false"),
        ("id: 0123\npublished: 2017-08-22", 2, "'id' must be text, not a number (83)"),
        ("id: a1\npublished: 2017-08-22\ntitle: yes", 4, "'title' must be text"),
        ("id: a1\npublished: 2017-08-22\noutlet: {a: 1}", 4, "'outlet' must be text"),
        ("id: a1\npublished: 2017-08-22\nnegotiation: [korus]", 4, "'negotiation' must be"),
        ("id: a1\npublished: '2017-08-22garbage'", 3, "not a date like 2017-08-22"),
        ("id: a1\npublished: '2017-08-22 garbage'", 3, "not a date like 2017-08-22"),
        ("id: a1\npublished: true", 3, "not a date like 2017-08-22"),
        ("id: a1\npublished: 2017.5", 3, "not a date like 2017-08-22"),
        ("id: a1\npublished: 2017-08-22\npublished: 2018-01-01", 4, "key 'published' twice"),
        ("id: a1\nid: a2\npublished: 2017-08-22", 3, "found the key 'id' twice"),
        (f"id: {'x' * 161}\npublished: 2017-08-22", 2, "161 characters long; the limit is 160"),
        ('id: "a\\0b"\npublished: 2017-08-22', 2, "U+0000, a control character"),
        ('id: "a\\x1b[31mb"\npublished: 2017-08-22', 2, "U+001B, a control character"),
        ('id: "a\\nb"\npublished: 2017-08-22', 2, "U+000A, a control character"),
        ('id: a1\npublished: 2017-08-22\nnegotiation: "k\\0"', 4, "'negotiation' holds U+0000"),
        ('id: "x\\u2028y"\npublished: 2017-08-22', 2, "U+2028, a line separator"),
    ],
)
def test_front_matter_of_the_wrong_type_or_shape_is_refused_naming_file_and_line(
    front_matter: str, line: int, problem: str
) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(f"---\n{front_matter}\n---\nText.\n", "strict.md")

    assert problem in caught.value.problem
    assert caught.value.line == line
    assert str(caught.value).startswith(f"strict.md:{line}: ")
    assert "\n" not in str(caught.value)  # one line, even for YAML's own errors


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("'2017-08-22T10:30:00+09:00'", date(2017, 8, 22)),
        ("'2017-08-22 10:30'", date(2017, 8, 22)),
        ("2017-08-22 10:30:00", date(2017, 8, 22)),
    ],
)
def test_a_timestamp_is_still_a_day(published: str, day: date) -> None:
    article = parse_article(f"---\nid: a1\npublished: {published}\n---\nText.\n", "f.md")
    assert (article.published, article.published_precision) == (day, "day")


def test_an_id_at_the_limit_with_markup_and_unicode_is_kept_as_written() -> None:
    article_id = "[/red]<b>Ünïcode-" + "x" * (160 - 17)
    article = parse_article(f'---\nid: "{article_id}"\npublished: 2017\n---\nText.\n', "f.md")
    assert article.id == article_id and len(article.id) == 160
