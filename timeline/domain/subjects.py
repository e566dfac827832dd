"""How reports' subjects are compared: their key words, and the overlap of two subjects'.

:func:`key_words` is a pure function; :class:`KeyWords` is a memo of it that a fold owns
(the domain keeps no process-wide cache: whoever runs the fold decides how long a memo
lives, see :class:`timeline.projections.runner.ProjectionRunner`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_STOP_WORDS = """a an the of to on in for and or with by from at as is are was were be been being
that this these those its it their his her our we they he she not no any all per about over into
than then there also has have had will would could should may might said says say told after
before during while"""
_STOP = frozenset(_STOP_WORDS.split())
_SYNONYMS: dict[str, str] = {}
for _canon, _words in {
    "amend": "amend amends amended amending amendment amendments revise revised revises "
    "revising revision revisions modify modified modifies modification modifications "
    "renegotiate renegotiated renegotiating renegotiation change changes rewrite update "
    "updating updated improve improvements improvement",
    "agreement": "agreement agreements deal deals pact pacts fta ftas accord treaty korus "
    "nafta usmca",
    "study": "study studies review reviews evaluate evaluation evaluating assess assessment "
    "analyse analyze analysis investigation research effect effects impact",
    "reject": "reject rejected rejects rejection refuse refused refuses decline declined "
    "oppose opposed dismiss dismissed",
    "propose": "propose proposed proposal proposals request requested requests ask asked "
    "asks call called demand demanded demands offer offers offered",
    "meet": "meet meeting meetings talks talk round rounds session sessions summit "
    "videoconference conference",
    "deficit": "deficit deficits imbalance imbalances",
}.items():
    for _word in _words.split():
        _SYNONYMS[_word] = _canon


def key_words(subject: str) -> frozenset[str]:
    """The subject's key words: lower case, stop words dropped, synonyms folded, stemmed."""
    words = set()
    for token in _WORD.findall(subject.lower()):
        if token in _STOP or len(token) < 2:
            continue
        canon = _SYNONYMS.get(token)
        if canon is None:
            canon = token[:6] if len(token) > 6 else token
        words.add(canon)
    return frozenset(words)


WordsOf = Callable[[str], frozenset[str]]
"""How key words are found: :func:`key_words` itself, or a :class:`KeyWords` memo of it."""


class KeyWords(dict[str, frozenset[str]]):
    """A memo of :func:`key_words`, owned by whoever runs a fold (the domain keeps no cache).

    Rendering compares each report's subject with many others, so a fold looks up the same
    few thousand subjects tens of thousands of times. Every :class:`NegotiationFold` has one
    (a fresh one unless its caller passes one in); the projection runner passes one that
    outlives a call, so states asked for again reuse it. Calling it is ``dict.__getitem__``
    (as fast as ``functools.lru_cache``). Invariant: holds at most ``limit`` subjects; a
    lookup always equals ``key_words(subject)``.
    """

    __slots__ = ("limit",)

    def __init__(self, limit: int = 65536) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, subject: str) -> frozenset[str]:
        found = key_words(subject)
        if len(self) < self.limit:
            self[subject] = found
        return found

    __call__ = dict.__getitem__


def similarity(left: str, right: str, words: WordsOf = key_words) -> float:
    """Overlap of two subjects' key words relative to the shorter one (0 when either is empty)."""
    a, b = words(left), words(right)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
