"""The report's time axis: world dates to horizontal positions, long gaps compressed."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from pydantic import ValidationError

from timeline.domain.values import WorldDate

MARGIN = 6.0
"""Percent of the width left empty at each end of the axis (room for the end labels)."""

STEP = 3.0
"""The space every distinct day gets, in units of the logarithm of a gap in days."""


def day_span(value: object) -> tuple[date, date] | None:
    """The first and last day a state value can mean, or None when it is not a date.

    The one place the report reads dates out of the state: typed values (``date``,
    :class:`WorldDate` or anything with ``first_day``/``last_day``) are used as they are; a
    text value is read as an ISO date of day, month or year precision (``unknown`` and
    ``none scheduled`` are not dates).
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value, value
    first = getattr(value, "first_day", None)
    last = getattr(value, "last_day", None)
    if callable(first) and callable(last):
        start, end = first(), last()
        if isinstance(start, date) and isinstance(end, date):
            return start, end
        return None
    if isinstance(value, str) and value[:1].isdigit():
        try:
            when = WorldDate.model_validate(value.split()[0])
        except (ValidationError, ValueError):
            return None
        return when.first_day(), when.last_day()
    return None


@dataclass(frozen=True)
class Axis:
    """Positions (percent of the width) for the days of a timeline.

    The distinct days are spaced by a step plus the logarithm of the gap between them, so
    days weeks apart stay readable beside events years earlier; the page says so.
    """

    days: tuple[date, ...]
    offsets: tuple[float, ...]

    @classmethod
    def over(cls, days: Iterable[date]) -> Axis:
        distinct = tuple(sorted(set(days)))
        if not distinct:
            return cls((), ())
        raw = [0.0]
        for before, after in pairwise(distinct):
            raw.append(raw[-1] + STEP + math.log1p((after - before).days))
        total = raw[-1] or 1.0
        width = 100.0 - 2 * MARGIN
        offsets = tuple(MARGIN + (r / total) * width if len(distinct) > 1 else 50.0 for r in raw)
        return cls(distinct, offsets)

    def x(self, day: date) -> float:
        """The position of a day; days between known ones are interpolated."""
        if not self.days:
            return 50.0
        if day <= self.days[0]:
            return self.offsets[0]
        if day >= self.days[-1]:
            return self.offsets[-1]
        for index in range(1, len(self.days)):
            if day <= self.days[index]:
                before, after = self.days[index - 1], self.days[index]
                share = (day - before).days / max((after - before).days, 1)
                low, high = self.offsets[index - 1], self.offsets[index]
                return low + share * (high - low)
        return self.offsets[-1]

    def ticks(self, most: int = 12) -> list[tuple[float, str]]:
        """Labelled positions: the distinct days, thinned so labels do not overlap."""
        ticks: list[tuple[float, str]] = []
        for day, offset in zip(self.days, self.offsets, strict=True):
            if ticks and offset - ticks[-1][0] < 100.0 / most:
                continue
            ticks.append((offset, day.isoformat()))
        return ticks


def packed_rows(spans: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """A row for each span ``(start, width)`` such that spans sharing a row never overlap
    (nor come closer than ``gap``): each span, from the leftmost, takes the first row that is
    free at its start. Returns the rows in the order of ``spans``."""
    ends: list[float] = []  # per row, where its last span ends
    rows = [0] * len(spans)
    for index in sorted(range(len(spans)), key=lambda i: (spans[i][0], i)):
        start, width = spans[index]
        row = next((r for r, end in enumerate(ends) if end + gap <= start), len(ends))
        if row == len(ends):
            ends.append(start + width)
        else:
            ends[row] = start + width
        rows[index] = row
    return rows
