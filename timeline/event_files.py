"""Hand-written events from a JSON Lines file: parsed, checked and given deterministic ids.

Analysts record what the deriver missed as one JSON object per line, in the shape
``timeline derive --format jsonl`` prints (so a derived line can be copied, corrected and
recorded): ``type``, ``negotiation``, ``actor`` and ``target`` (``"KR+US"``), ``subject``,
``occurred`` (``2017-08-22``, ``2017-08`` or ``2017``), the type's own fields, and
``evidence``, a list of ``{"article": ID, "quote": TEXT}`` items. Also accepted:

- ``start`` and ``end`` on an evidence item: the quote must then be the article's text at
  those offsets; without them the quote is looked up in the stored text, any run of white
  space matching any other (so a quote copied across a line break is found), and must
  occur there once;
- ``reported_on``: defaults to the cited article's publication day;
- ``rule`` and ``confidence``: the rule id and confidence recorded (default
  ``manual:<file name>`` and 1.0); ``extractor_version`` is always ``manual``;
- ``event_id``, as ``derive`` prints it, is ignored: a recorded event's id is made from its
  content, so recording the same file again is a no-op;
- the older names ``article_id`` (for ``article``) and ``derivation``
  (``{"rule_id": ..., "confidence": ...}``, for ``rule`` and ``confidence``).

Every line is checked before anything is recorded: its type and payload, its quotes, its ids
(the rules of :func:`timeline.domain.values.id_problem`), its party codes (each must be a
known party) and its numbers and dates (within the bounds of :data:`PLAUSIBLE`). Every
problem found is reported, one plain line each (``FILE:LINE: problem``).
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from pydantic import ValidationError

from timeline.domain.envelope import NewEvent
from timeline.domain.events import EVENT_MODELS, NEGOTIATION_EVENT_TYPES, NegotiationEvent
from timeline.domain.values import MAX_ID_LENGTH, WorldDate, id_problem
from timeline.errors import EventFileError
from timeline.store.recorder import MAX_STREAM_ID_LENGTH

MANUAL_EXTRACTOR = "manual"

_DERIVED_ONLY = ("event_id", "extractor_version")
"""Keys ``derive`` prints that recording ignores."""


@dataclass(frozen=True, slots=True)
class StoredText:
    """What a recorded event's evidence is checked against: an ingested article's text."""

    text: str
    published: date


ArticleLookup = Callable[[str], StoredText | None]
"""Article id -> its stored text and publication day (None when not ingested)."""

PLAUSIBLE: dict[str, tuple[float, float, str]] = {
    "notice_days": (0, 36_500, "a notice period of at most 100 years"),
    "value": (-1e15, 1e15, "at most a quadrillion (world trade is about 3e13 dollars a year)"),
    "confidence": (0, 1, "a confidence between 0 and 1"),
}
"""Bounds of the numbers a hand-written event may hold: field -> (low, high, why)."""

EARLIEST_YEAR, LATEST_YEAR = 1000, 2999
"""The years a hand-written date may fall in: far beyond any negotiation on record, and
far from the calendar's edges (years 1 and 9999), where date arithmetic overflows."""

PARTY_FIELDS = ("actor", "target", "economy", "partner")
DATE_FIELDS = ("occurred", "occurred_until", "scheduled_for", "period", "reported_on")


def manual_stream(path: Path) -> str:
    """The stream of the events recorded from one file, named after it."""
    return f"manual:{path.stem}"


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[tuple[int | None, str]] = []

    def add(self, line: int | None, problem: str) -> None:
        self.found.append((line, problem))

    def raise_any(self) -> None:
        if self.found:
            raise EventFileError.several(self.path, self.found)


