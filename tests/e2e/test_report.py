"""`timeline report`: one self-contained HTML page, with every stored text escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import hostile
from tests.e2e.reports import SEEDS, Page, cli, store
from timeline.report.axis import Axis, day_span, packed_rows
from timeline.report.html import safe_link

AP, GULF = "ap-2017-08-22-korea-says-no", "gulfnews-1.2078485"


@pytest.fixture(scope="module")
def seeds_options(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return store(tmp_path_factory.mktemp("seeds"), SEEDS)


def report(options: list[str], folder: Path, negotiation: str, *extra: str) -> str:
    out = folder / "report.html"
    cli("report", negotiation, "-o", out, *options, *extra)
    return out.read_text(encoding="utf-8")


def test_the_seeds_report_has_a_lane_per_party_markers_quotes_and_the_state(
    seeds_options: list[str], tmp_path: Path
) -> None:
    page = Page.read(report(seeds_options, tmp_path, "korus"))
    lanes = [a["data-party"] for a in page.classed("div", "party-lane")]
    assert {"KR", "US"} <= set(lanes)
    events = page.classed("article", "event")
    assert len(events) > 10
    markers = page.classed("a", "marker")
    assert {m["href"] for m in markers} == {f"#{e['id']}" for e in events}
    assert page.all("blockquote") and "ap-2017-08-22-korea-says-no" in page.plain
    assert "stalled" in page.plain and "S5" in page.plain
    assert page.classed("a", "bar"), "proposals are drawn"
    assert page.classed("span", "asof") and page.classed("span", "meeting")
    assert "disputed figure" in page.plain  # the 2016 goods deficit
    types = {a["value"] for a in page.all("input", name="type")}
    assert {"proposal_made", "proposal_rejected", "meeting_held"} <= types
    assert {a["value"] for a in page.all("input", name="party")} >= {"KR", "US"}


def test_the_report_is_self_contained(seeds_options: list[str], tmp_path: Path) -> None:
    html = report(seeds_options, tmp_path, "korus")
    page = Page.read(html)
    assert not page.all("link") and not page.all("img") and not page.all("iframe")
    for _, attributes in page.elements:
        assert "src" not in attributes
        href = attributes.get("href")
        assert href is None or href.startswith(("#", "https://", "http://"))
    assert len(page.scripts) == 1
    csp = page.all("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "@media print" in html


def test_as_of_and_known_at_narrow_the_report(seeds_options: list[str], tmp_path: Path) -> None:
    everything = Page.read(report(seeds_options, tmp_path, "korus"))
    before = Page.read(report(seeds_options, tmp_path, "KORUS", "--as-of", "2017-08-21"))
    first = Page.read(report(seeds_options, tmp_path, "korus", "--known-at", "2"))
    count = len(everything.classed("article", "event"))
    assert 0 < len(before.classed("article", "event")) < count
    assert len(first.classed("article", "event")) < count
    assert "as of 2017-08-21" in before.plain


def _review(options: list[str], article_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(cli("review", article_id, "--json", *options))[
        "events"
    ]
    return events


def test_an_analysts_rejection_is_struck_out_with_who_when_and_why_and_counted_nowhere(
    tmp_path: Path,
) -> None:
    options = store(tmp_path, SEEDS)
    before = Page.read(report(options, tmp_path, "korus"))
    counted = len(before.classed("article", "event"))
    assert len(before.classed("li", "status-rejected")) == 1  # the US proposal, in the state
    answers = [
        e["event_id"]
        for article_id in (AP, GULF)
        for e in _review(options, article_id)
        if e["type"] == "proposal_rejected"
    ]
    assert len(answers) == 2
    for event_id in answers:
        cli(
            "reject",
            event_id,
            "--reason",
            "a refusal to talk, not an answer",
            "--analyst",
            "ana",
            *options,
        )
    [study] = [e["event_id"] for e in _review(options, AP) if e["type"] == "joint_study_proposed"]
    cli("confirm", study, "--reason", "the ministry says so too", "--analyst", "kim", *options)

    page = Page.read(report(options, tmp_path, "korus"))
    struck = page.classed("article", "rejected")
    assert {a["data-type"] for a in struck} == {"proposal_rejected"}
    assert len(page.classed("article", "event")) == counted + 1  # two reports, one event
    assert f"{counted - 1} event(s) and 2 rejected by an analyst" in page.plain
    assert "Rejected by ana on " in page.plain and "a refusal to talk, not an answer" in page.plain
    assert not page.classed("li", "status-rejected"), "the state panel no longer counts it"
    assert (
        len(page.classed("a", "rejected")) >= 2 and len(page.classed("li", "verdict-rejected")) == 2
    )
    [confirmed] = page.classed("article", "confirmed")
    assert confirmed["data-type"] == "joint_study_proposed"
    assert "Confirmed by kim on " in page.plain and "the ministry says so too" in page.plain
    assert page.classed("span", "confirmed-by") and page.classed("li", "verdict-confirmed")


def test_hostile_ids_outlets_titles_and_quotes_are_text_and_nothing_runs(
    tmp_path: Path,
) -> None:
    article, catalog = hostile.write_hostile(tmp_path / "in")
    options = store(tmp_path, article, catalog=catalog)
    hostile.judge_hostile(options, cli)
    html = report(options, tmp_path, hostile.NEGOTIATION)
    page = Page.read(html)
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert len(page.all("script")) == 1
    assert page.classed("article", "rejected") and page.classed("article", "confirmed")
    for text in (hostile.REASON, hostile.ANALYST, hostile.CONFIRMATION):
        assert text in page.plain, text
    for tag, attributes in page.elements:
        assert tag not in {"img", "iframe", "object", "embed", "svg", "b"}, tag
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
    for payload in (*hostile.PAYLOADS, hostile.NEGOTIATION_NAME):
        assert payload in page.plain or any(
            payload in (v or "") for _, a in page.elements for v in a.values()
        ), payload
    assert hostile.URL not in html  # the javascript: link is dropped, not escaped into an href
    assert not re.search(r"<script>alert", html)


def test_only_http_links_are_kept() -> None:
    assert safe_link("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_link("HTTP://example.com") == "HTTP://example.com"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>",
        "//example.com",
        "https://exa mple.com",
        'https://example.com/"onmouseover=alert(1)',
        "vbscript:x",
        None,
        "",
    ):
        assert safe_link(bad) is None, bad


def test_the_axis_orders_days_and_compresses_long_gaps() -> None:
    from datetime import date

    axis = Axis.over([date(2012, 3, 15), date(2017, 8, 21), date(2017, 8, 22)])
    early, monday, tuesday = (axis.x(d) for d in axis.days)
    assert early < monday < tuesday
    assert tuesday - monday > (monday - early) / 10  # one day apart stays visible
    assert axis.x(date(2010, 1, 1)) == early and axis.x(date(2030, 1, 1)) == tuesday


@pytest.mark.parametrize(
    ("spans", "rows"),
    [
        ([], []),
        ([(10, 5)], [0]),
        ([(10, 5), (20, 5), (30, 5)], [0, 0, 0]),  # apart: one row
        ([(10, 30), (20, 5), (30, 5)], [0, 1, 1]),  # inside a long one: below it, together
        ([(30, 5), (10, 30), (20, 5)], [1, 0, 1]),  # the same, given in another order
        ([(90, 1.2)] * 3, [0, 1, 2]),  # one crowded day: a row each
        ([(10, 5), (15, 5)], [0, 1]),  # touching is too close with a gap
    ],
)
def test_proposal_bars_are_packed_into_rows_where_none_overlaps(
    spans: list[tuple[float, float]], rows: list[int]
) -> None:
    assert packed_rows(spans, gap=0.5) == rows


CROWDED_DAY = [
    ("US", "KR", "seeks substantial improvements in the agreement", "President Trump is committed"),
    ("US", "KR", "asks for a full implementation", "ensure that the deal is fully implemented"),
    (
        "KR",
        "US",
        "asks that the deal's effects be studied",
        "investigation, analysis and evaluation",
    ),
    ("US", "KR", "seeks a smaller trade deficit", "as part of its broader efforts"),
]
"""Proposals an analyst records for one day, each quoting a seed sentence (our own subjects)."""


def test_the_bars_of_a_crowded_lane_never_overlap(tmp_path: Path) -> None:
    options = store(tmp_path, SEEDS)
    missed = tmp_path / "missed.jsonl"
    lines = [
        {
            "type": "proposal_made",
            "negotiation": "korus",
            "actor": actor,
            "target": target,
            "subject": subject,
            "occurred": "2017-08-22",
            "evidence": [{"article": AP, "quote": quote}],
        }
        for actor, target, subject, quote in CROWDED_DAY
    ]
    missed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    cli("record", missed, *options)
    page = Page.read(report(options, tmp_path, "korus"))
    lanes: list[list[tuple[float, float, float]]] = []
    for tag, attributes in page.elements:
        classes = (attributes.get("class") or "").split()
        if tag == "div" and "party-lane" in classes:
            lanes.append([])
        elif tag == "a" and "bar" in classes:
            style = dict(
                (name.strip(), float(value.strip().rstrip("%px")))
                for name, value in (
                    part.split(":") for part in (attributes["style"] or "").split(";") if part
                )
            )
            lanes[-1].append((style["top"], style["left"], style["left"] + style["width"]))
    crowded = max(lanes, key=len)
    assert len(crowded) >= 3 and len({top for top, _, _ in crowded}) >= 2
    for bars in lanes:
        for i, (top, left, right) in enumerate(bars):
            for other_top, other_left, other_right in bars[i + 1 :]:
                if top == other_top:
                    assert right <= other_left or other_right <= left, (bars[i], other_left)


def test_dates_are_read_from_typed_values_or_iso_text_only() -> None:
    from datetime import date

    from timeline.domain.values import WorldDate

    assert day_span("2017-08") == (date(2017, 8, 1), date(2017, 8, 31))
    assert day_span(WorldDate(year=2016)) == (date(2016, 1, 1), date(2016, 12, 31))
    assert day_span(date(2017, 8, 22)) == (date(2017, 8, 22), date(2017, 8, 22))
    for not_a_date in ("unknown", "none scheduled", None, 3.5, "2017-13"):
        assert day_span(not_a_date) is None


NEXT_ROUND = """\
---
id: own-next-round
outlet: Test Wire
published: 2017-09-05
url: https://example.com/next-round
---
Negotiators from the United States and South Korea met in Seoul on Monday to discuss the KORUS FTA.

