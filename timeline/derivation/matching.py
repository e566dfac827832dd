"""The rules' token patterns, each rule's run only over the stretches where it can match.

spaCy's ``Matcher`` starts every pattern at every token, so its cost is the article's length
times the number of patterns. But nearly every pattern has a token it cannot match without
("reject", a party's name): a match lies within a known reach of such an *anchor*, and every
other anchor of the pattern must be found within its distance of it. Each rule has a
``Matcher`` of its own, run over the stretches its patterns' reaches cover (about 2 % of
the tokens of an article, per rule, against all of them for all 245 patterns before). What
they find is what the rules' one ``Matcher`` finds over the whole doc, in the same order:

- a pattern's reach is the most tokens its steps before and after the anchor can take; a
  repeated step (``+``, ``*``) takes at most the longest run of tokens in this doc that meet
  its conditions (of those conditions read here: the others can only shorten a run);
- every match of a rule lies inside one of its stretches (the union of its reaches, with at
  least one uncovered token between two of them), so two overlapping matches of a rule are
  in the same stretch and its ``greedy="LONGEST"`` choice is the same;
- the whole-doc ``Matcher`` lists a rule's matches together, rules in the order they first
  match in the doc; that order only matters between rules that match the same span (the
  deriver keeps the first of two rules reading one trigger). The ``Matcher`` follows each
  pattern's partial matches on their own, in a stable order, so a ``Matcher`` of just those
  rules, run over their stretches in text order, finds them first-matching in that order.

A pattern without an anchor (every step optional, or read through attributes not indexed
here), or with an ``OP`` not read here, sends the rules' one ``Matcher`` over the whole doc,
as before. ``tests/derivation/test_rule_matching.py`` compares both ways on every rule
example, the corpora and generated texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain, groupby, pairwise
from typing import Any

from spacy.attrs import (
    ENT_TYPE,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
)
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from timeline.derivation.rules import RuleSet, compile_matcher, shipped_rules

Match = tuple[int, int, int]
"""(match_id, start, end), as spaCy's ``Matcher`` gives them (token offsets in the doc)."""

_INDEXED = {"LEMMA": LEMMA, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "ENT_TYPE": ENT_TYPE}
"""Attributes an anchor is looked up by: one value per token, compared by hash."""
_FLAGS = {
    "IS_ALPHA": IS_ALPHA,
    "IS_PUNCT": IS_PUNCT,
    "IS_SPACE": IS_SPACE,
    "IS_TITLE": IS_TITLE,
    "LIKE_NUM": LIKE_NUM,
}
"""Boolean attributes a repeated step's run may be bounded by."""
_LOOKED_UP = tuple(dict.fromkeys(_INDEXED.values()))
_COLUMNS = (*_LOOKED_UP, *_FLAGS.values())
_COLUMN = {attr: column for column, attr in enumerate(_COLUMNS)}
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_TIE_MATCHERS = 256
"""Matchers kept for sets of rules that matched one span (a few dozen on the corpora)."""

Condition = tuple[int, bool, frozenset[int]]
"""(column, inside, hashes): a token meets it when the value of its attribute in ``column``
is (``inside``) or is not one of ``hashes``. A flag's values are 0 and 1."""


@dataclass(frozen=True)
class _Step:
    """One token step of a pattern: how many tokens it takes and what they must meet."""

    least: int
    most: int | None  # None: as many as meet its conditions (``+``, ``*``, ``{n,}``)
    conditions: tuple[Condition, ...]  # those read here; the step may ask more
    anchor: int | None  # the step's anchor (an id in ``_Compiled.anchors``), if it has one


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the index of its rule in the ruleset
    steps: tuple[_Step, ...]
    anchored: tuple[int, ...]  # the steps with an anchor
    anchors: tuple[int, ...]  # their anchors
    least: tuple[int, ...]  # before each step, the fewest tokens the steps before it take
    most: tuple[int, ...] | None  # the most tokens each step takes, when none repeats freely


