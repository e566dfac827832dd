"""Whether an ambiguous alias names its party here: the catalog's ``ambiguities`` rules.

"Georgia" next to "state" is the US state, "Chad Bown" is a person, "the North" is North
Korea only in an article that names North Korea. Every rule is data (see
``timeline/catalog/parties.yaml``); this module only reads the text around the alias.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from timeline.derivation.catalog import Ambiguity


@cache
def _word_regex(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


def _ends_with(before: str, phrase: str) -> bool:
    phrase = phrase.lower()
    if not before.endswith(phrase):
        return False
    rest = before[: len(before) - len(phrase)]
    return not rest or not (rest[-1].isalnum() and phrase[:1].isalnum())


def _starts_with(after: str, phrase: str) -> bool:
    phrase = phrase.lower()
    if not after.startswith(phrase):
        return False
    rest = after[len(phrase) :]
    return not rest or not (rest[0].isalnum() and phrase[-1:].isalnum())


def _name_word(doc: Doc, index: int, taken: set[int], not_names: frozenset[str]) -> bool:
    """A capitalised word that can be part of a personal name (not a stop word, a day, a
    month, an honorific, or part of another mention)."""
    if index < 0 or index >= len(doc) or index in taken:
        return False
    token = doc[index]
    return token.is_alpha and token.is_title and not token.is_stop and token.lower_ not in not_names


_REACH = 200
"""Characters of blank space looked across between an alias and a phrase next to it."""


class ArticleWords:
    """Whether a word occurs in one article's text, each word searched for once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = _word_regex(word).search(self.text) is not None
        return found


def rejects(
    rule: Ambiguity,
    doc: Doc,
    start: int,
    end: int,
    taken: set[int],
    not_names: frozenset[str],
    words: ArticleWords,
) -> bool:
    """Whether the local rules of ``rule`` say the alias at tokens [start, end) is no party
    (``only_with`` is decided over the whole article by the caller). ``words`` is the
    article's text (``doc.text``); only a bounded stretch around the alias is read, so the
    rules cost the same in a long article as in a short one."""
    text = words.text
    span = doc[start:end]
    longest = max((len(p) for p in (*rule.unless_before, *rule.unless_after)), default=0)
    reach = longest + _REACH
    before = text[max(0, span.start_char - reach) : span.start_char].rstrip().lower()
    after = text[span.end_char : span.end_char + reach].lstrip().lower()
    if any(_ends_with(before, p) for p in rule.unless_before):
        return True
    if any(_starts_with(after, p) for p in rule.unless_after):
        return True
    if any(w in words for w in rule.unless_in_article):
        return True
    if rule.name_part:
        if _name_word(doc, end, taken, not_names):
            return True  # "Chad Bown"
        previous = start - 1
        if _name_word(doc, previous, taken, not_names) and not doc[start].is_sent_start:
            return True  # "Michael Jordan"
    return False
