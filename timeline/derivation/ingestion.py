"""Deriving a whole article: its ``article_ingested`` event, its events, and the identity of
the knowledge (extractor version, rules, catalog) they were derived with.

The identity is what decides whether a stored article must be derived again: a different
extractor version, other rule files or another catalog (its effective content, hashed) may
derive other events from the same text.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.rule_yaml import load_rule_yaml
from timeline.derivation.version import EXTRACTOR_VERSION, Change
from timeline.domain.envelope import NewEvent
from timeline.domain.events import UNASSIGNED, ArticleIngested

if TYPE_CHECKING:  # annotations only: reading stored articles must not load spaCy
    from timeline.derivation.negotiations import ResolvedNegotiation

_DIGEST_CHARS = 16


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()[:_DIGEST_CHARS]


def catalog_identity(catalog: Catalog) -> str:
    """A short hash of the catalog's effective content: its entries and alias table."""
    aliases = sorted(catalog.party_aliases().items())
    return _digest(
        catalog.model_dump_json().encode(), json.dumps(aliases, ensure_ascii=False).encode()
    )


def _yaml_files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            found.extend(_yaml_files(entry, f"{name}/"))
        elif entry.is_file() and entry.name.endswith((".yaml", ".yml")):
            found.append((name, entry))
    return found


# Rule fields that document a rule without changing what it derives: editing them (or a
# comment) must not mark stored articles for re-derivation.
_DOC_ONLY_RULE_FIELDS = frozenset({"description", "examples"})


def _meaning(text: str) -> bytes:
    """A rule or data file's content as canonical JSON, without comments or doc-only fields."""
    data = load_rule_yaml(text)
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        data = {
            **data,
            "rules": [
                {k: v for k, v in rule.items() if k not in _DOC_ONLY_RULE_FIELDS}
                if isinstance(rule, dict)
                else rule
                for rule in data["rules"]
            ],
        }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()


def identity_of_rule_files(texts: list[tuple[str, str]]) -> str:
    """A short hash of rule and data files given as (name, YAML text), in name order.

    Only what the deriver reads counts: comments, rule descriptions and rule examples do not.
    """
    parts: list[bytes] = []
    for name, text in sorted(texts):
        parts.extend((name.encode(), _meaning(text)))
    return _digest(*parts)


@cache
def rules_identity() -> str:
    """A short hash of every rule and word file the deriver reads (YAML under the package)."""
    found = _yaml_files(files("timeline.derivation"))
    return identity_of_rule_files([(n, f.read_text(encoding="utf-8")) for n, f in found])


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What a derivation used besides the text: extractor version, rules and catalog.

    ``rules`` and ``catalog`` are None for articles stored before they were recorded.
    """

    extractor_version: str
    rules: str | None
    catalog: str | None

    @classmethod
    def current(cls, catalog: Catalog) -> Knowledge:
        return cls(EXTRACTOR_VERSION, rules_identity(), catalog_identity(catalog))

    def changes_since(self, earlier: Knowledge) -> tuple[Change, ...]:
        """What differs from an earlier derivation's knowledge (unknown counts as changed)."""
        changes: list[Change] = []
        if self.extractor_version != earlier.extractor_version:
            changes.append("extractor")
        if self.rules != earlier.rules or earlier.rules is None:
            changes.append("rules")
        if self.catalog != earlier.catalog or earlier.catalog is None:
            changes.append("catalog")
        return tuple(changes)


@dataclass(frozen=True, slots=True)
class DerivedArticle:
    """An article's negotiation as resolved and the events derived from it."""

    negotiation: ResolvedNegotiation
    events: list[NewEvent]


def derive_article(article: Article, catalog: Catalog) -> DerivedArticle:
    """Parse once; resolve the article's negotiation and derive its events."""
    # The deriver (and spaCy with it) loads only when an article is derived.
    from timeline.derivation.context import build_context
    from timeline.derivation.extractor import derive_from_context

    ctx = build_context(article, catalog)
    return DerivedArticle(ctx.resolved, derive_from_context(ctx))


def article_ingested_event(
    article: Article,
    catalog: Catalog,
    negotiation: ResolvedNegotiation | None = None,
    knowledge: Knowledge | None = None,
) -> NewEvent:
    """The ``article_ingested`` event: metadata, full text, SHA-256, the negotiation and
    the knowledge it was derived with (deterministic id: the text and the article id)."""
    if negotiation is None:
        negotiation = derive_article(article, catalog).negotiation
    knowledge = knowledge or Knowledge.current(catalog)
    event = ArticleIngested(
        article_id=article.id,
        published=article.published,
        published_precision=article.published_precision,
        outlet=article.outlet,
        title=article.title,
        url=article.url,
        wire=article.wire,
        negotiation=negotiation.id,
        negotiations=(negotiation.id,) if negotiation.id != UNASSIGNED else (),
        negotiation_hint=article.negotiation,
        negotiation_name=negotiation.name,
        negotiation_parties=negotiation.parties,
        text=article.text,
        sha256=article.sha256,
        extractor_version=knowledge.extractor_version,
        rules=knowledge.rules,
        catalog=knowledge.catalog,
    )
    from timeline.derivation.extractor import NAMESPACE

    event_id = uuid.uuid5(NAMESPACE, f"{article.sha256}|article_ingested|{article.id}")
    return NewEvent(event_id=event_id, event=event)


def stored_article(event: ArticleIngested) -> Article:
    """The article an ``article_ingested`` event stored, to derive it again."""
    return Article(
        id=event.article_id,
        published=event.published,
        published_precision=event.published_precision,
        outlet=event.outlet,
        title=event.title,
        url=event.url,
        wire=event.wire,
        negotiation=event.negotiation_hint,
        text=event.text,
        sha256=event.sha256,
    )


def stored_knowledge(event: ArticleIngested) -> Knowledge:
    """The knowledge an article was first derived with."""
    return Knowledge(event.extractor_version, event.rules, event.catalog)