@dataclass(frozen=True)
class _Compiled:
    """Patterns read for their reach. ``anchors`` are (column, hashes) a token must match;
    ``by_value[column][hash]`` lists the anchors that value meets."""

    patterns: tuple[_Pattern, ...]
    anchors: tuple[tuple[int, frozenset[int]], ...]
    by_value: tuple[dict[int, tuple[int, ...]], ...]


def _repeat(op: Any) -> tuple[int, int | None] | None:
    """How many tokens an ``OP`` takes, or None for one this module does not know."""
    if op is None or op == "!":
        return 1, 1
    fixed: dict[str, tuple[int, int | None]] = {"?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in fixed:
        return fixed[op]
    counted = _COUNT.fullmatch(str(op))
    if counted is None:
        return None
    low, comma, high = counted.groups()
    if not comma:
        return int(low), int(low)  # "{n}"
    return int(low or 0), (int(high) if high else None)


def _conditions(spec: dict[str, Any]) -> tuple[Condition, ...]:
    """The conditions of a token spec read here; the others are left out, which only widens
    the tokens the step is taken to accept."""
    if spec.get("OP") == "!":
        return ()  # a negated step: its token meets none of the conditions
    out: list[Condition] = []
    for key, value in spec.items():
        if key in _INDEXED:
            column = _COLUMN[_INDEXED[key]]
            if isinstance(value, str):
                out.append((column, True, frozenset({get_string_id(value)})))
            elif isinstance(value, dict) and len(value) == 1:
                ((predicate, values),) = value.items()
                if predicate in {"IN", "NOT_IN"} and all(isinstance(v, str) for v in values):
                    hashes = frozenset(get_string_id(v) for v in values)
                    out.append((column, predicate == "IN", hashes))
        elif key in _FLAGS and isinstance(value, bool):
            out.append((_COLUMN[_FLAGS[key]], True, frozenset({int(value)})))
    return tuple(out)


def _compile(ruleset: RuleSet) -> _Compiled | None:
    """Every pattern of ``ruleset`` read for its reach; None when one has no anchor (every
    step optional, or none read here) or an ``OP`` this module does not know."""
    anchors: dict[tuple[int, frozenset[int]], int] = {}
    patterns: list[_Pattern] = []
    for number, rule in enumerate(ruleset.rules):
        for pattern in rule.patterns:
            steps: list[_Step] = []
            for raw in pattern:
                spec = {str(key).upper(): value for key, value in raw.items()}  # as spaCy reads
                repeat = _repeat(spec.get("OP"))
                if repeat is None:
                    return None
                conditions = _conditions(spec)
                looked_up = [
                    (column, hashes)
                    for column, inside, hashes in conditions
                    if inside and column < len(_LOOKED_UP)
                ]
                anchor = None
                if repeat[0] >= 1 and looked_up:
                    key = min(looked_up, key=lambda c: len(c[1]))
                    anchor = anchors.setdefault(key, len(anchors))
                steps.append(_Step(repeat[0], repeat[1], conditions, anchor))
            anchored = tuple(i for i, step in enumerate(steps) if step.anchor is not None)
            if not anchored:
                return None
            anchor_ids = tuple(steps[i].anchor or 0 for i in anchored)
            least = tuple(accumulate((step.least for step in steps), initial=0))
            bounded = [step.most for step in steps if step.most is not None]
            most = tuple(bounded) if len(bounded) == len(steps) else None
            patterns.append(_Pattern(number, tuple(steps), anchored, anchor_ids, least, most))
    by_value: tuple[dict[int, list[int]], ...] = tuple({} for _ in _LOOKED_UP)
    for anchor, (column, hashes) in enumerate(anchors):
        for value in hashes:
            by_value[column].setdefault(value, []).append(anchor)
    return _Compiled(
        tuple(patterns),
        tuple(anchors),
        tuple({value: tuple(ids) for value, ids in table.items()} for table in by_value),
    )


class _DocIndex:
    """One doc's tokens by anchor, and the runs of tokens that meet a repeated step."""

    def __init__(self, doc: Doc, compiled: _Compiled) -> None:
        rows = doc.to_array(list(_COLUMNS)).tolist()
        self.columns: list[tuple[int, ...]] = list(zip(*rows, strict=True))
        parts: dict[int, list[list[int]]] = {}  # anchor -> the tokens of each value it meets
        for table, column in zip(compiled.by_value, self.columns, strict=False):
            tokens: dict[int, list[int]] = {}
            for index, value in enumerate(column):
                hits = tokens.get(value)
                if hits is None:
                    tokens[value] = [index]
                else:
                    hits.append(index)
            for value, hits in tokens.items():
                for anchor in table.get(value, ()):
                    parts.setdefault(anchor, []).append(hits)
        self._parts = parts
        self._found: dict[int, list[int]] = {}
        self._runs: dict[tuple[Condition, ...], int] = {}

    def found(self, anchor: int) -> list[int]:
        """The tokens that meet ``anchor``, in text order (none: an empty list)."""
        hits = self._found.get(anchor)
        if hits is None:
            lists = self._parts.get(anchor, [[]])
            hits = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))
            self._found[anchor] = hits
        return hits

    def most(self, step: _Step) -> int:
        """The most tokens ``step`` can take in this doc."""
        if step.most is not None:
            return step.most
        run = self._runs.get(step.conditions)
        if run is None:
            meets = [True] * len(self.columns[0])
            for column, inside, hashes in step.conditions:
                values = self.columns[column]
                if inside:
                    meets = [m and v in hashes for m, v in zip(meets, values, strict=True)]
                else:
                    meets = [m and v not in hashes for m, v in zip(meets, values, strict=True)]
            run = max((sum(1 for _ in group) for meet, group in groupby(meets) if meet), default=0)
            self._runs[step.conditions] = run
        return max(step.least, run)


