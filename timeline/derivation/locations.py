"""Where a meeting is held: the place named with "in" or "at" in the trigger's clause.

"talks in Seoul", "met in Washington on Tuesday", "the round in Mexico City", "dined together
in Buenos Aires", "at the White House". A place is a run of capitalised words after the
preposition that is not a date word (month, weekday) or a time word; the first place after
the trigger in its clause wins, then the last one before it.
"""

from __future__ import annotations

import re

_PLACE = re.compile(
    r"\b(?:in|at|outside|near)\s+(?:the\s+)?(?P<place>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|de|del|of)){0,3})"
)
_NOT_PLACE = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
    "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "Congress", "Parliament", "Article", "Chapter", "Phase",
    "Christmas", "Easter", "The", "A", "An", "His", "Her", "Its", "Their",
}  # fmt: skip
_GAP = re.compile(r"[;:—–()]|,\s+(?:but|and|while|which|who|after|before|when)\b")


def _clean(place: str) -> str | None:
    words = place.split()
    while words and words[-1] in {"of", "de", "del"}:
        words.pop()
    if not words:
        return None
    first = words[0]
    if _NOT_PLACE & {first, first.rstrip(".,’'")} or re.fullmatch(r"[A-Z]\.?", first):
        return None  # "in May." is a month
    return " ".join(words).rstrip(".,’'")


def meeting_location(text: str, at: int) -> str | None:
    """The place of a meeting whose trigger starts at character ``at`` of sentence ``text``."""
    places = [(m.start(), _clean(m.group("place"))) for m in _PLACE.finditer(text)]
    named = [(start, place) for start, place in places if place]
    after = [p for s, p in named if s >= at and not _GAP.search(text[at:s])]
    if after:
        return after[0]
    before = [p for s, p in named if s < at and not _GAP.search(text[s:at])]
    return before[-1] if before else None
