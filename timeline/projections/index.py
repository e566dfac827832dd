"""The persisted negotiation index: which events belong to which negotiation, and articles.

Documents of projection ``negotiation_index``:

- ``n/<negotiation>/<first position, 12 digits>``: a segment, the JSON list of the positions
  of one negotiation's events (its derived events, retractions and ``article_ingested``
  events) applied in one batch;
- ``a/<article id>``: the article's ``article_ingested`` payload without its text (outlet,
  wire, published, negotiations), for evidence that cites an article of another negotiation.

A batch only writes new documents, so catch-up costs time in proportion to the new events,
never to the history. A negotiation's state at any ``as_of``/``known_at`` is folded from the
events at its indexed positions (read back by position, decoded and upcast by the store's
codec), without scanning the event store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import repeat
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from timeline.domain.envelope import RecordedEvent
from timeline.domain.fold import ArticleInfo
from timeline.store.rows import INDEX_PROJECTION, IndexRow

PROJECTION = INDEX_PROJECTION
SEGMENT = "n/"
ARTICLE = "a/"


def segment_key(negotiation: str, first_position: int) -> str:
    return f"{SEGMENT}{negotiation}/{first_position:012d}"


def negotiation_prefix(negotiation: str) -> str:
    return f"{SEGMENT}{negotiation}/"


def article_key(article_id: str) -> str:
    return f"{ARTICLE}{article_id}"


def article_names(data: dict[str, Any]) -> tuple[str, ...]:
    """The negotiations an article payload (decoded JSON) belongs to."""
    return tuple(dict.fromkeys((data["negotiation"], *data.get("negotiations", ()))))


def index_batch(rows: Iterable[IndexRow]) -> dict[str, str]:
    """The documents one batch of index rows adds to the index."""
    by_negotiation: dict[str, list[int]] = {}
    articles: dict[str, str] = {}
    for position, _type, negotiation, article in rows:
        if article is not None:
            data = json.loads(article)
            articles[article_key(data["article_id"])] = article
            for name in article_names(data):
                by_negotiation.setdefault(name, []).append(position)
        elif negotiation is not None:
            by_negotiation.setdefault(negotiation, []).append(position)
    docs = {
        segment_key(name, positions[0]): "[" + ",".join(map(str, positions)) + "]"
        for name, positions in by_negotiation.items()
    }
    docs.update(articles)
    return docs


def segment_positions(document: str) -> list[int]:
    """The positions a segment document lists."""
    positions = json.loads(document)
    if not isinstance(positions, list) or not all(map(isinstance, positions, repeat(int))):
        raise ValueError("a segment must be a JSON list of positions")
    return positions


class _IndexedArticle(BaseModel):
    """The fields of an ``a/`` document the state reads. Other keys are ignored: the
    document is the stored payload without its text, of whatever schema version it was
    written in (version 2 payloads still hold ``source_path``, which version 3 dropped)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    article_id: str
    published: date
    outlet: str | None = None
    wire: str | None = None
    negotiation: str
    negotiations: tuple[str, ...] = ()
    sha256: str | None = None


_INDEXED_ARTICLE = TypeAdapter(_IndexedArticle)


def decode_article(document: str) -> ArticleInfo:
    """The article metadata of an ``a/`` document; raises ValueError when it has none."""
    try:
        found = _INDEXED_ARTICLE.validate_json(document)
    except ValidationError as error:
        raise ValueError(f"not an article document: {error}") from error
    return ArticleInfo.make(
        article_id=found.article_id,
        published=found.published,
        outlet=found.outlet,
        wire=found.wire,
        negotiation=found.negotiation,
        negotiations=found.negotiations,
        sha256=found.sha256,
    )


def negotiation_of_key(key: str) -> str | None:
    """The negotiation a segment key belongs to (None for other documents)."""
    if not key.startswith(SEGMENT):
        return None
    return key[len(SEGMENT) :].rsplit("/", 1)[0]


class Documents(Protocol):
    """What rendering reads of the read model: documents by prefix and by key."""

    def scan(self, projection: str, prefix: str = "") -> Iterator[tuple[str, str]]: ...

    def get(self, projection: str, keys: list[str]) -> dict[str, str]: ...


class IndexView(Documents, Protocol):
    """Documents as of a checkpoint: what a fold from snapshots reads."""

    def checkpoint(self, projection: str) -> int: ...


class EventsAt(Protocol):
    """Full events by position (see :class:`timeline.projections.rows.RowSource`)."""

    def events_at(self, positions: Sequence[int]) -> Iterator[RecordedEvent]: ...


def positions_in(docs: Documents, negotiation: str, until_position: int | None = None) -> list[int]:
    """The positions of the negotiation's indexed events, ascending."""
    out: list[int] = []
    for _key, document in docs.scan(PROJECTION, negotiation_prefix(negotiation)):
        out.extend(segment_positions(document))
    if until_position is not None:
        out = [p for p in out if p <= until_position]
    return out
