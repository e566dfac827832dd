"""People the catalog does not know, introduced by an office that names their party.

"Australian Trade Minister Don Farrell", "Canada's chief negotiator Steve Verheul",
"Brazil's foreign minister, Mauro Vieira," and "Mauro Vieira, Brazil's foreign minister,"
all introduce someone who then speaks for that party in the article: by full name, by
surname ("Farrell said"), and as "the minister" when they are the last one introduced with
that office. The words of offices are data (``timeline/catalog/people.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Doc

from timeline.derivation import yamltext

PEOPLE_FILE = "people.yaml"
_MAX_OFFICE = 7
_MAX_NAME = 3
_POSSESSIVE = {"'s", "’s"}


@dataclass(frozen=True)
class Words:
    """The word lists of ``people.yaml``, lower-cased."""

    office: frozenset[str]
    heads: frozenset[str]
    joiners: frozenset[str]
    not_first_names: frozenset[str]
    later_titles: frozenset[str]


@cache
def words() -> Words:
    text = (files("timeline") / "catalog" / PEOPLE_FILE).read_text(encoding="utf-8")
    data = yamltext.safe_load(text) or {}

    def listed(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return Words(
        office=listed("office_words"),
        heads=listed("office_heads"),
        joiners=listed("office_joiners"),
        not_first_names=listed("not_first_names"),
        later_titles=listed("later_titles"),
    )


@dataclass(frozen=True)
class Introduced:
    """Someone named with an office of a party: tokens [start, end) hold the name."""

    start: int
    end: int
    party: str
    name: str
    office: str  # lower-cased office words ("trade minister")


def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.replace("'", "").replace("’", "").isalpha()


def name_after(doc: Doc, start: int, taken: set[int]) -> int:
    """The end of a capitalised personal name starting at ``start`` (2 or 3 words, a
    hyphenated part counting as one: "Lee Yoo-jin", "Anne-Marie Smith"), or ``start``."""
    office = words().office
    end, count = start, 0
    while end < len(doc) and count < _MAX_NAME:
        token = doc[end]
        if token.i in taken or not _name_word(token.text) or token.lower_ in office:
            break
        end += 1
        count += 1
        while (
            end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
            and not doc[end - 1].whitespace_
        ):
            end += 2  # "Yoo-jin": one word
    return end if count >= 2 else start


def _name_before(doc: Doc, end: int, taken: set[int]) -> int:
    """The start of a 2- or 3-word capitalised name ending right before ``end``, or ``end``."""
    for size in (3, 2):
        start = end - size
        if start < 0 or any(i in taken for i in range(start, end)):
            continue
        if start > 0 and _name_word(doc[start - 1].text) and not doc[start - 1].is_sent_start:
            continue  # a longer capitalised run: not just a name
        if name_after(doc, start, taken) == end:
            return start
    return end


def office_end(doc: Doc, start: int) -> int:
    """The end of an office ("trade minister", "Minister for Trade and Tourism") starting
    at ``start``, or ``start`` when the words there hold no office head."""
    vocab = words()
    j, last_head = start, start
    while j < len(doc) and j - start < _MAX_OFFICE:
        lower = doc[j].lower_
        if lower in vocab.office:
            j += 1
            if lower in vocab.heads:
                last_head = j
            continue
        joined = lower in vocab.joiners and j > start and j + 1 < len(doc)
        if joined and doc[j + 1].lower_ in vocab.office:
            j += 1
            continue
        break
    if last_head == start:
        return start
    return j


def _office_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_ for t in doc[start:end])


def introduce(
    doc: Doc, party_spans: list[tuple[int, int, str]], taken: set[int]
) -> list[Introduced]:
    """People introduced by an office of a party, in text order.

    ``party_spans`` are (start, end, party code) of party mentions; ``taken`` the tokens
    already inside mentions (a catalogued person is never introduced again).
    """
    found: list[Introduced] = []
    for start, end, party in party_spans:
        j = end + 1 if end < len(doc) and doc[end].lower_ in _POSSESSIVE else end
        office_stop = office_end(doc, j)
        if office_stop == j:
            continue
        office = _office_text(doc, j, office_stop)
        comma = office_stop < len(doc) and doc[office_stop].text == ","
        after = office_stop + 1 if comma else office_stop
        name_stop = name_after(doc, after, taken)
        if name_stop > after:  # "Brazil's foreign minister(,) Mauro Vieira"
            name = " ".join(t.text for t in doc[after:name_stop])
            found.append(Introduced(after, name_stop, party, name, office))
            taken.update(range(after, name_stop))
            continue
        before = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
        if before > 0 and doc[before - 1].text == ",":  # "Mauro Vieira, Brazil's ... minister"
            name_start = _name_before(doc, before - 1, taken)
            if name_start < before - 1:
                name = " ".join(t.text for t in doc[name_start : before - 1])
                found.append(Introduced(name_start, before - 1, party, name, office))
                taken.update(range(name_start, before - 1))
    return sorted(found, key=lambda p: p.start)


def surname_keys(person: Introduced, doc: Doc) -> list[str]:
    """Words that later name the person alone: the last word ("Farrell") and the first
    ("Lee" of "Lee Yoo-jin"), unless a hyphenated part."""
    keys = []
    for index in (person.end - 1, person.start):
        token = doc[index]
        if _name_word(token.text) and (index == person.start or doc[index - 1].text != "-"):
            keys.append(token.text)
    return keys


def later_title(doc: Doc, start: int) -> tuple[int, str] | None:
    """A title naming again someone introduced ("the minister", "the trade commissioner")
    starting at ``start`` ("the"): (end, last office word), else None."""
    vocab = words()
    if doc[start].lower_ != "the":
        return None
    j = start + 1
    last = None
    while j < len(doc) and j - start <= _MAX_OFFICE and doc[j].lower_ in vocab.office:
        last = j
        j += 1
    if last is None or doc[last].lower_ not in vocab.later_titles:
        return None
    return last + 1, doc[last].lower_


def other_first_name(doc: Doc, start: int) -> bool:
    """A catalogued surname right after another capitalised given name ("James Kim")."""
    if start == 0:
        return False
    before = doc[start - 1]
    word = before.lower_.rstrip(".")
    vocab = words()
    return (
        before.is_alpha
        and before.is_title
        and not before.is_sent_start
        and word not in vocab.not_first_names
        and word not in vocab.office
    )
