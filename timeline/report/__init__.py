"""The HTML report of one negotiation: a self-contained page with lanes, markers and quotes.

:func:`render_report` turns the state, the chronology and the articles' metadata into one
HTML file with its CSS and script inline and nothing fetched from the network. Article text is
untrusted: the page is rendered by Jinja2 with autoescaping on, links are kept only when they
are ``http``/``https``, no stored value is ever placed inside the script, and a Content Security
Policy lets only the page's own script (by its hash) run.
"""

from __future__ import annotations

from timeline.report.html import ArticleMeta, render_report

__all__ = ["ArticleMeta", "render_report"]