def read_event_file(
    path: Path, articles: ArticleLookup, parties: Collection[str] | None = None
) -> list[NewEvent]:
    """Every event of the file, or an EventFileError listing every problem, one per line.

    ``parties`` are the known party codes (the catalog's); when given, every party an
    event names must be one of them.
    """
    problem = id_problem(manual_stream(path), limit=MAX_STREAM_ID_LENGTH)
    if problem is not None:
        raise EventFileError(path, f"the file's name makes a stream id that {problem}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EventFileError(path, f"cannot be read as UTF-8 text: {error}") from error
    problems = _Problems(path)
    events: list[NewEvent] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            before = len(problems.found)
            event = _event_of(path, number, line, articles, problems)
            if event is not None:
                assert isinstance(event.event, NegotiationEvent)
                for implausible in _implausible(event.event, parties):
                    problems.add(number, implausible)
            if event is not None and len(problems.found) == before:
                events.append(event)
    problems.raise_any()
    if not events:
        raise EventFileError(path, "holds no events (one JSON object per line expected)")
    return events


def _event_of(
    path: Path, number: int, line: str, articles: ArticleLookup, problems: _Problems
) -> NewEvent | None:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as error:
        problems.add(number, f"not JSON: {error.msg} (column {error.colno})")
        return None
    if not isinstance(data, dict):
        problems.add(number, "each line must be a JSON object")
        return None
    type_name = data.get("type")
    if type_name not in NEGOTIATION_EVENT_TYPES:
        known = ", ".join(sorted(NEGOTIATION_EVENT_TYPES))
        problems.add(number, f"unknown event type {type_name!r}; known types: {known}")
        return None
    for key in _DERIVED_ONLY:
        data.pop(key, None)
    rule = data.pop("rule", None)
    confidence = data.pop("confidence", None)
    derivation = data.setdefault(
        "derivation", {"rule_id": f"manual:{path.name}", "extractor_version": MANUAL_EXTRACTOR}
    )
    if isinstance(derivation, dict):
        derivation.setdefault("extractor_version", MANUAL_EXTRACTOR)
        if rule is not None:
            derivation["rule_id"] = rule
        if confidence is not None:
            derivation["confidence"] = confidence
    before = len(problems.found)
    published = _evidence(data, number, articles, problems)
    evidence_checked = len(problems.found) == before
    if published is not None:
        data.setdefault("reported_on", published.isoformat())
    try:
        event = EVENT_MODELS[type_name].model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            if not evidence_checked and item["loc"][:1] in (("evidence",), ("reported_on",)):
                continue  # already reported in plainer words, or follows from it
            problems.add(number, f"invalid {type_name}: {_where(item['loc'])}: {_plain(item)}")
        return None
    assert isinstance(event, NegotiationEvent)
    canonical = event.model_dump_json()
    return NewEvent(event_id=uuid5(NAMESPACE_URL, f"timeline:manual:{canonical}"), event=event)


def _evidence(
    data: dict[str, Any], number: int, articles: ArticleLookup, problems: _Problems
) -> date | None:
    """Check and complete each evidence item in place; the first cited article's day."""
    items = data.get("evidence")
    if not isinstance(items, list) or not items:
        problems.add(number, "evidence: a list of at least one {article, quote} is required")
        return None
    published: date | None = None
    for index, item in enumerate(items):
        where = f"evidence[{index}]"
        if not isinstance(item, dict):
            problems.add(number, f"{where}: an object with article and quote expected")
            continue
        if "article" in item:
            item["article_id"] = item.pop("article")
        article_id, quote = item.get("article_id"), item.get("quote")
        if not isinstance(article_id, str) or not article_id:
            problems.add(number, f"{where}: article is missing")
            continue
        if not isinstance(quote, str) or not quote.strip():
            problems.add(number, f"{where}: quote is missing")
            continue
        stored = articles(article_id)
        if stored is None:
            problems.add(number, f"{where}: cites article {article_id!r}, which is not ingested")
            continue
        published = published or stored.published
        start, end = item.get("start"), item.get("end")
        if start is None and end is None:
            span = _locate(stored.text, quote)
            if isinstance(span, str):
                shown = quote if len(quote) <= 120 else quote[:119] + "…"
                problems.add(number, span.format(f"{where}: quote «{shown}»", article_id))
                continue
            item["start"], item["end"] = span
            item["quote"] = stored.text[span[0] : span[1]]
        elif not isinstance(start, int) or not isinstance(end, int):
            problems.add(
                number, f"{where}: start and end must both be whole numbers, or both left out"
            )
        elif stored.text[start:end] != quote:
            problems.add(
                number,
                f"{where}: quote is not the text of {article_id} at {start}..{end}: "
                f"{stored.text[start:end]!r}",
            )
    return published


def _locate(text: str, quote: str) -> tuple[int, int] | str:
    """The quote's one span in the text, or why there is none (a template for the quote's
    description and the article id)."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    exact = [m.span() for m in re.finditer(pattern, text)]
    if not exact:
        return "{} is not in the text of article {}"
    if len(exact) > 1:
        starts = ", ".join(str(start) for start, _ in exact[:5])
        more = ", ..." if len(exact) > 5 else ""
        return (
            f"{{}} occurs {len(exact)} times in article {{}} (at {starts}{more}); "
            "quote more of the sentence, or give start and end"
        )
    return exact[0]


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "event"


def _plain(item: Any) -> str:
    """A pydantic error message without its prefixes ("Value error, ...")."""
    message = str(item.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if item.get("type") == "missing":
        return "is required"
    return message


def _implausible(event: NegotiationEvent, parties: Collection[str] | None) -> Iterator[str]:
    """What makes a valid event implausible: bad ids, unknown parties, numbers or dates
    out of bounds."""
    for where, value in (
        ("negotiation", event.negotiation),
        *((f"evidence.{n}.article_id", e.article_id) for n, e in enumerate(event.evidence)),
    ):
        problem = id_problem(value, limit=MAX_ID_LENGTH)
        if problem is not None:
            yield f"{where} {problem}: {value[:80]!r}"
    if parties is not None:
        known = set(parties)
        named = [(name, code) for name in PARTY_FIELDS for code in getattr(event, name, None) or ()]
        invocable_by = getattr(event, "invocable_by", None)
        if invocable_by is not None and invocable_by != "any":
            named.append(("invocable_by", invocable_by))
        for name, code in named:
            if code not in known:
                near = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.5)
                hint = f"; did you mean {' or '.join(near)}?" if near else ""
                yield f"{name}: unknown party {code!r} (not a catalog party code){hint}"
    for name, (low, high, why) in PLAUSIBLE.items():
        number = getattr(event.derivation if name == "confidence" else event, name, None)
        if isinstance(number, int | float) and not (
            low <= number <= high and not (isinstance(number, float) and math.isnan(number))
        ):
            digits = str(number)
            shown = digits if len(digits) <= 30 else f"{digits[:20]}..."
            yield f"{name}: {shown} is implausible; expected {why}"
    for name in DATE_FIELDS:
        when = getattr(event, name, None)
        year = when.year if isinstance(when, WorldDate | date) else None
        if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
            yield f"{name}: year {year} is implausible; expected {EARLIEST_YEAR}-{LATEST_YEAR}"
