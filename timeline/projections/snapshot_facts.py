"""A fold snapshot's fact records as columns, each distinct value written once.

A snapshot (:mod:`timeline.projections.snapshots`) keeps every fact of a negotiation: 74,000
for the largest of a million events. Written as one JSON array per fact (and one per
quote), its document was 35 MB and decoding it built those arrays before a single record
was made. Written as columns, the facts' values are a handful of lists: decoding builds
few Python objects (half the document, a third of the time), and each distinct value of a
column (a store time, a report's day, parties, a world date, a type or a rule) is converted
once, then shared by the records that hold it (they are immutable).

Layout (:func:`encode_facts`), for ``N`` facts in the order given::

    {"n": N, "position": [N ints], "id": "<32 hex digits per fact>",
     "confirmed": [N analysts or null], "day": [N ordinals: each report's first world day],
     "recorded": [table, indexes], "report": [[table, indexes] per field of Report],
     "quotes": {"count": [N counts], "article": [table, indexes], "start": [...],
                "end": [...], "text": [...]}}

where a ``[table, indexes]`` column lists its distinct values (as JSON: a world date as its
text, a day as its ordinal, parties as arrays) and, per fact, the place of its value in
the table, written as one string of hex digits (:func:`column_indexes`: each place an
unsigned integer of 1, 2 or 4 bytes, as few as the table's length needs, little-endian: a
JSON array of ints cost a third of decoding the document, a string is read in one copy and
``bytes.fromhex`` makes the integers); the reports' ``evidence`` is null there, their
quotes being in ``quotes``: a value per quote in each column, the facts' quotes one after
the other. Values that JSON writes differently are never merged: floats are told apart by
``repr`` (``-0.0`` from ``0.0``), booleans from integers by their type.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields as declared
from datetime import date, datetime
from functools import partial
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Any

from timeline.domain.consolidation import first_day_of
from timeline.domain.fold import AppliedFact, Quote, Report
from timeline.domain.values import WorldDate, world_date_from_text
from timeline.store.codec import parse_uuids

REPORT_FIELDS = tuple(f.name for f in declared(Report))
_report_values = attrgetter(*REPORT_FIELDS)

_WORLD = frozenset({"occurred", "scheduled_for", "period"})
_PARTIES = frozenset({"actor", "target", "economy", "partner"})
_DAY = "reported_on"
_QUOTES = "evidence"
_EVIDENCE = REPORT_FIELDS.index(_QUOTES)
_COLUMNS = tuple(name for name in REPORT_FIELDS if name != _QUOTES)
"""The report's fields kept as a table and an index per fact (the quotes have their own)."""
_TYPE, _ACTOR, _TARGET, _POLARITY = (
    _COLUMNS.index(name) for name in ("type", "actor", "target", "polarity")
)


def _written(name: str) -> Callable[[Any], Any]:
    """How a value of the report field ``name`` is written (not None)."""
    if name in _WORLD:
        return str
    if name in _PARTIES:
        return list
    if name == _DAY:
        return date.toordinal
    return lambda value: value


def _read(name: str) -> Callable[[Any], Any]:
    """How a written value of the report field ``name`` is read back (not None)."""
    if name in _WORLD:
        return world_date_from_text  # each text once, whichever column it is in
    if name in _PARTIES:
        return tuple
    if name == _DAY:
        return date.fromordinal
    return lambda value: value


def _told_apart(value: object) -> object:
    """A key equal for two values only when JSON writes them the same."""
    if isinstance(value, float):
        return (float, repr(value))
    if isinstance(value, WorldDate):  # a model: unhashable, written as its text
        return (WorldDate, str(value))
    return (type(value), value)


def _column(values: Iterable[Any], write: Callable[[Any], Any]) -> list[Any]:
    places: dict[object, int] = {}
    table: list[Any] = []
    indexes: list[int] = []
    for value in values:
        key = _told_apart(value)
        place = places.get(key)
        if place is None:
            place = places[key] = len(table)
            table.append(None if value is None else write(value))
        indexes.append(place)
    return [table, packed(indexes, len(table))]


_TYPECODES = {size: next(c for c in "BHIL" if array(c).itemsize == size) for size in (1, 2, 4)}
"""The ``array`` type code of an unsigned integer of each width."""


def _width(entries: int) -> int:
    """The bytes a place in a table of ``entries`` values is written in."""
    return 1 if entries <= 0x100 else 2 if entries <= 0x10000 else 4


def packed(places: list[int], entries: int) -> str:
    """``places`` (each below ``entries``) as hex digits, in as few bytes a place as
    ``entries`` needs (1, 2 or 4, little-endian)."""
    values = array(_TYPECODES[_width(entries)], places)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes().hex()


