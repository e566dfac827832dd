"""Every article is derived in bounded work, at any date the calendar holds (issue 12, item 4).

Linearity is checked by counting the function calls a derivation makes (Python and C calls,
as ``sys.setprofile`` sees them), never by wall time: the count is the same on any machine.
Before the fix, lookups of every mention per trigger, a copy of the whole text per ambiguous
alias and a whole-doc check per sentence break made a four times longer article cost about
five times the calls (and 900 KB took minutes); now it costs at most four times plus a little.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from tests.derivation.long_articles import long_article
from timeline.derivation.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    check_size,
    parse_article,
    read_article,
)
from timeline.derivation.catalog import Catalog
from timeline.derivation.extractor import derive
from timeline.errors import ArticleError

SMALL = 4_000
LARGE = 4 * SMALL
SLACK = 4.3
"""Calls for a four times longer article, over the calls for the shorter one: linear work
gives a little under 4 (set-up is paid once); the quadratic lookups gave 4.8 here."""


def calls_to_derive(article: Article, catalog: Catalog) -> int:
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        derive(article, catalog)
    finally:
        sys.setprofile(None)
    return count


def test_deriving_a_four_times_longer_article_makes_at_most_about_four_times_the_calls(
    catalog: Catalog,
) -> None:
    derive(long_article(1_000, seed=2), catalog)  # pipeline and rules loaded outside the count
    small = calls_to_derive(long_article(SMALL), catalog)
    large = calls_to_derive(long_article(LARGE), catalog)
    assert large <= SLACK * small, f"{large} calls for {LARGE} chars vs {small} for {SMALL}"


def test_the_synthetic_articles_fire_the_rules_throughout(catalog: Catalog) -> None:
    """The linearity check means something only if long articles keep deriving events."""
    small = derive(long_article(SMALL), catalog)
    large = derive(long_article(LARGE), catalog)
    assert len(small) >= 10
    assert len(large) >= 2 * len(small)
    text = long_article(LARGE).text
    assert max(e.event.evidence[0].start for e in large) > len(text) * 3 // 4


BODY = """\
South Korea rejected on Monday a US proposal to amend the trade deal, officials said yesterday.
The next round of talks is scheduled for next Monday in Seoul; the two sides meet again tomorrow.
Negotiators met two weeks ago and again last month, and a day later the talks stalled.
They plan to meet again in three months. The deal took effect on Jan. 5 and the sides will meet
on Dec. 30. Exports rose 5 percent last year and may rise next year.
A week later, the ministers met in Geneva. The following week they signed the agreement.
The pact was signed in December and takes effect in January. A year ago, the US proposed a
joint study, and ten years ago they first met. Talks resume next week.
"""

EDGES = [
    "0001-01-01", "0001-01-02", "0001-01-07", "0001-01", "0001-02",
    "9999-12-31", "9999-12-27", "9999-12", "9999", "0002",
]  # fmt: skip


@pytest.mark.parametrize("published", EDGES)
def test_dates_at_the_calendars_edges_never_raise(published: str, catalog: Catalog) -> None:
    """ "Last year" in year 1 and "next Monday" on 9999-12-31 name no date; the rest stays."""
    article = parse_article(f"---\nid: edge\npublished: '{published}'\n---\n{BODY}", "edge.md")
    events = derive(article, catalog)
    assert any(e.type == "proposal_rejected" for e in events)
    for new in events:
        occurred = getattr(new.event, "occurred", None)
        if occurred is not None:
            assert 1 <= occurred.year <= 9999
            occurred.first_day(), occurred.last_day()


def _write_large(path: Path, size: int) -> Path:
    head = "---\nid: huge\npublished: 2019-03-04\n---\n"
    path.write_text(head + "x" * (size - len(head)), encoding="utf-8")
    return path


def test_a_file_over_the_size_limit_is_refused_naming_it_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = _write_large(tmp_path / "huge.md", MAX_ARTICLE_BYTES + 1)
    read: list[Path] = []
    original: Callable[[Path], bytes] = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    with pytest.raises(ArticleError, match="over the limit of 2,000,000 bytes") as raised:
        read_article(huge)
    assert raised.value.path == str(huge)
    assert read == []


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    article = read_article(_write_large(tmp_path / "big.md", MAX_ARTICLE_BYTES))
    assert len(article.text.encode()) < MAX_ARTICLE_BYTES


def test_the_limit_counts_bytes_not_characters() -> None:
    text = "é" * (MAX_ARTICLE_BYTES // 2 + 1)  # fewer characters than the limit, more bytes
    article = Article(id="wide", published="2019-03-04", text=text, sha256="0" * 64)
    with pytest.raises(ArticleError, match=r"wide\.md: the article is 2,000,002 bytes"):
        check_size(article, "wide.md")
    with pytest.raises(ArticleError, match="over the limit"):
        parse_article(f"---\nid: wide\npublished: 2019-03-04\n---\n{text}", "wide.md")


def test_python_m_timeline_derivation_reports_an_unexpected_error_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.derivation import __main__ as command

    files = []
    for name in ("broken", "fine"):
        path = tmp_path / f"{name}.md"
        path.write_text(f"---\nid: {name}\npublished: 2019-03-04\n---\n{BODY}", encoding="utf-8")
        files.append(str(path))
    real = command.derive

    def derive_or_fail(article: Article, catalog: Catalog) -> list[object]:
        if article.id == "broken":
            raise KeyError("a bug")
        return list(real(article, catalog))

    monkeypatch.setattr(command, "derive", derive_or_fail)
    assert command.main(files) == 1
    out, err = capsys.readouterr()
    assert "broken.md: deriving it failed unexpectedly (KeyError" in err
    assert "please report it" in err
    assert '"proposal_rejected"' in out
