"""World dates in text: find date phrases first, then resolve them against the publication day.

Phrases come from a closed grammar (weekdays, month names with or without a day or year,
months told from the publication's ("last August", "in August last year"), "last week",
"five years ago", "recently", years...), searched inside one sentence at a time,
never over a whole article. Resolution is calendar arithmetic relative to the publication
day, keeping the precision the text gives ("in June" is a month, "last year" a year).
A phrase that would resolve outside the calendar (before year 1 or after 9999) names no
date: an article dated at the calendar's edge is derived like any other.
An article whose publication is known only to the month or the year (``published: 2019-01``)
resolves what is relative to it ("yesterday", "on Tuesday", "last month", "two weeks ago") from
the middle of that period and keeps no more precision than the period has: "yesterday" in a
January 2019 article is January 2019, "last month" in an article of 2019 is 2019. A month or
day named without a year in an article known to the year is in that year.
dateparser is not used for resolution: with ``PREFER_DATES_FROM=past`` it resolves a weekday
named on that same weekday a week early ("Tuesday" in a Tuesday paper), and its free search
turns words such as "We" or "$27" into dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.domain.values import Precision, WorldDate

Published = date | WorldDate
"""A publication day, or a publication date known to a month or a year."""

_RELATIVE_KINDS = frozenset(
    {"weekday", "deictic", "relative", "ago", "recently", "within", "month_relative"}
)
"""Kinds resolved by counting from the publication day: no finer than it is known."""


def _anchor(published: Published) -> tuple[date, Precision]:
    """The day to count from and the precision results may keep: a day as it is; a month
    or a year by its middle day (the least wrong guess for "last week" or "yesterday")."""
    if isinstance(published, date):
        return published, "day"
    if published.precision == "day":
        return published.first_day(), "day"
    first, last = published.first_day(), published.last_day()
    return first + (last - first) // 2, published.precision


def _coarsen(value: WorldDate, precision: Precision) -> WorldDate:
    """``value`` at no finer a precision than ``precision``."""
    if precision == "year" and value.month is not None:
        return WorldDate(year=value.year)
    if precision == "month" and value.day is not None:
        return WorldDate(year=value.year, month=value.month)
    return value


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20,
}  # fmt: skip

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.|Oct\.?|Nov\.?"
    r"|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUMBER = (
    r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty)"
)

_OF_YEAR = r"\s+(?:of\s+)?(?P<of_year>last|this|next)\s+year\b"
"""A year told from the publication's after a month ("in August last year")."""

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "month_day",
        re.compile(
            rf"\b{_MONTH}\s+{_DAY}(?:\s*[-–]\s*(?P<day2>[0-3]?\d))?(?![\d%])"
            rf"(?:,?\s+{_YEAR}\b|{_OF_YEAR})?"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b{_DAY}(?:\s*[-–]\s*(?P<day2>[0-3]?\d))?\s+{_MONTH}(?:,?\s+{_YEAR}\b|{_OF_YEAR})?"
        ),
    ),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    (
        "month",
        re.compile(
            rf"(?P<lead>\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-?|[Ss]ince"
            rf"|[Tt]hrough|[Bb]efore|[Aa]fter|[Ff]rom|[Dd]uring|[Ee]nd of|[Ss]tart of"
            rf"|[Ww]eek of|[Hh]alf of|[Pp]art of|[Mm]iddle of|[Bb]eginning of)\s+)"
            rf"(?:early\s+|late\s+|mid-?)?{_MONTH}(?![\w-])(?:{_OF_YEAR})?"
        ),
    ),
    (
        "month_relative",
        re.compile(
            rf"\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his(?:\s+past|\s+coming)?)\s+{_MONTH}(?![\w-])"
        ),
    ),
    (
        "weekday",
        re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<deictic>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Ll]ast night|"
            r"[Tt]his morning)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<which>last|this|(?<![Tt]he )next|past|earlier this|later this|coming)\s+"
            r"(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("ago", re.compile(rf"\b{_NUMBER}\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("recently", re.compile(r"\b(?P<recent>recently|lately)\b", re.I)),
    (
        "within",
        re.compile(rf"\b[Ii]n\s+{_NUMBER}\s+(?P<unit>day|week|month)s?\b(?!\s+of\b)", re.I),
    ),
    ("year", re.compile(rf"(?<![$€£\d.,-]){_YEAR}(?![\d%]|\.\d|\s*(?:billion|million))")),
)


