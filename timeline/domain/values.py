"""Value objects shared by events and state: parties, world dates with precision, evidence."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import MAXYEAR, MINYEAR, date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    model_validator,
)

from timeline.domain.model_slots import (
    new_model,
    set_dict,
    set_extra,
    set_fields_set,
    set_private,
)

MAX_ID_LENGTH = 160
"""The longest article or negotiation id, in characters, on every store.

A stream id is an article id with a prefix (``article:``), and the store keeps stream ids in
a column of 200 characters: 160 leaves room for every prefix, on SQLite (which does not check
lengths) as on PostgreSQL (which does)."""

_FORBIDDEN_IN_IDS = {
    "Cc": "a control character",
    "Cs": "a lone surrogate",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
"""Unicode categories an id may not hold: control characters (NUL, escapes, newlines), lone
surrogates, and line and paragraph separators. PostgreSQL refuses NUL in any text; the rest
would let an id rewrite a terminal line or fail to encode as UTF-8."""


def id_problem(value: str, *, limit: int = MAX_ID_LENGTH) -> str | None:
    """Why ``value`` cannot be an id (article, negotiation or stream), or None when it can.

    One rule for every store: not blank, no surrounding whitespace, at most ``limit``
    characters, no control character, lone surrogate or line separator.
    """
    if not value.strip():
        return "is blank"
    if value != value.strip():
        return "has spaces around it"
    if len(value) > limit:
        return f"is {len(value)} characters long; the limit is {limit}"
    if value.isascii() and value.isprintable():  # no character of a forbidden category
        return None
    for char in value:
        kind = _FORBIDDEN_IN_IDS.get(unicodedata.category(char))
        if kind is not None:
            return f"holds U+{ord(char):04X}, {kind}, which an id may not hold"
    return None


PartyCode = str
"""A party's short code from the catalog, such as ``US`` or ``KR``."""

Precision = Literal["day", "month", "year"]
Polarity = Literal["positive", "negative"]
Modality = Literal["asserted", "possible", "conditional", "hypothetical"]

_PARTY_SPLIT = re.compile(r"[+,/ ]+")


_PARTIES_SEEN: dict[str, tuple[str, ...]] = {}
"""Memo of parsed party strings (the result is an immutable tuple); bounded, for decoding speed."""


def _parse_parties(value: Any) -> tuple[str, ...]:
    if type(value) is str:
        hit = _PARTIES_SEEN.get(value)
        if hit is not None:
            return hit
        parsed = _parse_parties_uncached(value)
        if len(_PARTIES_SEEN) < 4096:
            _PARTIES_SEEN[value] = parsed
        return parsed
    return _parse_parties_uncached(value)