def unpacked(written: object, entries: int, count: int) -> Sequence[int]:
    """The ``count`` places :func:`packed` wrote for ``entries`` (ValueError when
    ``written`` is not that many of them in hex digits)."""
    if not isinstance(written, str):
        raise ValueError("places are not written as hex digits")
    width = _width(entries)
    if len(written) != 2 * width * count:
        raise ValueError("not as many places as counted")
    data = bytes.fromhex(written)
    if width == 1:
        return data
    places = array(_TYPECODES[width])
    places.frombytes(data)
    if sys.byteorder == "big":
        places.byteswap()
    return places


def column_indexes(column: Any, count: int) -> Sequence[int]:
    """The places a ``[table, indexes]`` column gives its ``count`` facts (ValueError when
    its indexes are not ``count`` of them in hex digits)."""
    table, written = column
    if not isinstance(table, list):
        raise ValueError("a column is not a table and its indexes")
    return unpacked(written, len(table), count)


def encode_facts(facts: Sequence[AppliedFact]) -> dict[str, Any]:
    """``facts`` as columns (JSON values; see the module docstring), in the order given."""
    reports = [_report_values(fact.event) for fact in facts]
    quotes = [quote for fact in facts for quote in fact.event.evidence]
    return {
        "n": len(facts),
        "position": [fact.position for fact in facts],
        "id": "".join([fact.event_id.hex for fact in facts]),
        "confirmed": [fact.confirmed_by for fact in facts],
        "day": [first_day_of(fact.event).toordinal() for fact in facts],
        "recorded": _column((fact.recorded_at for fact in facts), datetime.isoformat),
        "report": [
            None
            if name == _QUOTES
            else _column((values[number] for values in reports), _written(name))
            for number, name in enumerate(REPORT_FIELDS)
        ],
        "quotes": {
            "count": [len(fact.event.evidence) for fact in facts],
            "article": _column((quote.article_id for quote in quotes), str),
            "start": [quote.start for quote in quotes],
            "end": [quote.end for quote in quotes],
            "text": [quote.quote for quote in quotes],
        },
    }


def _indexes(column: Any, count: int) -> tuple[list[Any], Sequence[int]]:
    return column[0], column_indexes(column, count)