# Dates told from another date ("a day after", "the following week", "a year earlier"):
# resolved against the date phrase before them in the sentence, else the reference date the
# caller gives (the last date of the sentences before), else not at all.
_OFFSETS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b{_NUMBER}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>after|before|later|earlier)\b",
        re.I,
    ),
    re.compile(r"\bthe\s+(?P<unit>day|week|month|year)\s+(?P<dir>after|before)\b", re.I),
    re.compile(
        r"\b(?:the|that)\s+(?P<dir>following|next|previous|prior|preceding)\s+"
        r"(?P<unit>day|week|month|year)\b",
        re.I,
    ),
    re.compile(r"\b(?P<n>hours|minutes|moments)\s+(?P<dir>later|after|before|earlier)\b", re.I),
    # "at a summit the following morning", "approved the same evening": a day, or none
    re.compile(r"\b(?:the|that)\s+(?P<dir>following|next)\s+(?:morning|evening|night)\b", re.I),
    # "the same day": as the date before it, but "on the same day that Trump signed an
    # order" is dated by the act that follows, which is no date phrase
    re.compile(
        r"\bthe\s+(?P<same>same)\s+(?:day|morning|evening|night)\b"
        r"(?!\s+(?:that|as|when|on\s+which)\b)",
        re.I,
    ),
)
_LATER = {"later", "following", "next", "after"}

