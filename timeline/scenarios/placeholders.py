"""How step wording is parsed: the placeholder types every step pattern uses.

Quoted values (``"KR"``, ``"rejected"``) never contain a double quote, so two quoted values
in one step cannot run into each other; unquoted descriptions stop at the next keyword.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar, cast

import parse  # type: ignore[import-untyped]
from pytest_bdd import parsers

from timeline.domain.values import WorldDate

Converter = TypeVar("Converter", bound=Callable[[str], object])


def with_pattern(regex: str) -> Callable[[Converter], Converter]:
    """parse's ``with_pattern``, typed: the regular expression a placeholder type matches."""
    return cast(Callable[[Converter], Converter], parse.with_pattern(regex))


@with_pattern(r'[^"]+')
def quoted(text: str) -> str:
    """A value written between double quotes (the quotes are not part of it)."""
    return text


@with_pattern(r'[^"]+?')
def words(text: str) -> str:
    """Unquoted words, e.g. a proposal's description ``to amend the agreement``."""
    return text.strip()


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def day(text: str) -> dt.date:
    """A calendar day written ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


@with_pattern(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
def period(text: str) -> WorldDate:
    """A year, month or day, as precise as written: ``2016``, ``2017-08``, ``2017-08-22``."""
    return WorldDate.model_validate(text)


@with_pattern(r"-?\d+(?:\.\d+)?")
def number(text: str) -> float:
    """A number such as ``27.7`` or ``7``."""
    return float(text)


@with_pattern(r"\d+")
def count(text: str) -> int:
    """A whole number such as ``180``."""
    return int(text)


TYPES: dict[str, Any] = {
    "Quoted": quoted,
    "Words": words,
    "Day": day,
    "Period": period,
    "Number": number,
    "Count": count,
}
"""Placeholder types by name, as written in patterns: ``{party:Quoted}``."""


def parser_for(pattern: str) -> parsers.StepParser:
    """The pytest-bdd parser of a step pattern: exact words, or ``parse`` with these types."""
    if "{" not in pattern:
        return parsers.string(pattern)
    return parsers.parse(pattern, extra_types=TYPES)
