"""The report in a real browser: headless Chromium driven by Playwright's Python package.

The system Chromium (Debian's ``chromium``) is used, never a downloaded one. Without it (or
without Playwright) these tests skip, except under ``CI=true`` where ``.ci/run`` installs it
and a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import hostile
from tests.e2e.reports import SEEDS, cli, store

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[f for f in FLAGS if f != "--headless"],
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


class Watched:
    """A page with every console error, page error and dialog it raised."""

    def __init__(self, context: Any, path: Path) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = context.new_page()
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in {"error", "warning"}
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def test_the_seeds_report_renders_lanes_markers_quotes_and_state_without_errors(
    browser: Any, tmp_path: Path
) -> None:
    options = store(tmp_path, SEEDS)
    path = tmp_path / "korus.html"
    cli("report", "korus", "-o", path, *options)
    watched = Watched(browser, path)
    page = watched.page
    lanes = page.eval_on_selector_all(".party-lane", "els => els.map(e => e.dataset.party)")
    assert {"KR", "US"} <= set(lanes)
    markers = page.locator(".marker")
    assert markers.count() > 10 and markers.first.is_visible()
    assert page.locator("article.event blockquote").count() >= markers.count() // 2
    assert page.locator("#state .status-value").inner_text() == "stalled"
    events = page.locator("article.event").count()
    assert page.locator("#shown-count").inner_text() == f"{events} event(s) shown"  # script ran
    box = page.locator(".party-lane").first.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 20

    page.locator("input[name=type][value=position_stated]").uncheck()
    hidden = page.locator("article.event[data-type=position_stated]")
    assert hidden.count() > 0 and not hidden.first.is_visible()
    assert not page.locator(".marker[data-type=position_stated]").first.is_visible()
    page.locator("input[name=party][value=KR]").uncheck()
    assert not page.locator(".party-lane[data-party=KR]").is_visible()

    shot = tmp_path / "report.png"
    page.locator("input[name=type][value=position_stated]").check()
    page.locator("input[name=party][value=KR]").check()
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("TIMELINE_REPORT_SCREENSHOT"):  # refreshes docs/report.png on demand
        shutil.copy(shot, os.environ["TIMELINE_REPORT_SCREENSHOT"])
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert watched.problems == [] and watched.dialogs == []
    assert all(url.startswith("file://") for url in watched.requests)


def test_a_rejected_event_is_struck_out_and_a_confirmed_one_marked_in_the_browser(
    browser: Any, tmp_path: Path
) -> None:
    options = store(tmp_path, SEEDS)
    listed = json.loads(cli("review", "ap-2017-08-22-korea-says-no", "--json", *options))
    by_type = {e["type"]: e["event_id"] for e in listed["events"]}
    reason = "a refusal to meet <script>alert('x')</script>"
    cli("reject", by_type["meeting_held"], "--reason", reason, "--analyst", "ana", *options)
    cli("confirm", by_type["joint_study_proposed"], "--analyst", "kim", *options)
    path = tmp_path / "judged.html"
    cli("report", "korus", "-o", path, *options)
    watched = Watched(browser, path)
    page = watched.page
    struck = page.locator("article.event.rejected")
    assert struck.count() == 1 and struck.first.is_visible()
    assert struck.first.get_attribute("data-type") == "meeting_held"
    style = struck.locator(".subject").evaluate("e => getComputedStyle(e).textDecorationLine")
    assert style == "line-through"
    assert float(struck.first.evaluate("e => getComputedStyle(e).opacity")) < 1
    note = struck.locator(".rejected-note").inner_text()
    assert "Rejected by ana on " in note and reason in note and "UTC" in note
    assert page.locator(".marker.rejected").count() >= 1
    confirmed = page.locator("article.event.confirmed")
    assert confirmed.count() == 1 and "Confirmed by kim" in confirmed.inner_text()
    panel = page.locator("#state .judgements").inner_text()
    assert "rejected by ana" in panel and "confirmed by kim" in panel
    shown = page.locator("article.event").count()
    assert page.locator("#shown-count").inner_text() == f"{shown} event(s) shown"
    assert watched.problems == [] and watched.dialogs == []


def test_a_hostile_report_runs_no_injected_script(browser: Any, tmp_path: Path) -> None:
    article, catalog = hostile.write_hostile(tmp_path / "in")
    options = store(tmp_path, article, catalog=catalog)
    hostile.judge_hostile(options, cli)
    path = tmp_path / "hostile.html"
    cli("report", hostile.NEGOTIATION, "-o", path, *options)
    watched = Watched(browser, path)
    page = watched.page
    for link in page.locator("a").all():
        anchor = link.get_attribute("href") or ""
        assert anchor.startswith(("#", "http://", "https://")), anchor
        link.click(no_wait_after=True, timeout=2000, force=True)
    text = page.locator("body").inner_text()
    assert hostile.QUOTE_MARKUP in text and "<img src=x onerror=alert(4)>" in text
    for judged in (hostile.REASON, hostile.ANALYST, hostile.CONFIRMATION):
        assert judged in text, judged
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("document.scripts.length") == 1
    assert watched.dialogs == [], watched.dialogs
    assert watched.problems == [], watched.problems
    assert all(url.startswith("file://") for url in watched.requests), watched.requests