def _parse_parties_uncached(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = [p for p in _PARTY_SPLIT.split(value) if p]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = [str(p) for p in value]
    else:
        raise ValueError(f"parties must be a code such as 'KR+US' or a list, not {value!r}")
    codes = sorted({p.strip().upper() for p in parts if p.strip()})
    if not codes:
        raise ValueError("parties must name at least one party")
    return tuple(codes)


Parties = Annotated[
    tuple[PartyCode, ...],
    PlainValidator(_parse_parties, json_schema_input_type=str | list[str]),
    PlainSerializer(lambda codes: "+".join(codes), return_type=str),
]
"""One party or a joint set of parties, sorted; serialised as ``KR+US``.

A plain validator: ``_parse_parties`` already returns a tuple of codes, so pydantic-core
does not check the tuple again (decoding a stored event calls this up to twice).
"""


def parties_code(parties: tuple[str, ...] | None) -> str | None:
    """The ``KR+US`` form of a party set, or None."""
    return "+".join(parties) if parties else None


_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_date_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """The year, month and day of ``2017-08-22``, ``2017-08`` or ``2017`` (None for the parts
    it leaves out); None for any other text. Checks the form only, not the calendar."""
    match = _ISO_PARTIAL.fullmatch(text)
    if match is None:
        return None
    y, m, d = match.groups()
    return int(y), int(m) if m else None, int(d) if d else None


_TWO_DIGITS = tuple(f"{number:02d}" for number in range(32))
"""A month's or a day's number as a date writes it."""


class WorldDate(BaseModel):
    """A date in the world known to a precision: a day, a month or a year.

    Invariant: ``month`` is set when ``day`` is, and the fields form a real calendar date
    of years 1 to 9999 (what ``datetime.date`` can hold). Serialised as ``2017-08-22``,
    ``2017-08`` or ``2016``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int):
            return {"year": value}
        if isinstance(value, str):
            parts = iso_date_parts(value.strip())
            if parts is None:
                raise ValueError(f"not a date like 2017-08-22, 2017-08 or 2017: {value!r}")
            return dict(zip(("year", "month", "day"), parts, strict=True))
        return value

    @model_validator(mode="after")
    def _check(self) -> WorldDate:
        if not MINYEAR <= self.year <= MAXYEAR:  # every date must have a first and last day
            raise ValueError(f"year out of range {MINYEAR}..{MAXYEAR}: {self.year}")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and self.month is not None:
            date(self.year, self.month, self.day)  # raises ValueError when impossible
        return self

    # The methods below read the fields from ``__dict__`` (where a model keeps them), once:
    # reading a pydantic model's attribute goes through its ``__getattr__`` hook, several
    # times dearer than a dict's item, and consolidation compares dates by the ten thousand.

    @property
    def precision(self) -> Precision:
        fields = self.__dict__
        if fields["day"] is not None:
            return "day"
        return "month" if fields["month"] is not None else "year"

    def first_day(self) -> date:
        """The earliest calendar day this date can mean."""
        fields = self.__dict__
        return _first_day(fields["year"], fields["month"], fields["day"])

    def last_day(self) -> date:
        """The latest calendar day this date can mean."""
        fields = self.__dict__
        return _last_day(fields["year"], fields["month"], fields["day"])

    def compatible_with(self, other: WorldDate) -> bool:
        """True when the two dates agree at the coarser of their precisions."""
        return fields_compatible(self.__dict__, other.__dict__)

    def __str__(self) -> str:
        # ``f"{year:04d}-{month:02d}-{day:02d}"`` without a format spec per field (each a
        # call of int.__format__: rendering writes dates by the ten thousand): the year's
        # digits as str() writes them from 1000 on, the month's and day's from a table
        fields = self.__dict__
        year, month, day = fields["year"], fields["month"], fields["day"]
        text = str(year) if year >= 1000 else f"{year:04d}"
        if month is None:
            return text
        if day is None:
            return f"{text}-{_TWO_DIGITS[month]}"
        return f"{text}-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"

    @classmethod
    def of_day(cls, day: date) -> WorldDate:
        return cls(year=day.year, month=day.month, day=day.day)


def fields_compatible(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """:meth:`WorldDate.compatible_with` of two dates given their ``__dict__`` (for callers
    that read a date's fields anyway: each read of a model's attribute, a method's
    included, goes through pydantic's ``__getattr__`` hook)."""
    year: int = mine["year"]
    month: int | None = mine["month"]
    day: int | None = mine["day"]
    other_year: int = theirs["year"]
    other_month: int | None = theirs["month"]
    other_day: int | None = theirs["day"]
    if day is not None and other_day is not None:  # two days: the same one
        return day == other_day and month == other_month and year == other_year
    return _first_day(year, month, day) <= _last_day(
        other_year, other_month, other_day
    ) and _first_day(other_year, other_month, other_day) <= _last_day(year, month, day)


def _first_day(year: int, month: int | None, day: int | None) -> date:
    """The earliest calendar day of the date with these fields (see :class:`WorldDate`)."""
    return date(year, month or 1, day or 1)


def _last_day(year: int, month: int | None, day: int | None) -> date:
    """The latest calendar day of the date with these fields (see :class:`WorldDate`)."""
    if day is not None and month is not None:
        return date(year, month, day)
    month = month or 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _serialize_world_date(value: WorldDate) -> str:
    return str(value)


_DATES_SEEN: dict[str, WorldDate] = {}
"""Memo of parsed date strings (WorldDate is frozen, so sharing is safe); bounded."""


def world_date_from_text(value: Any) -> WorldDate:
    """Validate a WorldDate, reusing the instance already built from the same text (events'
    dates as they are decoded, and a fold snapshot's date columns as they are read: most of
    a negotiation's scheduled dates are also dates its events occurred on).

    A plain validator (one call, no handler): the errors are WorldDate's own, with the
    field's location prepended by pydantic-core.
    """
    if type(value) is str:
        hit = _DATES_SEEN.get(value)
        if hit is None:
            hit = world_date_of_text(value) or WorldDate.model_validate(value)
            if len(_DATES_SEEN) < 65536:
                _DATES_SEEN[value] = hit
        return hit
    return WorldDate.model_validate(value)


def world_date_of_text(text: str) -> WorldDate | None:
    """``WorldDate.model_validate(text)`` for the text of a real date (``2017-08-22``,
    ``2017-08``, ``2017``), built from the fields the text gives once they are checked as
    ``WorldDate`` checks them, without pydantic's validation and its two validators (a
    fold snapshot's thousands of distinct dates, or a batch of events', cost a few
    microseconds each); None for any other text (validating it says what is wrong)."""
    parts = iso_date_parts(text)
    if parts is None:
        return None
    year, month, day = parts
    if not MINYEAR <= year <= MAXYEAR:
        return None
    try:
        # the month and day WorldDate._check checks (0 is no month or day: never "or 1")
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    made = new_model(WorldDate)
    set_dict(made, {"year": year, "month": month, "day": day})
    set_fields_set(made, {"year", "month", "day"})  # every field given, as validated
    set_extra(made, None)
    set_private(made, None)
    return made


WorldDateField = Annotated[
    WorldDate,
    PlainValidator(world_date_from_text, json_schema_input_type=WorldDate | str | date),
    PlainSerializer(_serialize_world_date, return_type=str),
]
"""A WorldDate that serialises to its ISO text (``2017-08``) in JSON and dumps."""


class Evidence(BaseModel):
    """Where an event is stated: ``quote == article_text[start:end]`` in the stored article."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    article_id: str
    start: int
    end: int
    quote: str

    @model_validator(mode="after")
    def _check(self) -> Evidence:
        # Runs for every evidence item of every event read from the store: reads the fields
        # from __dict__ (a third of the cost of attribute access on a model).
        fields = self.__dict__
        start, end = fields["start"], fields["end"]
        if 0 <= start < end and end - start == len(fields["quote"]):
            return self
        if not 0 <= start < end:
            raise ValueError(f"evidence span must satisfy 0 <= start < end, got {start}..{end}")
        raise ValueError("evidence quote length does not match its span")


class Derivation(BaseModel):
    """How an event was obtained: the rule that fired and the extractor's version."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    rule_id: str
    extractor_version: str
    confidence: float = 1.0
