"""Declarative derivation rules: YAML files under ``rules/``, validated and compiled here.

A rule file holds ``classes`` (named lemma sets, referenced as ``$NAME``) and ``rules``. Each
rule has an id, the event type it derives, spaCy ``Matcher`` token patterns over lemmas
(the trigger), role slots (how to find the actor and the target), cue words that a sentence
must or must not contain, and how to date the event. The extractor interprets them; adding
a phrasing is a data change.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from spacy.matcher import Matcher

from timeline.derivation.nlp import pipeline
from timeline.derivation.rule_yaml import load_rule_yaml
from timeline.domain.events import NEGOTIATION_EVENT_TYPES
from timeline.errors import CatalogError

ActorSlot = Literal[
    "subject",
    "owner",
    "owner_only",
    "speaker",
    "joint",
    "agents",
    "deal",
    "none",
    "approver",
    "approver_or_place",
]
TargetSlot = Literal["other", "owner", "none"]
DatePolicy = Literal["sentence", "sentence_or_anchor", "stated", "anchor", "published", "none"]
"""How an event is dated: ``sentence`` only by a date its sentence gives (else no event);
``sentence_or_anchor`` by that, else by the article's anchor day; ``stated`` by that, else
undated (the event is kept, its date unknown: background told in passing); ``anchor``,
``published``, ``none``."""
NegationPolicy = Literal["skip", "require", "any"]
QuotePolicy = Literal["any", "inside", "outside"]
TopicSource = Literal[
    "fixed", "proposal_words", "proposal_noun", "demanded_verb", "demanded_noun", "trigger_noun"
]
FactSource = Literal["deal_terms", "trade_figures"]

RULE_FILES = (
    "proposals.yaml",
    "agreements.yaml",
    "meetings.yaml",
    "termination.yaml",
    "positions.yaml",
    "figures.yaml",
    "words.yaml",
)


class Cue(BaseModel):
    """Lemmas that must (or must not) occur in a window around the trigger.

    ``window`` counts tokens on each side given by ``side``; None means the whole sentence.
    ``clause`` stops the window at clause punctuation (, ; : dashes and brackets), so that
    "if" in another clause ("If talks fail, ... Seoul signed") does not count.
    ``unless`` (on an exclusion only) lifts the veto when one of its lemmas is in the same
    window: "a clause that lets either side seek amendments" vetoes a termination notice,
    "a clause that lets either side seek amendments or withdraw" does not.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lemmas: tuple[str, ...]
    window: int | None = None
    side: Literal["before", "after", "both"] = "both"
    clause: bool = False
    unless: tuple[str, ...] = ()


class ExpectedFact(BaseModel):
    """A fact an example sentence must (or must not) give, compared on the derived events.

    An event matches when its type is ``type`` and every other given field equals the
    event's: ``actor`` / ``target`` as party codes joined by "+" ("CN+US"; "" for none),
    ``date`` the world date at the text's precision ("2018-11-13", "2018-11"),
    ``negotiation``, ``quotes`` (the number of evidence spans), ``quote`` (the first evidence
    span's text) and ``fields`` (other payload fields as text: ``location``,
    ``scheduled_for``, ``invoked``...). Without ``count`` at least one event matches; with
    it, the example gives exactly ``count`` events of the type and every one of them
    matches; ``every`` asks that at least one event of the type is given and all match.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    actor: str | None = None
    target: str | None = None
    date: str | None = None
    negotiation: str | None = None
    quotes: int | None = Field(default=None, ge=1)
    quote: str | None = None
    fields: dict[str, str] = {}
    count: int | None = Field(default=None, ge=1)
    every: bool = False


class RuleExample(BaseModel):
    """A sentence (or a few) with the facts it must derive and those it must not.

    ``published`` and ``negotiation`` are the front matter of the example's article.
    ``derives_nothing``: the text gives no event at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    published: date = date(2017, 8, 22)
    negotiation: str | None = "korus"
    derives: tuple[ExpectedFact, ...] = ()
    excludes: tuple[ExpectedFact, ...] = ()
    derives_nothing: bool = False

    @model_validator(mode="after")
    def _says_something(self) -> RuleExample:
        if not (self.derives or self.excludes or self.derives_nothing):
            raise ValueError("an example needs derives, excludes or derives_nothing")
        return self


