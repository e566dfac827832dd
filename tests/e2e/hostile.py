"""An article and a catalog whose stored text carries terminal markup and HTML/JS payloads.

Every id, outlet, title, url, quote, negotiation name and analyst's judgement (reason and
name) holds Rich markup (``[/red]``, ``[bold]``, ``[link=...]``) and script payloads
(``<script>``, ``onerror=``, ``javascript:``), so a test can prove each is shown as the text
it is, never obeyed. The wording is our own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

ARTICLE_ID = "[/red][link=https://evil.example]x<script>alert(1)</script>"
OUTLET = "[bold]Daily <img src=x onerror=alert(2)>"
TITLE = "<script>alert('title')</script>[/quote]"
URL = "javascript:alert('url')"
NEGOTIATION = "[/red]<b>deal"
NEGOTIATION_NAME = "[bold]Evil Deal<script>alert('name')</script>"
QUOTE_MARKUP = "[/red] <script>alert(3)</script>"

CATALOG = f"""\
negotiations:
  "{NEGOTIATION}":
    name: "{NEGOTIATION_NAME}"
    aliases: ["Evil Deal"]
    parties: [KR, US]
"""

BODY = (
    "South Korea on Wednesday rejected the U.S. proposal to amend the Evil Deal "
    f"{QUOTE_MARKUP} right away.\n\n"
    '"We will not accept [link=https://evil.example]any change[/link] '
    '<img src=x onerror=alert(4)>," the South Korean trade minister said about the Evil Deal.'
    "\n\nNegotiators from the United States and South Korea met in Seoul on Tuesday to "
    "discuss the Evil Deal [bold]again[/bold].\n\n"
    "The U.S. trade deficit with South Korea was $27.6 billion in 2016 [/quote], according "
    "to the U.S. Commerce Department.\n"
)

ARTICLE = f"""\
---
id: "{ARTICLE_ID}"
outlet: "{OUTLET}"
title: "{TITLE}"
url: "{URL}"
published: 2017-08-03
---
{BODY}"""

PAYLOADS = (ARTICLE_ID, OUTLET, TITLE, NEGOTIATION, QUOTE_MARKUP)
"""Strings that must appear in output exactly as stored."""


def write_hostile(folder: Path) -> tuple[Path, Path]:
    """The hostile article and its catalog, written under ``folder``: (article, catalog)."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / "hostile.md"
    article.write_text(ARTICLE, encoding="utf-8")
    catalog = folder / "hostile-catalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    return article, catalog


REASON = "misread <script>alert('why')</script> <img src=x onerror=alert(5)> javascript:alert(6)"
"""A rejection's reason carrying script payloads: shown as text, never run."""
ANALYST = "[red]ana<svg onload=alert(7)>"
"""An analyst's name carrying markup and a payload."""
CONFIRMATION = 'checked <a href="javascript:alert(8)">source</a>'


def judge_hostile(options: list[str], cli: Callable[..., str]) -> tuple[str, str]:
    """Reject the hostile article's first event and confirm its last one, with hostile
    reasons and analyst names: (rejected id, confirmed id)."""
    db = options[:2]  # judging needs the store only, not the catalog
    listed = json.loads(cli("review", ARTICLE_ID, "--json", *db))
    events = [e for e in listed["events"] if not e["retracted"]]
    rejected, confirmed = events[0]["event_id"], events[-1]["event_id"]
    cli("reject", rejected, "--reason", REASON, "--analyst", ANALYST, *db)
    cli("confirm", confirmed, "--reason", CONFIRMATION, "--analyst", ANALYST, *db)
    return rejected, confirmed