The two sides agreed to hold the next round of talks in Washington on Sept. 28, officials said.
"""


def test_a_scheduled_round_is_drawn_as_the_next_meeting_with_its_link(tmp_path: Path) -> None:
    article = tmp_path / "next-round.md"
    article.write_text(NEXT_ROUND, encoding="utf-8")
    options = store(tmp_path, SEEDS, article)
    page = Page.read(report(options, tmp_path, "korus"))
    upcoming = [a for a in page.classed("span", "next") if "meeting" in (a["class"] or "")]
    upcoming = [a for a in upcoming if "meet-key" not in (a["class"] or "")]
    assert len(upcoming) == 1 and "2017-09-28" in (upcoming[0]["title"] or "")
    assert len(page.classed("span", "meeting")) >= 3  # two held, and the next one
    assert page.all("a", href="https://example.com/next-round")


def test_a_negotiation_with_no_events_still_gets_a_page(
    seeds_options: list[str], tmp_path: Path
) -> None:
    page = Page.read(report(seeds_options, tmp_path, "nafta"))
    assert not page.classed("a", "marker") and not page.classed("article", "event")
    assert "unknown" in page.plain and "0 event(s)" in page.plain


def test_ranges_and_disputed_dates_are_read_from_the_state_models() -> None:
    from datetime import date
    from types import SimpleNamespace

    from timeline.domain.views import DateRange
    from timeline.report.html import _date_disputes, _shown

    day = date(2018, 2, 21)
    assert _shown(DateRange(earliest=day, latest=day)) == "2018-02-21 at the earliest"
    assert _shown(DateRange(earliest=date(2018, 2, 1), latest=date(2018, 2, 28))) == (
        "between 2018-02-01 and 2018-02-28 at the earliest"
    )
    assert _shown(None) == "unknown" and _shown(27.60) == "27.6" and _shown(False) == "no"
    source = SimpleNamespace(article_id="a", event_id=1)
    dated = [SimpleNamespace(date="2012-03-15", sources=(source,))]
    state = SimpleNamespace(
        agreement=SimpleNamespace(disputes=[SimpleNamespace(field="in_force_since", dates=dated)])
    )
    assert _date_disputes(state) == [("in_force_since", [("2012-03-15", [source])])]  # type: ignore[arg-type]
    assert _date_disputes(SimpleNamespace(agreement=SimpleNamespace())) == []  # type: ignore[arg-type]
