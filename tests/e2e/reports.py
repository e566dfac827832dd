"""Helpers for the report tests: write a report through the CLI, and read an HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
runner = CliRunner()


def cli(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def store(folder: Path, *articles: Path, catalog: Path | None = None) -> list[str]:
    """A migrated SQLite store under ``folder`` with the articles ingested: its CLI options."""
    options = ["--db", f"sqlite:///{folder / 'report.db'}"]
    if catalog is not None:
        options += ["--catalog", str(catalog)]
    cli("db", "upgrade", options[0], options[1])
    cli("ingest", *articles, *options)
    return options


@dataclass
class Page(HTMLParser):
    """Every element (tag, attributes), the text, and the script bodies of an HTML page."""

    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    _in_script: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    @classmethod
    def read(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """The attributes of every ``tag`` element whose attributes include ``attrs``."""
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def classed(self, tag: str, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and name in (a.get("class") or "").split()]

    @property
    def plain(self) -> str:
        return "".join(self.text)