class FactColumns:
    """Decoded columns (:func:`encode_facts`), each table's values read back once; builds
    the records of the facts asked for. Raises ValueError, TypeError, KeyError or
    IndexError on a document of another shape."""

    __slots__ = (
        "_confirmed",
        "_ids",
        "_quotes",
        "_recorded",
        "_report",
        "count",
        "days",
        "positions",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        count = data["n"]
        if not isinstance(count, int) or count < 0:
            raise ValueError("the count of facts is not a count")
        self.count = count
        self.positions: list[int] = data["position"]
        """Each fact's store position."""
        self.days: list[int] = data["day"]
        """Each fact's first world day (an ordinal)."""
        self._confirmed: list[str | None] = data["confirmed"]
        self._ids: str = data["id"]
        for values in (self.positions, self.days, self._confirmed):
            if not isinstance(values, list) or len(values) != count:
                raise ValueError("a column has not one value per fact")
        if not isinstance(self._ids, str) or len(self._ids) != 32 * count:
            raise ValueError("the ids are not 32 hex digits per fact")
        table, indexes = _indexes(data["recorded"], count)
        self._recorded = ([datetime.fromisoformat(text) for text in table], indexes)
        columns = data["report"]
        if not isinstance(columns, list) or len(columns) != len(REPORT_FIELDS):
            raise ValueError("the report columns are not one per field")
        if columns[_EVIDENCE] is not None:
            raise ValueError("the quotes are not in their own columns")
        self._quotes = _Quotes(data["quotes"], count)
        self._report: list[tuple[list[Any], Sequence[int]]] = []
        for name, column in zip(REPORT_FIELDS, columns, strict=True):
            if name == _QUOTES:
                continue
            table, indexes = _indexes(column, count)
            read = _read(name)
            self._report.append(
                ([None if value is None else read(value) for value in table], indexes)
            )

    def key(self, place: int) -> tuple[object, ...]:
        """:func:`~timeline.domain.consolidation.merge_key` of the report at ``place``,
        without building it (a test checks the two agree)."""
        report = self._report
        kind = _value(report[_TYPE], place)
        if kind == "termination_clause_cited":
            return (kind,)
        return (
            kind,
            _value(report[_ACTOR], place),
            _value(report[_TARGET], place),
            _value(report[_POLARITY], place),
        )

    def facts(self, places: Sequence[int]) -> list[AppliedFact]:
        """The records of the facts at ``places``, in that order (each column's values taken
        in one call, each record built by ``map``: no Python loop per fact)."""
        ids = self._ids
        if isinstance(places, range) and places.start == 0 and places.step == 1:
            texts = _ID_TEXTS.findall(ids, 0, 32 * places.stop)  # the first ones, cut in C
        else:
            texts = [ids[32 * place : 32 * place + 32] for place in places]
        event_ids = parse_uuids(texts)
        pick = _picker(places, self.count)
        fields = [_values(column, pick) for column in self._report]
        fields.insert(_EVIDENCE, self._quotes.evidence(pick, places))
        reports = map(Report, *fields)
        records = map(
            AppliedFact,
            pick(self.positions),
            event_ids,
            _values(self._recorded, pick),
            reports,
            pick(self._confirmed),
        )
        made = list(records)
        if len(made) != len(places) or len(event_ids) != len(places):
            raise ValueError("a column has not one value per fact")
        return made


_ID_TEXTS = re.compile(".{32}", re.DOTALL)
"""One fact's id in the ids column (32 hex digits)."""


class _Quotes:
    """The facts' quotes as columns (every quote, in fact order), each fact's built with its
    record (a fold as of a date builds only those of the facts dated up to it)."""

    __slots__ = ("_articles", "_ends", "_offsets", "_starts", "_texts")

    def __init__(self, quotes: dict[str, Any], count: int) -> None:
        counts = quotes["count"]
        if not isinstance(counts, list) or len(counts) != count:
            raise ValueError("the quotes are not counted per fact")
        total = sum(counts)
        self._articles = _indexes(quotes["article"], total)
        starts, ends, texts = quotes["start"], quotes["end"], quotes["text"]
        if not all(isinstance(v, list) and len(v) == total for v in (starts, ends, texts)):
            raise ValueError("a quote column has not one value per quote")
        self._starts, self._ends, self._texts = starts, ends, texts
        self._offsets: list[int] | None = None
        """Where each fact's quotes start, and the end of the last (None: one quote a fact)."""
        if total != count or not all(n == 1 for n in counts):
            if any(n < 0 for n in counts):
                raise ValueError("a negative count of quotes")
            self._offsets = list(accumulate(counts, initial=0))

    def evidence(self, pick: Picker, places: Sequence[int]) -> list[tuple[Quote, ...]]:
        """The quotes of each fact at ``places`` (what ``pick`` takes of a column)."""
        offsets = self._offsets
        if offsets is None:  # a fact's quote is at its own place
            return list(zip(self._made(pick), strict=True))
        spans = [(offsets[place], offsets[place + 1]) for place in places]
        wanted = [i for start, end in spans for i in range(start, end)]
        made = self._made(_picker(wanted, len(self._starts)))
        out: list[tuple[Quote, ...]] = []
        at = 0
        for start, end in spans:
            out.append(tuple(made[at : at + end - start]))
            at += end - start
        return out

    def _made(self, pick: Picker) -> list[Quote]:
        """The quotes ``pick`` takes of the columns."""
        articles = _values(self._articles, pick)
        return list(map(Quote, articles, pick(self._starts), pick(self._ends), pick(self._texts)))


def _value(column: tuple[list[Any], Sequence[int]], place: int) -> Any:
    table, indexes = column
    return table[indexes[place]]


Picker = Callable[[Sequence[Any]], Sequence[Any]]
"""Takes the values at some places of a column, in their order."""


def _picker(places: Sequence[int], count: int) -> Picker:
    """What takes the values at ``places`` of a column of ``count`` values: the column itself
    for all of them, else ``operator.itemgetter`` (one call in C per column)."""
    if isinstance(places, range) and places.start == 0 and places.step == 1:
        if places.stop == count:
            return _whole
        return itemgetter(slice(0, places.stop))  # the first ones: one slice
    if len(places) < 2:  # an itemgetter of one place returns the value, not a tuple
        return partial(_each, places)
    return itemgetter(*places)


def _whole(values: Sequence[Any]) -> Sequence[Any]:
    return values


def _each(places: Sequence[int], values: Sequence[Any]) -> list[Any]:
    return [values[place] for place in places]


def _values(column: tuple[list[Any], Sequence[int]], pick: Picker) -> Sequence[Any]:
    """The values ``pick`` takes of a column (its table's values at its picked indexes)."""
    table, indexes = column
    picked = pick(indexes)
    if len(table) == 1:  # one value for every fact (a default, mostly): no lookups
        return [table[0]] * len(picked)
    return _picker(picked, len(table))(table)


__all__ = ["REPORT_FIELDS", "FactColumns", "column_indexes", "encode_facts", "packed", "unpacked"]