class Rule(BaseModel):
    """One derivation rule. Invariant: ``type`` is a negotiation event type; ids are unique.

    ``passive``: ``skip``/``require`` a passive trigger; ``flip`` makes the actor of a passive
    without "by X" the counterpart of its grammatical subject ("Barnier's proposals were
    dismissed" -> the UK); ``agent_only`` accepts a passive only with "by X".
    ``excludes_undated`` cues veto the rule only when the sentence gives no date.
    ``answers``: the rule fires only when a party it targets made a proposal earlier in the
    article (an offer that answers a request is a counter-proposal).
    ``evidence: clause``: a trigger inside a relative clause ("a deal that Trump has called
    a 'job killer'") is evidenced by that clause alone, and stays a distinct event.
    ``requires_place``: a meeting or schedule is kept only when its clause names a place
    ("to be signed in Washington" is a signing meeting; "to be signed by November" a timetable).
    ``past``: the event has happened by publication; dated after the publication day it is a
    plan or a hope ("the conclusion of a deal at the end of next year"), not an event.
    ``continues``: a position that may go on the same party's statement of the sentence
    before ("..., he said.", "He added that ..."); a stance told in narration ("The US blames
    Beijing ...") starts a statement of its own. A trigger inside quotation marks continues.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    type: str
    description: str = ""
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    actor: ActorSlot = "subject"
    target: TargetSlot = "other"
    negation: NegationPolicy = "skip"
    negation_window: int = 4
    passive: Literal["any", "skip", "require", "flip", "agent_only"] = "any"
    quote: QuotePolicy = "any"
    requires: tuple[Cue, ...] = ()
    excludes: tuple[Cue, ...] = ()
    excludes_undated: tuple[Cue, ...] = ()
    polarity: Literal["positive", "negative"] = "positive"
    modality: Literal["asserted", "possible", "conditional", "hypothetical"] = "asserted"
    date: DatePolicy = "sentence_or_anchor"
    future: bool = False
    date_reach: int = Field(default=60, ge=0)
    date_from: Literal["first", "last"] = "first"
    """The trigger's word its date is looked for from: the first, or the last (patterns
    whose verb ends a long match: "The talks, first launched in 2007, were suspended in
    2013" is dated by "suspended")."""
    topic: str | None = None
    subject: str = ""
    confidence: float = Field(default=0.7, ge=0.0, le=1.0)
    suppressed_by: tuple[str, ...] = ()
    merge: bool = True
    single_actor: bool = False
    requires_other_party: bool = False
    requires_place: bool = False  # a meeting or schedule only when its place is named
    past: bool = False  # dated after publication, the event has not happened: none
    answers: bool = False  # fires only after a proposal by a party it targets (a reply)
    evidence: Literal["sentence", "clause"] = "sentence"
    continues: bool = False  # a position continuing the statement of the sentence before
    topic_from: TopicSource | None = None
    yields_to: tuple[str, ...] = ()
    sources_facts: tuple[FactSource, ...] = ()
    invokes: bool = False
    measures: tuple[str, ...] = ()
    examples: tuple[RuleExample, ...] = ()


class EventKind(BaseModel):
    """How the pipeline treats every event of one type, whatever rule derived it.

    Declared under ``types`` in a rule file; a type declared nowhere takes these defaults.
    ``located``: a positive one carries the place named in its trigger's clause (``location``).
    ``schedule``: it sets a meeting ahead: ``scheduled_for`` is read forward from the trigger
    (for rules with ``future``) and the event is dated by the article's anchor; two set for
    incompatible dates stay two, and an undated one beside the same parties' "no date" is that
    round. ``details``: more payload read from the sentence (``termination``: the notice,
    period and whether the clause is invoked). ``merge``: how restatements join: ``topic``
    (same parties and topic), ``dated`` (as ``topic``, but only when their dates can tell one
    meeting or act, which is dated by its first day), ``neighbours`` (a party's in
    neighbouring sentences of one paragraph), ``sentence`` (one per sentence and measure).
    ``statement``: an event of another clause ("the panels that Washington wanted to scrap")
    or after a new subject ("..., and Tusk called a summit") does not silence it.
    ``setting``: told before another event of its sentence, it is that event's setting ("At
    the first round, Lighthizer said"), not what silences it. ``topic_from``: how a rule of
    the type that names none keys its restatements (see ``topics.py``). ``by_publication``:
    it has happened by the article's publication (a stance is voiced by then), so a date its
    sentence gives after that is another event's ("ahead of elections in 2024") and it takes
    the article's anchor day instead.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    located: bool = False
    schedule: bool = False
    details: Literal["none", "termination"] = "none"
    merge: Literal["topic", "dated", "neighbours", "sentence"] = "topic"
    statement: bool = False
    setting: bool = False
    topic_from: TopicSource = "fixed"
    by_publication: bool = False


_DEFAULT_KIND = EventKind()


class RuleSet(BaseModel):
    """All rules, in file order, with a compiled matcher keyed by rule id."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    rules: tuple[Rule, ...]
    classes: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    types: dict[str, EventKind] = {}

    def kind(self, type_name: str) -> EventKind:
        """How events of ``type_name`` are treated (the defaults when no file declares it)."""
        return self.types.get(type_name, _DEFAULT_KIND)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def figure_rule(self, measure: str) -> Rule:
        """The trade-figure rule that names ``measure``, else the one that names none."""
        figures = [r for r in self.rules if r.type == "trade_figure_reported"]
        named = [r for r in figures if measure in r.measures]
        return (named or [r for r in figures if not r.measures])[0]


