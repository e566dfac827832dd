"""Fixtures for derivation tests: the shipped catalog, the seed articles, a sentence helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from timeline.derivation.articles import Article, parse_article, read_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import derive
from timeline.domain.envelope import NewEvent
from timeline.domain.events import NegotiationEvent

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    articles = [read_article(path) for path in sorted(SEEDS.glob("*.md"))]
    return {article.id: article for article in articles}


@pytest.fixture(scope="session")
def seed_events(seed_articles: dict[str, Article], catalog: Catalog) -> dict[str, list[NewEvent]]:
    return {key: derive(article, catalog) for key, article in seed_articles.items()}


def make_article(
    body: str, *, published: date = date(2017, 8, 22), negotiation: str | None = "korus"
) -> Article:
    hint = f"negotiation: {negotiation}\n" if negotiation else ""
    raw = f"---\nid: test-article\npublished: {published.isoformat()}\n{hint}---\n{body}\n"
    return parse_article(raw, "test.md")


DeriveText = Callable[..., list[NewEvent]]


@pytest.fixture(scope="session")
def derive_text(catalog: Catalog) -> DeriveText:
    def run(body: str, **kwargs: object) -> list[NewEvent]:
        return derive(make_article(body, **kwargs), catalog)  # type: ignore[arg-type]

    return run


def of_type(events: list[NewEvent], type_name: str) -> list[NewEvent]:
    return [e for e in events if e.type == type_name]


def events_of(events: list[NewEvent], type_name: str) -> list[NegotiationEvent]:
    """The derived negotiation events of one type, in order."""
    found = []
    for new in of_type(events, type_name):
        assert isinstance(new.event, NegotiationEvent), new.event
        found.append(new.event)
    return found


def joint(event: NegotiationEvent) -> str:
    """The event's actor as a code such as ``KR+US`` (empty when it has none)."""
    return "+".join(event.actor or ())


def rule_ids(events: list[NewEvent], type_name: str) -> list[str]:
    """The ids of the rules that derived the events of one type."""
    return [e.derivation.rule_id for e in events_of(events, type_name)]