# The words between a cue and the date it looks ahead for: one clause, where the period of an
# abbreviation ("will meet U.S. officials on Thursday") ends nothing.
_IN_CLAUSE = r"(?:[^.;,\"“”]|(?<=[A-Z])\.)"
_FUTURE_CUE = re.compile(
    r"\b(?:will|would|'ll|expected|set|scheduled|due|plans?|planned|planning|next|upcoming"
    r"|is to|are to|aims? to)\b",
    re.I,
)
_FUTURE_REACH = re.compile(rf"{_IN_CLAUSE}{{0,80}}$")
# A verb in the past after the cue ends what the cue looked ahead for ("the talks that will
# decide its fate began on Thursday").
_PAST_AFTER_CUE = re.compile(
    r"\b(?:was|were|had|did|began|met|held|said|told|made|took|came|went|broke|struck|gave"
    r"|left|won|lost|sent|spoke|rose|fell)\b",
    re.I,
)
# What is hoped for or possible is ahead too ("confident of a deal in December", "said he was
# optimistic about signing in March": reported speech, "could be signed in March", "hopes
# to conclude in November"), unless told of the past ("had been confident of a deal in
# March", "could not agree in May", "could have signed in June"); "may" is the modal only
# in lower case.
_EXPECTATION_CUE = re.compile(
    r"(?<!\bbeen\s)(?<!\bhad\s)"
    r"\b(?:confident|optimistic|hopeful|hopes?|hoping|likely|unlikely|aims?\s+for|intends?"
    r"|(?:could|might|should|can|must|(?-i:may))(?!\s+(?:not|never|have)\b)(?!n't))\b"
    rf"{_IN_CLAUSE}{{0,45}}$",
    re.I,
)
# A deadline: "a deal by December", "by the end of March", but not what was done by then
# ("had been ratified by March", "was completed by June"; nor "signed by ministers in June").
_DEADLINE_CUE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?$", re.I)
_DONE_BY = re.compile(r"\b(?:was|were|had|been|did)\b[^.;,\"“”]{0,40}$", re.I)
# A change on a calendar told in the present simple is a schedule, not a report: "the deal
# takes effect in October" in a June article means the coming October. Only verbs of
# something starting, stopping or falling due, and of the single words only the third
# person ("start", "close" are nouns as often); a bare form must not follow "to", "did",
# "not" or "never" ("failed to take effect in May", "did not enter into force in May" are
# past), while "does not take effect until May" is a schedule too.
_SCHEDULE_VERB = (
    r"(?:takes?\s+effect|(?:enters?|comes?|go(?:es)?)\s+into\s+(?:force|effect)|enters?\s+force"
    r"|kicks?\s+in|runs?\s+out|expires|lapses|begins|resumes|reopens|opens|closes|convenes)"
)
_SCHEDULED_PRESENT = re.compile(
    rf"(?:\b(?:does\s+not|doesn't|do\s+not|don't)\s+|(?<!\bto\s)(?<!\bdid\s)(?<!\bnot\s)"
    rf"(?<!\bnever\s)(?<!n't\s)\b){_SCHEDULE_VERB}\b{_IN_CLAUSE}{{0,30}}$",
    re.I,
)
_TENSED = {"month_day", "day_month", "month", "weekday", "within"}


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase in a text: its span, what it resolves to, and an end day for ranges."""

    start: int
    end: int
    text: str
    kind: str
    value: WorldDate
    until: WorldDate | None = None


_YEAR_STEP = {"last": -1, "this": 0, "next": 1}


def _month_number(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_day(year: int, month: int, day: int) -> WorldDate | None:
    try:
        return WorldDate(year=year, month=month, day=day)
    except ValueError:
        return None


def _year_for(month: int, day: int | None, published: date, future: bool) -> int:
    """The year of a month (and day) named without one: the nearest sensible one."""
    year = published.year
    candidate = date(year, month, min(day or 1, 28))
    if future:
        if candidate < published - timedelta(days=31 if day is None else 1):
            return year + 1
        return year
    if day is None:
        return year - 1 if month > published.month else year
    if candidate > published + timedelta(days=62):
        return year - 1
    return year


def weekday_date(weekday: int, published: date, future: bool = False) -> date:
    """The day a weekday name means: same-day or the latest such day before publication.

    With ``future`` it is the same day or the next such day instead.
    """
    if future:
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _resolve(
    kind: str, match: re.Match[str], published: date, future: bool, precision: Precision = "day"
) -> tuple[WorldDate, WorldDate | None] | None:
    """Resolve one phrase against the publication day (the middle of the publication's
    month or year when ``precision`` says it is known only to that). A phrase that would
    fall outside the calendar (years 1 to 9999: "last year" in an article of year 1, "next
    Monday" on 9999-12-31) names no date."""
    try:
        resolved = _resolve_from(kind, match, published, future, precision)
    except (OverflowError, ValueError):
        return None
    if resolved is None or kind not in _RELATIVE_KINDS:
        return resolved
    value, until = resolved
    return _coarsen(value, precision), until


def _resolve_from(
    kind: str, match: re.Match[str], published: date, future: bool, precision: Precision
) -> tuple[WorldDate, WorldDate | None] | None:
    groups = match.groupdict()
    if kind in {"month_day", "day_month"}:
        month = _month_number(groups["month"])
        day = int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif groups.get("of_year"):
            year = published.year + _YEAR_STEP[groups["of_year"].lower()]
        elif precision == "year":
            year = published.year
        else:
            year = _year_for(month, day, published, future)
        first = _safe_day(year, month, day)
        if first is None:
            return None
        until = _safe_day(year, month, int(groups["day2"])) if groups.get("day2") else None
        return first, until
    if kind == "month_year":
        return WorldDate(year=int(groups["year"]), month=_month_number(groups["month"])), None
    if kind == "month":
        month = _month_number(groups["month"])
        if groups.get("of_year"):
            return WorldDate(
                year=published.year + _YEAR_STEP[groups["of_year"].lower()], month=month
            ), None
        if precision == "year":
            return WorldDate(year=published.year, month=month), None
        return WorldDate(year=_year_for(month, None, published, future), month=month), None
    if kind == "month_relative":  # "last August": the latest August before this month
        if precision == "year":
            return None  # which August is "last August" in an article of some day of 2019?
        month = _month_number(groups["month"])
        which = groups["which"].lower().split()
        year = published.year
        if which[-1] in {"last", "past"} and month >= published.month:
            year -= 1
        elif which[-1] in {"next", "coming"} and month <= published.month:
            year += 1
        return WorldDate(year=year, month=month), None
    if kind == "weekday":
        named = weekday_date(_WEEKDAYS[groups["weekday"].lower()], published, future)
        return WorldDate.of_day(named), None
    if kind == "deictic":
        offset = {
            "yesterday": -1,
            "last night": -1,
            "today": 0,
            "tonight": 0,
            "this morning": 0,
            "tomorrow": 1,
        }
        return WorldDate.of_day(published + timedelta(days=offset[groups["deictic"].lower()])), None
    if kind == "relative":
        which = groups["which"].lower()
        unit = groups["unit"].lower()
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "year":
            return WorldDate(year=published.year + step), None
        if unit == "month":
            year, month = _shift_month(published.year, published.month, step)
            return WorldDate(year=year, month=month), None
        week = published + timedelta(days=7 * step)
        return WorldDate(year=week.year, month=week.month), None
    if kind == "ago":
        raw = groups["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = groups["unit"].lower()
        if unit == "year":
            return WorldDate(year=published.year - n), None
        if unit == "month":
            year, month = _shift_month(published.year, published.month, -n)
            return WorldDate(year=year, month=month), None
        then = published - timedelta(days=n * (7 if unit == "week" else 1))
        if unit == "week":
            return WorldDate(year=then.year, month=then.month), None
        return WorldDate.of_day(then), None
    if kind == "recently":
        return WorldDate(year=published.year), None
    if kind == "within":  # "meet again in two weeks": only ahead of publication
        if not future:
            return None
        raw = groups["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = groups["unit"].lower()
        if unit == "month":
            year, month = _shift_month(published.year, published.month, n)
            return WorldDate(year=year, month=month), None
        then = published + timedelta(days=n * (7 if unit == "week" else 1))
        if unit == "week":
            return WorldDate(year=then.year, month=then.month), None
        return WorldDate.of_day(then), None
    if kind == "year":
        return WorldDate(year=int(groups["year"])), None
    return None


def _shift(reference: WorldDate, unit: str, steps: int) -> WorldDate | None:
    """``reference`` moved by ``steps`` units, at the precision both allow: a day from a
    day, a month for weeks and months ("the following week" -> the month), a year for
    years."""
    if unit == "year":
        return WorldDate(year=reference.year + steps)
    if reference.month is None:
        return None
    if unit == "month":
        year, month = _shift_month(reference.year, reference.month, steps)
        return WorldDate(year=year, month=month)
    if reference.day is None:
        return WorldDate(year=reference.year, month=reference.month) if unit == "day" else None
    day = date(reference.year, reference.month, reference.day) + timedelta(
        days=steps * (7 if unit == "week" else 1)
    )
    return WorldDate.of_day(day) if unit == "day" else WorldDate(year=day.year, month=day.month)


def _offsets(
    text: str, found: list[DatePhrase], taken: list[tuple[int, int]], reference: WorldDate | None
) -> list[DatePhrase]:
    """Offset phrases resolved from the last date before them ("on Jan. 5, a day after
    Seoul agreed" -> Jan. 4 for what follows; "A week later, ..." -> a week after)."""
    out: list[DatePhrase] = []
    for pattern in _OFFSETS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            before = [p for p in found if p.end <= start]
            base = before[-1].value if before else reference
            if base is None:
                continue
            groups = match.groupdict()
            raw = (groups.get("n") or "one").lower()
            if groups.get("same") or raw in {"hours", "minutes", "moments"}:
                n, unit = 0, "day"
            else:
                n = int(raw) if raw.isdigit() else _NUMBERS.get(raw, 1)
                unit = (groups.get("unit") or "day").lower()
            direction = (groups.get("dir") or "later").lower()
            later = direction in _LATER
            rest = text[end:].lstrip()
            if direction in {"after", "before"} and rest and rest[0] not in ',.;:)—–"”':
                if not before:
                    continue  # "A day after the talks ended on Monday, ...": no base yet
                later = not later  # "on Jan. 5, a day after Seoul agreed": the object is earlier
            try:
                value = _shift(base, unit, n if later else -n)
            except (OverflowError, ValueError):  # beyond the calendar's first or last day
                value = None
            if value is None:
                continue
            out.append(DatePhrase(start, end, text[start:end], "offset", value))
            taken.append((start, end))
    return out


def _looks_ahead(before: str) -> bool:
    """Whether the words before a date phrase tell what is to come (a future cue, a hope or
    a possibility, a deadline, or a schedule in the present simple)."""
    if _DEADLINE_CUE.search(before) and not _DONE_BY.search(before):
        return True
    cues = list(_FUTURE_CUE.finditer(before, max(0, len(before) - 90)))
    if cues:
        after = before[cues[-1].end() :]  # what the last cue looks ahead for, to the date
        if _FUTURE_REACH.fullmatch(after) and not _PAST_AFTER_CUE.search(after):
            return True
    return any(cue.search(before) for cue in (_EXPECTATION_CUE, _SCHEDULED_PRESENT))


def find_date_phrases(
    text: str,
    published: Published,
    *,
    future: bool = False,
    reference: WorldDate | None = None,
) -> list[DatePhrase]:
    """Date phrases in a short text (a sentence), resolved against the publication day.

    Longer phrases win over the phrases they contain ("August 16, 2017" over "2017"). A
    weekday or month named after a future cue ("is expected to be signed in January") is
    resolved forward; otherwise backward (a news report tells what happened). Offsets ("a
    day after", "the following week") are resolved from the date before them in the text,
    else from ``reference``. ``published`` may be known only to a month or a year (a
    ``WorldDate``): see the module docstring.
    """
    day, precision = _anchor(published)
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start = match.start("lead") if kind == "month" else match.start()
            start = match.end("lead") if kind == "month" else start
            end = match.end()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            ahead = future or (kind in _TENSED and _looks_ahead(text[:start]))
            resolved = _resolve(kind, match, day, ahead, precision)
            if resolved is None:
                continue
            value, until = resolved
            found.append(DatePhrase(start, end, text[start:end], kind, value, until))
            taken.append((start, end))
    found.sort(key=lambda phrase: phrase.start)
    found.extend(_offsets(text, found, taken, reference))
    found.sort(key=lambda phrase: phrase.start)
    return found


def after_publication(value: WorldDate | None, published: WorldDate) -> bool:
    """Whether a date begins after the article's publication (its last possible day):
    what is dated so has not happened yet when the article tells it."""
    return value is not None and value.first_day() > published.last_day()


def resolve_phrase(phrase: str, published: Published, *, future: bool = False) -> WorldDate | None:
    """Resolve one date phrase ("Tuesday", "in June", "five years ago"), or None."""
    found = find_date_phrases(phrase, published, future=future)
    return found[0].value if found else None


# What separates a date from a trigger in another clause: clause punctuation, or a
# coordinating word ("was signed in June 2007 and took effect in March 2012").
_CLAUSE_GAP = re.compile(r"[;:,—–()]|\b(?:and|but|while|whereas|after|before|since|when)\b", re.I)
_BETWEEN = re.compile(r"\bbetween\b[^;:,—–()]*?\band\b", re.I)
_NAME_APPOSITIVE = re.compile(r",\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*\s*,")


def _in_clause_within(gap: str, reach: int) -> bool:
    """Whether text ``gap`` stays in one clause and within ``reach`` characters; the "and"
    of "between X and Y" joins no clauses ("a dinner between the two leaders and their aides
    on Dec. 9"), nor does a name set off by commas, which takes no room ("received Japan's
    chief negotiator, Ryosei Akazawa, at the White House on Tuesday")."""
    gap = _NAME_APPOSITIVE.sub(" ", _BETWEEN.sub("between", gap))
    return len(gap) <= reach and _CLAUSE_GAP.search(gap) is None


def attach_date(
    phrases: list[DatePhrase], text: str, at: int, reach: int = 60
) -> DatePhrase | None:
    """The date phrase that belongs to a trigger at character ``at`` of ``text``.

    The first phrase after the trigger in its own clause, within twice ``reach``
    characters, wins ("took effect in March 2012", "announced an agreement in principle on
    the sidelines of the G7 summit in Biarritz on Aug. 25"), then the last one before it in
    its clause ("on Tuesday reached a deal"), then the nearest phrase within ``reach``
    characters after it or anywhere before it.
    """
    after = [
        p for p in phrases if p.start >= at and _in_clause_within(text[at : p.start], 2 * reach)
    ]  # fmt: skip
    if after:
        return after[0]
    before = [p for p in phrases if p.end <= at and not _CLAUSE_GAP.search(text[p.end : at])]
    if before:
        return before[-1]
    near = [p for p in phrases if p.start - at <= reach]
    if not near:
        return None
    return min(near, key=lambda p: min(abs(p.start - at), abs(p.end - at)))