def _reach(pattern: _Pattern, index: _DocIndex) -> tuple[list[int], int, int] | None:
    """The tokens a match of ``pattern`` can hold its rarest anchor at (every other anchor
    of the pattern found within its distance), and how many tokens a match reaches before
    and after that one; None when the pattern cannot match in this doc."""
    found: list[list[int]] = []
    for anchor in pattern.anchors:
        hits = index.found(anchor)
        if not hits:
            return None
        found.append(hits)
    rarest = min(range(len(found)), key=lambda i: len(found[i]))
    primary = pattern.anchored[rarest]
    most = pattern.most or [index.most(step) for step in pattern.steps]
    at = found[rarest]
    for other, hits in zip(pattern.anchored, found, strict=True):
        if other == primary:
            continue
        low, high = (other, primary) if other < primary else (primary, other)
        # tokens from the primary's to the other's: at least the steps between them plus
        # one, at most (a repeating step's tokens at either end) all they can take
        near = 1 + pattern.least[high] - pattern.least[low + 1]
        far = sum(most[low : high + 1]) - 1
        if other < primary:
            near, far = -far, -near
        at = [t for t in at if bisect_left(hits, t + near) < bisect_right(hits, t + far)]
        if not at:
            return None
    extra = most[primary] - 1  # an anchor step that repeats: any of its tokens
    return at, sum(most[:primary]) + extra, sum(most[primary + 1 :]) + extra


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of token ranges, as ranges in text order at least one token apart."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