def _expand(value: Any, classes: dict[str, tuple[str, ...]], where: str) -> Any:
    """Replace ``$NAME`` strings (alone or inside lists) by the lemma class NAME."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in classes:
            raise ValueError(f"{where}: unknown lemma class {value}")
        return list(classes[name])
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            expanded = _expand(item, classes, where)
            if isinstance(item, str) and item.startswith("$"):
                out.extend(expanded)
            else:
                out.append(expanded)
        return out
    if isinstance(value, dict):
        return {k: _expand(v, classes, where) for k, v in value.items()}
    return value


def parse_rule_files(texts: list[tuple[str, str]]) -> RuleSet:
    """Validate rule files given as (name, YAML text); raises CatalogError naming the file."""
    classes: dict[str, tuple[str, ...]] = {}
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    raw_rules: list[tuple[str, dict[str, Any]]] = []
    types: dict[str, EventKind] = {}
    for name, text in texts:
        try:
            data = load_rule_yaml(text) or {}
        except yaml.YAMLError as exc:
            raise CatalogError(name, f"rule file is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise CatalogError(name, "a rule file must be a mapping with 'classes' and 'rules'")
        for key, lemmas in (data.get("classes") or {}).items():
            classes[str(key)] = tuple(str(lemma) for lemma in lemmas)
        for key, sequences in (data.get("phrases") or {}).items():
            phrases[str(key)] = tuple(tuple(str(w) for w in seq) for seq in sequences)
        raw_rules.extend((name, rule) for rule in data.get("rules") or [])
        for type_name, raw_kind in (data.get("types") or {}).items():
            if type_name not in NEGOTIATION_EVENT_TYPES:
                raise CatalogError(name, f"types: unknown event type {type_name!r}")
            if type_name in types:
                raise CatalogError(name, f"types: {type_name} is declared twice")
            try:
                types[type_name] = EventKind.model_validate(raw_kind or {})
            except ValidationError as exc:
                raise CatalogError(name, f"types: invalid {type_name}: {exc}") from None
    rules: list[Rule] = []
    seen: set[str] = set()
    for name, raw in raw_rules:
        try:
            rule = Rule.model_validate(_expand(raw, classes, name))
        except (ValidationError, ValueError) as exc:
            raise CatalogError(name, f"invalid rule {raw.get('id', '?')}: {exc}") from None
        if rule.topic_from is None:  # the type's way of keying restatements
            topic_from = types.get(rule.type, _DEFAULT_KIND).topic_from
            rule = rule.model_copy(update={"topic_from": topic_from})
        if rule.type not in NEGOTIATION_EVENT_TYPES:
            raise CatalogError(name, f"rule {rule.id}: unknown event type {rule.type!r}")
        wrong = {
            f.type
            for example in rule.examples
            for f in (*example.derives, *example.excludes)
            if f.type not in NEGOTIATION_EVENT_TYPES
        }
        if wrong:
            raise CatalogError(name, f"rule {rule.id}: examples name unknown types {sorted(wrong)}")
        unknown = set(rule.yields_to) - set(NEGOTIATION_EVENT_TYPES)
        if unknown:
            raise CatalogError(name, f"rule {rule.id}: yields_to unknown types {sorted(unknown)}")
        if rule.id in seen:
            raise CatalogError(name, f"duplicate rule id {rule.id}")
        seen.add(rule.id)
        rules.append(rule)
    return RuleSet(rules=tuple(rules), classes=classes, phrases=phrases, types=types)


@cache
def shipped_rules() -> RuleSet:
    """The rules shipped under ``timeline/derivation/rules/``."""
    folder = files("timeline.derivation") / "rules"
    texts = [(name, (folder / name).read_text(encoding="utf-8")) for name in RULE_FILES]
    return parse_rule_files(texts)


def compile_matcher(ruleset: RuleSet) -> Matcher:
    """A spaCy Matcher with one key per rule id (greedy longest matches)."""
    matcher = Matcher(pipeline().vocab)
    for rule in ruleset.rules:
        if not rule.patterns:
            continue  # a rule applied by code (figures), documented in its YAML
        try:
            matcher.add(rule.id, [list(p) for p in rule.patterns], greedy="LONGEST")
        except ValueError as exc:
            raise CatalogError(f"rule {rule.id}", f"invalid token pattern: {exc}") from None
    return matcher


@cache
def shipped_matcher() -> Matcher:
    return compile_matcher(shipped_rules())


@cache
def lemma_class(name: str) -> frozenset[str]:
    """A named lemma class from the shipped rules (e.g. ``SAY``)."""
    return frozenset(shipped_rules().classes.get(name, ()))


@cache
def word_class(name: str) -> frozenset[str]:
    """A class of words the pipeline's code reads (``NEGATOR``); it must exist in the rules."""
    words = shipped_rules().classes.get(name)
    if words is None:
        raise CatalogError("words.yaml", f"missing word class {name}")
    return frozenset(words)


@cache
def phrase_class(name: str) -> frozenset[tuple[str, ...]]:
    """A named set of word sequences (``ANY_PARTY``); it must exist in the rules."""
    sequences = shipped_rules().phrases.get(name)
    if sequences is None:
        raise CatalogError("words.yaml", f"missing phrase class {name}")
    return frozenset(sequences)