class RuleMatcher:
    """A ruleset's token patterns, each rule's run by a ``Matcher`` of its own over the
    stretches of a doc the rule can match in; what they find is what the ruleset's one
    ``Matcher`` finds over the whole doc, in its order (see the module docstring)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.matcher = compile_matcher(ruleset)
        self.compiled = _compile(ruleset)
        self.rule_matchers = {
            number: compile_matcher(ruleset.model_copy(update={"rules": (rule,)}))
            for number, rule in enumerate(ruleset.rules)
            if rule.patterns
        }
        self.numbers = {get_string_id(rule.id): n for n, rule in enumerate(ruleset.rules)}
        self.ruleset = ruleset
        self._tie_matchers: dict[frozenset[int], Matcher] = {}

    def rule_stretches(self, doc: Doc) -> dict[int, list[tuple[int, int]]]:
        """For each rule (by index) that can match in ``doc``, the token ranges [start, end)
        outside which it cannot, in text order, at least one token apart."""
        length = len(doc)
        if not length or self.compiled is None:
            return {}
        index = _DocIndex(doc, self.compiled)
        windows: dict[int, list[tuple[int, int]]] = {}
        for pattern in self.compiled.patterns:
            reach = _reach(pattern, index)
            if reach is not None:
                at, before, after = reach
                windows.setdefault(pattern.rule, []).extend(
                    (max(token - before, 0), min(token + after + 1, length)) for token in at
                )
        return {rule: _merged(found) for rule, found in windows.items()}

    def stretches(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges [start, end) outside which no pattern can match, in text order, at
        least one token apart."""
        if self.compiled is None:
            return [(0, len(doc))] if len(doc) else []
        return _merged([w for found in self.rule_stretches(doc).values() for w in found])

    def __call__(self, doc: Doc) -> list[Match]:
        """The matches of the ruleset's ``Matcher`` over ``doc``, sorted by (start, end),
        those of one span in the order it gives them."""
        if self.compiled is None:
            return sorted(self.matcher(doc), key=lambda m: (m[1], m[2]))
        stretches = self.rule_stretches(doc)
        found: list[tuple[int, int, int, int]] = []  # start, end, match id, rule
        for rule, ranges in stretches.items():
            matcher = self.rule_matchers[rule]
            for start, end in ranges:
                for match_id, begin, finish in matcher(doc[start:end]):
                    found.append((begin + start, finish + start, match_id, rule))
        found.sort()
        tied: dict[tuple[int, int], set[int]] = {}  # spans more than one rule matched
        for one, other in pairwise(found):
            if one[:2] == other[:2]:
                tied.setdefault(one[:2], {one[3]}).add(other[3])
        if tied:
            orders: dict[frozenset[int], dict[int, int]] = {}
            rank: dict[tuple[int, int], dict[int, int]] = {}
            for span, rules in tied.items():
                key = frozenset(rules)
                if key not in orders:
                    orders[key] = self._first_matched(doc, key, stretches)
                rank[span] = orders[key]
            found.sort(key=lambda m: (m[0], m[1], rank[m[:2]][m[3]] if m[:2] in rank else 0))
        return [(match_id, start, end) for start, end, match_id, _ in found]

    def _first_matched(
        self, doc: Doc, rules: frozenset[int], stretches: dict[int, list[tuple[int, int]]]
    ) -> dict[int, int]:
        """The order in which ``rules`` first match when the ruleset's one ``Matcher`` runs
        over the whole doc (it lists a rule's matches together, rules in that order), found
        by running a ``Matcher`` of these rules only over their stretches: the Matcher
        follows each pattern's partial matches on their own, so the others change neither
        what these find nor in which order."""
        matcher = self._tie_matchers.get(rules)
        if matcher is None:
            if len(self._tie_matchers) >= _TIE_MATCHERS:
                self._tie_matchers.clear()
            kept = tuple(r for n, r in enumerate(self.ruleset.rules) if n in rules)
            matcher = compile_matcher(self.ruleset.model_copy(update={"rules": kept}))
            self._tie_matchers[rules] = matcher
        ranges = _merged([window for rule in rules for window in stretches[rule]])
        first: dict[int, int] = {}
        for start, end in ranges:
            for match_id, _, _ in matcher(doc[start:end]):
                rule = self.numbers.get(match_id)
                if rule in rules and rule not in first:
                    first[rule] = len(first)
        return first


@cache
def shipped_rule_matcher() -> RuleMatcher:
    return RuleMatcher(shipped_rules())
