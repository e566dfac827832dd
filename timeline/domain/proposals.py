"""Proposals as entities: who proposed what to whom, and how each was answered.

Consolidated facts are taken in world-date order (within one day: proposals, then answers,
then counter-proposals and joint studies, then by the first report's
:func:`~timeline.domain.consolidation.report_order`). Store order plays no part: the
lifecycle is a function of the set of events, whatever order the articles were ingested in.
Lifecycle rules:

- ``proposal_made`` opens a proposal (id ``p-`` + 10 hex digits of its first report's event
  id). A later one from the same proposer on a similar subject supersedes an open one
  (``superseded``); one with negative polarity withdraws it (``withdrawn``).
- Links look at the other (or same) party's ``LINK_WINDOW`` most recent proposals only.
- ``proposal_rejected`` / ``proposal_accepted`` answer a proposal, linked by the first rule
  that finds one: ``explicit`` (the event's ``answers`` names the proposal id, a fact id or
  an event id), ``same-sentence`` (a quote of the answer overlaps a quote of the proposal in
  the same article: the sentence that reports the answer names the proposal, as in "rejected
  the US proposal to amend the deal"; the proposal sharing the most of the answer's quotes,
  then the most recent), ``matching-subject`` (the most recent open proposal from the other party
  whose subject shares at least a third of the key words), ``only-open-proposal`` (the other
  party has exactly one open proposal). An answer no rule links is kept as unlinked, never
  attached by guess.
- ``joint_study_proposed`` / ``counter_proposal_made`` open a proposal of their own awaiting
  the other side's answer; linked by the same rules to the proposal they answer, which
  becomes ``countered`` if it was still open.
- A linked proposal is always made by the party the answer addresses (or, when the answer
  names no addressee, by another party), addressed to the answering party or to nobody in
  particular, and made on or before the answer's date. ``link_reason`` says which of these
  held and how close the subjects were.
- *Implied proposals.* An answer such as "rejected the EU's offer" also states that a
  proposal existed: a ``proposal_made`` whose every quote overlaps the quote of an answer
  (rejection, acceptance or counter-proposal) in the same article, made by the party the
  answer addresses, is *implied by* that answer. It is not opened on its own: when the
  answer links to a proposal the rules above find, the implied one is that proposal and is
  not created; only when none is found is it opened (``implied_by`` names the answer, the
  link rule is ``implied-by-answer``, ``made_on`` is ``unknown``: the answer says only that
  it was made before). An implied proposal never supersedes another.

Folding them: :class:`LifecycleFold` applies the rules one group at a time. Without a
journal (:func:`build_proposals`) it reads only what a rule needs (the proposals quoted in
the answer's articles, the candidates latest first, names when an answer first gives
one) and may take each step's search result from :func:`lifecycle_log` of groups folded
before (a fold snapshot keeps it) while the steps read the same reports; with a journal
(the replay) it reads every candidate, as :class:`Reading` keeps them.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import islice
from operator import attrgetter
from typing import Any
from uuid import UUID

from timeline.domain.consolidation import (
    FactGroup,
    Sources,
    Viewer,
    first_day_of,
    id_prefix,
    independent_count,
    inserted_in_order,
    report_order,
    sources_in,
    to_fact,
    world_date,
)
from timeline.domain.fold import AppliedFact, ArticleInfo
from timeline.domain.subjects import KeyWords, WordsOf, similarity
from timeline.domain.values import WorldDate, parties_code
from timeline.domain.views import (
    UNKNOWN,
    Fact,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Unknown,
    trusted_dict,
)

PROPOSAL_TYPES = frozenset({"proposal_made", "joint_study_proposed", "counter_proposal_made"})
ANSWER_TYPES = frozenset({"proposal_rejected", "proposal_accepted"})
IMPLYING_TYPES = ANSWER_TYPES | {"counter_proposal_made"}
"""Answers whose sentence may name the proposal they answer ("rejected the EU's offer")."""
LIFECYCLE_TYPES = PROPOSAL_TYPES | ANSWER_TYPES
LINK_THRESHOLD = 1 / 3
LINK_WINDOW = 200
"""How many of a party's most recent proposals an answer or a supersession looks at."""
SUPERSEDE_THRESHOLD = 0.5

_RANK = {
    "proposal_made": 0,
    "proposal_rejected": 1,
    "proposal_accepted": 1,
    "joint_study_proposed": 2,
    "counter_proposal_made": 2,
}
_KIND: dict[str, ProposalKind] = {
    "proposal_made": "proposal",
    "joint_study_proposed": "joint_study",
    "counter_proposal_made": "counter_proposal",
}


@dataclass(slots=True)
class _Entry:
    """A proposal being built; mutable while the lifecycle is folded."""

    id: str
    group: FactGroup
    kind: ProposalKind
    proposer: str | None
    addressee: str | None
    subject: str
    made_first: date
    status: ProposalStatus = "open"
    answered_by: str | None = None
    answered_on: WorldDate | Unknown | None = None
    link_rule: str | None = None
    link_reason: str | None = None
    answer_fact: str | None = None
    in_answer_to: str | None = None
    implied_by: str | None = None
    answer_group: FactGroup | None = None
    """The answer's reports (their sources are read when the view is built: a report
    joining the answer later changes them, not the lifecycle)."""
    history: list[str] = field(default_factory=list)
    own_refs: list[str] = field(default_factory=list)
    """The names of ``refs()`` this entry claimed in the book (the others were taken)."""
    opened: int = -1
    """How many entries the fold opened before it (a fold without journal counts them)."""
    rank: int = 0
    """Its place in its proposer's list of the book (``_Book.by_proposer``): it is among the
    proposer's ``LINK_WINDOW`` most recent proposals while the list is shorter than
    ``rank + LINK_WINDOW + 1``."""

    def refs(self, name: Callable[[UUID], str] = str) -> set[str]:
        """Every name an explicit ``answers`` may use for this proposal (``name`` writes an
        event id as text: ``str``, or a memo of it)."""
        names = {self.id, self.group.fact_id}
        names.update(map(name, [member.event_id for member in self.group.members]))
        return names


class EventNames(dict[UUID, str]):
    """A memo of ``str(event_id)`` owned by a lifecycle fold: a proposal's names are read
    whenever it is opened or a report joins it."""

    __slots__ = ()

    def __missing__(self, event_id: UUID) -> str:
        text = self[event_id] = str(event_id)
        return text

    __call__ = dict.__getitem__


def proposal_id(group: FactGroup) -> str:
    """The deterministic id of the proposal a group of reports opens."""
    return f"p-{id_prefix(group.first.event_id)}"


def lifecycle_order(group: FactGroup) -> tuple[object, ...]:
    """Where a group stands in the lifecycle: world date, then proposals before answers
    before counters, then its first report's :func:`report_order` (never store order)."""
    return (first_day_of(group.event), _RANK[group.event.type], report_order(group.first))


def in_lifecycle_order(groups: Iterable[FactGroup], log: Sequence[Any] | None) -> list[FactGroup]:
    """``groups`` sorted by :func:`lifecycle_order`, given the :func:`lifecycle_log` of
    groups folded before (``log``): its steps are in that order, and a group's place in it
    depends on its first report only, so a group whose first report (by store position)
    opened a logged step takes that step's rank (no key computed when they come in rank
    order); the others are sorted and each put in place by bisection (a few keys each);
    many others: everything sorted."""
    groups = list(groups)
    rank_of: dict[int, int] = {}
    for step, logged in enumerate(log or ()):
        if isinstance(logged, list) and logged and isinstance(logged[0], list) and logged[0]:
            rank_of.setdefault(logged[0][0], step)
    if not rank_of:
        return sorted(groups, key=lifecycle_order)
    known: list[FactGroup] = []
    other: list[FactGroup] = []
    ranks: list[int] = []
    for group in groups:
        rank = rank_of.get(group.members[0].position)
        if rank is None:
            other.append(group)
        else:
            known.append(group)
            ranks.append(rank)
    if len(other) * 8 > len(groups):
        return sorted(groups, key=lifecycle_order)
    if any(ranks[i] >= ranks[i + 1] for i in range(len(ranks) - 1)):
        known = [group for _, group in sorted(zip(ranks, known, strict=True), key=_first)]
    if not other:
        return known
    return inserted_in_order(known, other, lifecycle_order)


_position_of = attrgetter("position")


def _first(pair: tuple[int, FactGroup]) -> int:
    return pair[0]


def _date_of(group: FactGroup) -> WorldDate | Unknown:
    occurred = group.members[0].event.occurred  # (FactGroup.event without its call)
    return occurred if occurred is not None else UNKNOWN


def _overlaps(inner: FactGroup, outer: FactGroup) -> bool:
    """True when every quote of ``inner`` overlaps a quote of ``outer`` in the same article."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for member in outer.members:
        for quote in member.event.evidence:
            spans.setdefault(quote.article_id, []).append((quote.start, quote.end))
    for member in inner.members:
        for quote in member.event.evidence:
            found = spans.get(quote.article_id)
            if not found or not any(s < quote.end and quote.start < e for s, e in found):
                return False
    return True


def implied_proposals(groups: Iterable[FactGroup]) -> list[tuple[FactGroup, FactGroup]]:
    """Proposal groups implied by an answer (see module rules), as (proposal, answer) pairs.

    Pairs of groups, not of fact ids: a fact id is a short prefix of an event id and two
    facts may share it, which must not make one fact stand for another."""
    answers_by_article: dict[str, list[FactGroup]] = {}
    proposals: list[FactGroup] = []
    for group in groups:
        if group.members[0].event.type in IMPLYING_TYPES:
            for article in group.articles:
                answers_by_article.setdefault(article, []).append(group)
        elif may_be_implied(group):
            proposals.append(group)
    out: list[tuple[FactGroup, FactGroup]] = []
    for proposal in proposals:
        found = implying_answer(proposal, answers_by_article)
        if found is not None:
            out.append((proposal, found))
    return out


def may_be_implied(group: FactGroup) -> bool:
    """True for a group an answer may imply: a positive ``proposal_made``."""
    event = group.members[0].event
    return event.type == "proposal_made" and event.polarity == "positive"


def implying_answer(
    proposal: FactGroup, answers_by_article: Mapping[str, Sequence[FactGroup]]
) -> FactGroup | None:
    """The answer that implies ``proposal``: the first, in lifecycle order, among the
    answers of the proposal's articles (taken in sorted order) that addresses its proposer
    and whose quotes cover the proposal's."""
    for article in sorted(proposal.articles):
        for answer in answers_by_article.get(article, ()):
            if _addresses(answer, proposal) and _overlaps(proposal, answer):
                return answer
    return None


def _addresses(answer: FactGroup, proposal: FactGroup) -> bool:
    """True when the answer may answer the proposer: it is addressed to it, or to nobody."""
    answered = answer.members[0].event
    target, proposer = answered.target, proposal.members[0].event.actor
    if answered.actor is not None and answered.actor == proposer:
        return False
    return target is None or proposer is None or target == proposer


@dataclass(slots=True)
class Lifecycle:
    """The result: proposals in the order they were made, and answers no rule could link."""

    proposals: dict[str, Proposal]
    unlinked: list[Fact]


@dataclass(slots=True)
class _Book:
    """Proposals being built, indexed by id, by every explicit reference and by proposer.

    ``refs`` maps each name of :meth:`_Entry.refs` to the first entry opened that has it;
    a fold without journal defers that to the first time a name is looked up (``unclaimed``
    lists the entries opened since, in order: :meth:`claim`), as most answers name no
    proposal."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    refs: dict[str, _Entry] = field(default_factory=dict)
    names: EventNames = field(default_factory=EventNames)
    unclaimed: list[_Entry] | None = None
    by_proposer: dict[str | None, list[_Entry]] = field(default_factory=dict)
    by_article: dict[str, list[_Entry]] | None = None
    """Every entry under each article its group's reports quote (None: not kept). Kept by a
    fold without journal only, whose groups never change while it is folded: the
    same-sentence rule looks only at proposals quoted in one of the answer's articles."""

    def claim(self, entry: _Entry) -> None:
        """Put the names of ``entry`` no entry took before it in ``refs``."""
        refs = self.refs
        new_refs = entry.own_refs = [ref for ref in entry.refs(self.names) if ref not in refs]
        for ref in new_refs:
            refs[ref] = entry

    def named(self, reference: str) -> _Entry | None:
        """The entry an explicit reference names (see ``refs``)."""
        unclaimed = self.unclaimed
        if unclaimed:
            for entry in unclaimed:
                self.claim(entry)
            unclaimed.clear()
        return self.refs.get(reference)

    def recent(self, proposer: str | None) -> list[_Entry]:
        """The proposer's most recent proposals, oldest first (at most ``LINK_WINDOW``)."""
        return self.by_proposer.get(proposer, [])[-LINK_WINDOW:]

    def latest_first(self, proposer: str | None) -> Iterator[_Entry]:
        """:meth:`recent`, latest first, without copying the list."""
        return islice(reversed(self.by_proposer.get(proposer, ())), LINK_WINDOW)

    def in_window(self, entry: _Entry) -> bool:
        """Whether ``entry`` is among :meth:`recent` of its proposer."""
        return entry.rank + LINK_WINDOW >= len(self.by_proposer[entry.proposer])


def build_proposals(
    groups: Iterable[FactGroup],
    articles: dict[str, ArticleInfo],
    words: WordsOf | None = None,
    log: Sequence[Any] | None = None,
    sources_for: Sources | None = None,
    view: Viewer | None = None,
) -> Lifecycle:
    """Fold proposals, answers and counters into proposal entities (see module rules);
    ``log``: :func:`lifecycle_log` of groups folded before (a fold snapshot keeps it), whose
    decisions are taken as they are while the steps read what they read then; ``view``:
    how the unlinked answers' :func:`to_fact` is made (see
    :meth:`~timeline.domain.consolidation.ReportSources.viewer`)."""
    sources_for = sources_for or partial(sources_in, articles)
    ordered, fold = _prepared(groups, articles, words, log)
    alike = _read_alike(fold, ordered, log)
    taken = None
    if isinstance(log, LoggedSteps) and alike == len(ordered):
        taken = log.memo.taken(ordered, fold, log, articles, sources_for)
    if taken is None:
        for group in ordered[_resume(fold, ordered, log, alike) :]:
            fold.step(group)
        proposals = {
            entry.id: proposal_view(entry, articles, sources_for)
            for entry in fold.book.entries.values()
        }
        unlinked_groups = fold.unlinked
    else:
        proposals, unlinked_groups = taken
    if view is not None:
        unlinked = [view(to_fact, group) for group in unlinked_groups]
    else:
        unlinked = [to_fact(group, articles, sources_for) for group in unlinked_groups]
    return Lifecycle(proposals, unlinked)


def lifecycle_log(groups: Iterable[FactGroup], words: WordsOf | None = None) -> list[list[Any]]:
    """What each step of the lifecycle of ``groups`` read and decided, in
    :func:`lifecycle_order`: ``[positions, implied, decision]`` per step.

    A step's decision (what it found by searching the book: the proposal a withdrawal
    withdraws or a new one supersedes, as its place among the entries opened, -1 for none;
    the link of an answer or counter, ``[place, rule, reason]`` or None) depends on the
    book, which the steps before it made, and on what the step reads of its own group:
    its reports (``positions``, the store positions of its members, in order) and, through
    :func:`implied_proposals` over every group, whether it is implied (``implied`` 1 or 0,
    a ``proposal_made``) or which proposals it implies (the positions of their members, an
    answer or counter). So a lifecycle whose first steps read the same (a later state of
    the same negotiation, or an earlier one as of a date at which its first groups are
    whole) decides them alike: :func:`build_proposals` takes their decisions from the log
    and searches from the first step that differs. Everything else a step does (opening,
    statuses, histories) is done again from the decision."""
    log: list[list[Any]] = []
    _folded(groups, {}, words, None, log)
    return log


def _folded(
    groups: Iterable[FactGroup],
    articles: dict[str, ArticleInfo],
    words: WordsOf | None,
    log: Sequence[Any] | None,
    record: list[list[Any]] | None = None,
) -> LifecycleFold:
    """The lifecycle of ``groups`` folded (without journal), taking the decisions of the
    steps ``log`` holds while they read alike (:func:`lifecycle_log`), writing each step's
    to ``record``."""
    ordered, fold = _prepared(groups, articles, words, log)
    start = _resume(fold, ordered, log, _read_alike(fold, ordered, log))
    for group in ordered[start:] if start else ordered:
        fold.step(group)
        if record is not None:
            record.append([*fold.reads(group), fold.decided])
    return fold


def _prepared(
    groups: Iterable[FactGroup],
    articles: dict[str, ArticleInfo],
    words: WordsOf | None,
    log: Sequence[Any] | None,
) -> tuple[list[FactGroup], LifecycleFold]:
    """``groups`` in :func:`lifecycle_order` and a fold (without journal) to fold them,
    told which of them are implied (:func:`implied_proposals`)."""
    ordered = in_lifecycle_order(groups, log)
    fold = LifecycleFold(articles, words=words)
    fold.set_implied(implied_proposals(ordered))
    return ordered, fold


def _read_alike(fold: LifecycleFold, ordered: list[FactGroup], log: Sequence[Any] | None) -> int:
    """How many of the first steps of ``ordered`` read what the steps ``log`` holds read
    (:func:`lifecycle_log`; a row that is not a step ends them)."""
    count = 0
    for group, logged in zip(ordered, log or (), strict=False):
        if (
            not isinstance(logged, list)
            or len(logged) != 3
            or fold.reads(group) != [logged[0], logged[1]]
        ):
            break
        count += 1
    return count


def _resume(
    fold: LifecycleFold, ordered: list[FactGroup], log: Sequence[Any] | None, alike: int
) -> int:
    """Fold the first ``alike`` groups of ``ordered`` with the decisions ``log`` holds for
    them, up to the first one the fold cannot take; how many were folded."""
    start = 0
    for group, logged in zip(ordered[:alike], log or (), strict=False):
        if not fold.step_as(group, logged[2]):
            break
        start += 1
    return start


Undo = Callable[[], None]
_SEARCH: Any = object()
"""No decision given: a step searches the book (see :meth:`LifecycleFold.step_as`)."""
Named = tuple[_Entry, int] | None
"""What :func:`_named_in_answer` found: the proposal and how many quotes it shares."""


@dataclass(slots=True)
class Reading:
    """What a step read of the groups' quotes: the same-sentence rule's candidates (the
    proposals it could link to at that step, in the order they were made) and what it found
    among them. The candidates depend on the book at that step only, not on any quote: a
    report joining a group changes the step only if the rule now finds another proposal
    or another count (:meth:`LifecycleFold.reads_alike`)."""

    group: FactGroup
    candidates: list[_Entry]
    named: Named


class LifecycleFold:
    """The lifecycle rules folded one group at a time, in :func:`lifecycle_order`.

    With ``journal``, every change to the book is recorded with how to undo it, so the fold
    can be rewound to any earlier step and go on from there (a report dated earlier than
    the latest ones changes the lifecycle from its place in the order on). :meth:`set_implied`
    gives it the (proposal, answer) pairs of :func:`implied_proposals` over all the groups.

    Invariants: ``marks[i]`` is the journal's length before step ``i``, and ``readings[i]``
    what step ``i`` read of the quotes (None: nothing, such as a ``proposal_made`` or an
    explicit link); rewinding to ``i``
    steps leaves the book, ``unlinked`` and ``by_proposer`` exactly as after those steps
    (dict keys in the same order); ``touched`` collects the ids of entries changed, made or
    unmade since it was last cleared, and ``unlinked_low`` the shortest ``unlinked`` since.
    """

    def __init__(
        self,
        articles: dict[str, ArticleInfo],
        *,
        journal: bool = False,
        words: WordsOf | None = None,
    ) -> None:
        self.articles = articles
        self.words = KeyWords() if words is None else words
        self.book = _Book()
        self.unlinked: list[FactGroup] = []
        self._implied: set[int] = set()
        self._implying: dict[int, list[FactGroup]] = {}
        self.marks: list[int] = []
        self.readings: list[Reading | None] = []
        self.touched: set[str] = set()
        self.unlinked_low = 0
        self._journal: list[tuple[str, Undo]] | None = [] if journal else None
        self._opened: list[_Entry] | None = None
        """Every entry opened, in order (a fold without journal: see :func:`lifecycle_log`)."""
        self.decided: Any = None
        """What the last step found by searching the book (see :func:`lifecycle_log`)."""
        self._given: Any = _SEARCH
        if not journal:
            self.book.by_article = {}
            self.book.unclaimed = []
            self._opened = []

    def set_implied(self, pairs: Iterable[tuple[FactGroup, FactGroup]]) -> None:
        """The (proposal, answer) pairs where the answer implies the proposal, in the order
        of the proposals."""
        self._implied = set()
        self._implying = {}
        for proposal, answer in pairs:
            self._implied.add(id(proposal))
            self._implying.setdefault(id(answer), []).append(proposal)

    def set_implied_as(self, other: LifecycleFold) -> None:
        """The implied proposals of ``other`` (:meth:`set_implied`), for groups it folds."""
        self._implied = other._implied
        self._implying = other._implying

    @property
    def steps(self) -> int:
        """How many groups were folded (when journaled)."""
        return len(self.marks)

    def rewind(self, steps: int) -> None:
        """Undo every step after the first ``steps`` (needs the journal)."""
        journal = self._journal
        if journal is None or steps >= len(self.marks):
            return
        mark = self.marks[steps]
        while len(journal) > mark:
            entry_id, undo = journal.pop()
            if entry_id:
                self.touched.add(entry_id)
            undo()
        del self.marks[steps:]
        del self.readings[steps:]
        self.unlinked_low = min(self.unlinked_low, len(self.unlinked))

    def _record(self, entry_id: str, undo: Undo) -> None:
        if self._journal is not None:
            self._journal.append((entry_id, undo))

    def _set(self, entry: _Entry, **values: object) -> None:
        if self._journal is not None:
            old = {name: getattr(entry, name) for name in values}

            def undo() -> None:
                for name, value in old.items():
                    setattr(entry, name, value)

            self._journal.append((entry.id, undo))
        for name, value in values.items():
            setattr(entry, name, value)
        self.touched.add(entry.id)

    def _note(self, entry: _Entry, text: str) -> None:
        history = entry.history
        history.append(text)
        if self._journal is not None:

            def undo() -> None:
                history.pop()

            self._journal.append((entry.id, undo))
        self.touched.add(entry.id)

    def _answer(
        self,
        entry: _Entry,
        status: ProposalStatus,
        actor: str | None,
        answered_on: WorldDate | Unknown,
        rule: str,
        reason: str,
        group: FactGroup,
    ) -> None:
        """Set what an answer (or a counter) tells of ``entry``: :meth:`_set` of these
        fields, assigned one by one when there is no journal (a step per answer of the
        lifecycle: the keywords' dict cost as much as the rest)."""
        if self._journal is not None:
            self._set(
                entry,
                status=status,
                answered_by=actor,
                answered_on=answered_on,
                link_rule=rule,
                link_reason=reason,
                answer_fact=group.fact_id,
                answer_group=group,
            )
            return
        entry.status = status
        entry.answered_by = actor
        entry.answered_on = answered_on
        entry.link_rule = rule
        entry.link_reason = reason
        entry.answer_fact = group.fact_id
        entry.answer_group = group
        self.touched.add(entry.id)

    def _unlink(self, group: FactGroup) -> None:
        self.unlinked.append(group)
        self._record("", self._unlinked_pop)

    def _unlinked_pop(self) -> None:
        self.unlinked.pop()
        self.unlinked_low = min(self.unlinked_low, len(self.unlinked))

    def _open(
        self, group: FactGroup, actor: str | None, target: str | None, history: str | None = None
    ) -> _Entry:
        book = self.book
        event = group.members[0].event
        entry = _Entry(
            id=proposal_id(group),
            group=group,
            kind=_KIND[event.type],
            proposer=actor,
            addressee=target,
            subject=event.subject,
            made_first=first_day_of(event),
        )
        entry.history.append(history or f"made by {actor} on {_date_of(group)} ({group.fact_id})")
        replaced = book.entries.get(entry.id)
        book.entries[entry.id] = entry
        if book.unclaimed is None:
            book.claim(entry)
        else:
            book.unclaimed.append(entry)
        new_refs = entry.own_refs
        new_proposer = actor not in book.by_proposer
        own = book.by_proposer.setdefault(actor, [])
        entry.rank = len(own)
        own.append(entry)
        if self._opened is not None:
            entry.opened = len(self._opened)
            self._opened.append(entry)
        if book.by_article is not None:
            for article in group.articles:
                book.by_article.setdefault(article, []).append(entry)
        self.touched.add(entry.id)
        if self._journal is not None:

            def undo() -> None:
                if replaced is None:
                    del book.entries[entry.id]
                else:
                    book.entries[entry.id] = replaced
                for ref in new_refs:
                    del book.refs[ref]
                if new_proposer:
                    del book.by_proposer[actor]
                else:
                    book.by_proposer[actor].pop()

            self._journal.append((entry.id, undo))
        return entry

    def joined(self, group: FactGroup, reports: Iterable[AppliedFact] | None = None) -> bool:
        """Reports joined ``group`` after it was folded (the group keeps its place in the
        order, and views read its reports when they are built): the proposal it opened may
        now also be named by their event ids (``reports``: those that joined it at its
        end, whose names are the only ones it may not have claimed yet; None: every name of
        the proposal is tried). False when that proposal was replaced by another of the same
        id: fold again from the group instead."""
        entry = self.book.entries.get(proposal_id(group))
        if entry is None or group.event.type not in PROPOSAL_TYPES:
            return True
        if entry.group is not group:
            return False
        book = self.book
        book.named("")  # every entry opened so far claims its names first
        names = book.names
        refs = book.refs
        wanted = (
            entry.refs(names) if reports is None else [names(report.event_id) for report in reports]
        )
        for ref in wanted:
            if ref not in refs:
                refs[ref] = entry
                entry.own_refs.append(ref)
        by_article = self.book.by_article
        if by_article is not None:
            for article in group.articles:
                listed = by_article.setdefault(article, [])
                if not any(other is entry for other in listed):
                    listed.append(entry)
        self.touched.add(entry.id)
        return True

    def left(self, group: FactGroup, reports: Iterable[AppliedFact]) -> None:
        """Reports left ``group`` after it was folded (regrouped; the group keeps its first
        report, so its place in the order): the proposal it opened is no longer named by
        their event ids, which the groups they joined claim (:meth:`joined`, or their
        step). The names stay out of the entry's ``own_refs`` (the list its opening's
        undo deletes from the book)."""
        entry = self.book.entries.get(proposal_id(group))
        if entry is None or entry.group is not group:
            return
        refs, names = self.book.refs, self.book.names
        gone = {names(report.event_id) for report in reports}
        for ref in gone:
            if refs.get(ref) is entry:
                del refs[ref]
        entry.own_refs[:] = [ref for ref in entry.own_refs if ref not in gone]
        self.touched.add(entry.id)

    def reads_alike(self, step: int) -> bool:
        """Whether step ``step`` (folded) would read the groups' quotes as it did: the
        same-sentence rule finds the same proposal sharing as many quotes among the same
        candidates (a step reads quotes there only; what it decides from them is the link
        and its reason, which says how many)."""
        reading = self.readings[step]
        if reading is None:
            return True
        now = _named_in_answer(reading.candidates, reading.group)
        before = reading.named
        if now is None or before is None:
            return now is before
        return now[0] is before[0] and now[1] == before[1]

    def reads(self, group: FactGroup) -> list[Any]:
        """What a step reads of ``group`` beside the book (see :func:`lifecycle_log`)."""
        members = group.members
        positions = list(map(_position_of, members))  # read in C: a step per group
        if members[0].event.type == "proposal_made":
            return [positions, 1 if id(group) in self._implied else 0]
        implying = self._implying.get(id(group))
        if not implying:  # most answers imply no proposal
            return [positions, []]
        return [positions, [list(map(_position_of, p.members)) for p in implying]]

    def step_as(self, group: FactGroup, decision: Any) -> bool:
        """:meth:`step`, with what it would find by searching the book given (a decision of
        :func:`lifecycle_log`); False, doing nothing, when the decision is not one this
        fold can take (no such entry opened)."""
        opened = self._opened
        if opened is None:
            return False
        if group.members[0].event.type == "proposal_made":
            if id(group) not in self._implied and not (
                type(decision) is int and -1 <= decision < len(opened)
            ):
                return False
        elif decision is not None and not (
            type(decision) is list
            and len(decision) == 3
            and type(decision[0]) is int
            and 0 <= decision[0] < len(opened)
            and type(decision[1]) is str
            and type(decision[2]) is str
        ):
            return False
        self._given = decision
        try:
            self.step(group)
        finally:
            self._given = _SEARCH
        return True

    def _own(self, actor: str | None, group: FactGroup, exclude: str = "") -> _Entry | None:
        """:func:`_find_own` (or the entry given, see :meth:`step_as`)."""
        given = self._given
        if given is not _SEARCH and self._opened is not None:
            return self._opened[given] if given >= 0 else None
        own = _find_own(self.book, actor, group, self.words, exclude)
        self.decided = -1 if own is None else own.opened
        return own

    def _linked(
        self,
        group: FactGroup,
        actor: str | None,
        target: str | None,
        readings: list[Reading | None] | None,
    ) -> tuple[_Entry, str, str] | None:
        """:func:`_link` (or the link given, see :meth:`step_as`)."""
        given = self._given
        if given is not _SEARCH and self._opened is not None:
            return None if given is None else (self._opened[given[0]], given[1], given[2])
        found = _link(self.book, group, actor, target, self.words, readings)
        self.decided = None if found is None else [found[0].opened, found[1], found[2]]
        return found

    def step(self, group: FactGroup) -> None:
        """Apply the lifecycle rules to the next group in :func:`lifecycle_order`."""
        self.decided = None
        readings: list[Reading | None] | None = None
        if self._journal is not None:
            self.marks.append(len(self._journal))
            readings = self.readings
            readings.append(None)
        event = group.members[0].event
        actor = parties_code(event.actor)
        target = parties_code(event.target)
        if event.type == "proposal_made":
            if event.polarity == "negative":
                own = self._own(actor, group)
                if own is None:
                    self._unlink(group)
                else:
                    self._set(own, status="withdrawn")
                    self._note(own, f"withdrawn on {_date_of(group)} ({group.fact_id})")
                return
            if id(group) in self._implied:
                return  # opened, if at all, by the answer that implies it
            entry = self._open(group, actor, target)
            own = self._own(actor, group, exclude=entry.id)
            if own is not None and world_date(own.group.event).last_day() < entry.made_first:
                self._set(own, status="superseded")
                self._note(own, f"superseded by {entry.id} on {_date_of(group)}")
            return
        found = self._linked(group, actor, target, readings)
        implying = self._implying.get(id(group), [])
        if found is not None:
            for proposal in implying:
                self._note(
                    found[0],
                    f"named again by the answer {group.fact_id} ({proposal.fact_id} is this "
                    "proposal, not a new one)",
                )
        elif implying:
            first = implying[0]
            proposer = parties_code(first.event.actor)
            made = self._open(
                first,
                proposer,
                parties_code(first.event.target) or actor,
                f"made by {proposer}, on a date no article states: implied by the answer "
                f"{group.fact_id}, which names it ({first.fact_id}); no earlier proposal matches",
            )
            self._set(made, implied_by=group.fact_id)
            found = (
                made,
                "implied-by-answer",
                f"the answer's own sentence names the proposal ({first.fact_id}); no earlier "
                "proposal by that party matches",
            )
        if event.type in ANSWER_TYPES:
            if found is None:
                self._unlink(group)
                return
            entry, rule, reason = found
            status: ProposalStatus = "rejected" if event.type == "proposal_rejected" else "accepted"
            answered_on = _date_of(group)
            self._answer(entry, status, actor, answered_on, rule, reason, group)
            self._note(entry, f"{status} by {actor} on {answered_on} ({rule}: {reason})")
        else:  # joint study or counter-proposal: a proposal that may answer another
            entry = self._open(group, actor, target)
            if found is not None:
                answered, rule, reason = found
                self._set(entry, in_answer_to=answered.id)
                self._note(entry, f"in answer to {answered.id} ({rule}: {reason})")
                if answered.status == "open":
                    answered_on = _date_of(group)
                    self._answer(answered, "countered", actor, answered_on, rule, reason, group)
                    self._note(
                        answered,
                        f"countered by {actor} with {entry.id} on {answered_on} ({rule})",
                    )


def _find_own(
    entries: _Book, actor: str | None, group: FactGroup, words: WordsOf, exclude: str = ""
) -> _Entry | None:
    """The most recent open proposal of the same proposer on a similar subject."""
    threshold = SUPERSEDE_THRESHOLD if group.event.polarity == "positive" else LINK_THRESHOLD
    for entry in entries.latest_first(actor):
        if entry.id == exclude or entry.status != "open":
            continue
        if similarity(entry.subject, group.event.subject, words) >= threshold:
            return entry
    return None


def _link(
    entries: _Book,
    group: FactGroup,
    actor: str | None,
    target: str | None,
    words: WordsOf,
    readings: list[Reading | None] | None = None,
) -> tuple[_Entry, str, str] | None:
    """The proposal an answer or counter answers, the rule that linked it and why (with
    ``readings``, what the same-sentence rule read is put in its last place).

    The rules read the candidates (:func:`_candidates`) in turn: a book that indexes its
    entries by article (``by_article``) gives the same-sentence rule only those quoted in
    one of the answer's articles, and the later rules read the candidates latest first,
    only as far as they must; with ``readings``, or without that index, the whole list is
    made first (what :class:`Reading` keeps)."""
    event = group.event
    reference = event.answers
    named_entry = entries.named(reference) if reference else None
    if named_entry is not None:
        return named_entry, "explicit", f"the answer names {reference}"
    answered_on = world_date(event).last_day()
    allowed: tuple[str, ...] = ("open", "countered")
    if event.type not in ANSWER_TYPES:  # a counter may answer an already-answered proposal
        allowed = ("open", "countered", "rejected", "accepted")
    latest: Iterable[_Entry]
    if readings is not None or entries.by_article is None:
        candidates = _candidates(entries, actor, target, allowed, answered_on)
        named = _named_in_answer(candidates, group)
        if readings is not None:
            readings[-1] = Reading(group, candidates, named)
        latest = reversed(candidates)
    else:
        quoted = _quoted_candidates(
            entries, entries.by_article, group, actor, target, allowed, answered_on
        )
        named = _named_in_answer(quoted, group) if quoted else None
        latest = _latest_candidates(entries, actor, target, allowed, answered_on)
    if named is not None:
        entry, shared_quotes = named
        return (
            entry,
            "same-sentence",
            f"{_parties(entry, actor)}; {shared_quotes} of the answer's quotes also report the "
            f"proposal; {_before(entry, group)}",
        )
    passed: list[_Entry] = []
    for entry in latest:  # in the order proposals were made: the latest first
        score = similarity(entry.subject, event.subject, words)
        if score >= LINK_THRESHOLD:
            shared = sorted(words(entry.subject) & words(event.subject))
            return (
                entry,
                "matching-subject",
                f"{_parties(entry, actor)}; subjects share {', '.join(shared)} "
                f"({score:.2f} >= {LINK_THRESHOLD:.2f}); {_before(entry, group)}",
            )
        passed.append(entry)
    open_ones = [c for c in passed if c.status in ("open", "countered")]
    if len(open_ones) == 1:
        entry = open_ones[0]
        return (
            entry,
            "only-open-proposal",
            f"{_parties(entry, actor)}; the only proposal still open; {_before(entry, group)}",
        )
    return None


def _pool(entries: _Book, actor: str | None) -> list[_Entry]:
    """For an answer addressed to no one: every other party's most recent proposals, in
    the order proposals were made (:func:`lifecycle_order` when several parties made them)."""
    proposers = [p for p in entries.by_proposer if p != actor]
    pool = [entry for proposer in proposers for entry in entries.recent(proposer)]
    if len(proposers) > 1:
        pool.sort(key=lambda entry: lifecycle_order(entry.group))
    return pool


def _candidates(
    entries: _Book,
    actor: str | None,
    target: str | None,
    allowed: tuple[str, ...],
    answered_on: date,
) -> list[_Entry]:
    """The proposals an answer by ``actor`` to ``target`` may link to, in the order they
    were made: the target's (every other party's, with no target) most recent ones, of a
    status in ``allowed``, made by a party on or before the answer and addressed to the
    answering party or to no one."""
    if target is not None:  # one proposer, the target: what every entry of its list is
        pool = entries.recent(target) if target != actor else []
    else:
        pool = _pool(entries, actor)
    # _may_link written out: this is the replay's hot path (a call per entry costs it a few
    # per cent); the lifecycle shortcuts property test folds both ways and fails if they part
    return [
        entry
        for entry in pool
        if entry.status in allowed
        and entry.proposer is not None
        and entry.proposer != actor
        and (entry.addressee is None or actor is None or entry.addressee == actor)
        and entry.made_first <= answered_on
    ]


def _may_link(
    entry: _Entry, actor: str | None, allowed: tuple[str, ...], answered_on: date
) -> bool:
    """Whether an answer by ``actor`` on ``answered_on`` may link to ``entry``: of a status
    in ``allowed``, made by another, named party on or before the answer, and addressed to
    the answering party or to no one."""
    return (
        entry.status in allowed
        and entry.proposer is not None
        and entry.proposer != actor
        and (entry.addressee is None or actor is None or entry.addressee == actor)
        and entry.made_first <= answered_on
    )


def _latest_candidates(
    entries: _Book,
    actor: str | None,
    target: str | None,
    allowed: tuple[str, ...],
    answered_on: date,
) -> Iterator[_Entry]:
    """:func:`_candidates`, latest first, each read only when asked for."""
    if target is not None:
        if target == actor:
            return
        pool: Iterable[_Entry] = entries.latest_first(target)
    else:
        pool = reversed(_pool(entries, actor))
    for entry in pool:
        if _may_link(entry, actor, allowed, answered_on):
            yield entry


def _quoted_candidates(
    entries: _Book,
    by_article: dict[str, list[_Entry]],
    group: FactGroup,
    actor: str | None,
    target: str | None,
    allowed: tuple[str, ...],
    answered_on: date,
) -> list[_Entry]:
    """The :func:`_candidates` quoted in one of the answer's articles, in the same order,
    found through the book's ``by_article`` index (the others share no quote with it)."""
    quoted: dict[int, _Entry] = {}
    for article in group.articles:
        for entry in by_article.get(article, ()):
            quoted[id(entry)] = entry
    if not quoted or (target is not None and target == actor):
        return []
    found = [
        entry
        for entry in quoted.values()
        if (target is None or entry.proposer == target)
        and _may_link(entry, actor, allowed, answered_on)
        and entries.in_window(entry)
    ]
    proposers = [p for p in entries.by_proposer if p != actor] if target is None else []
    if len(proposers) > 1:  # _pool's order: a stable sort of the windows, by proposer
        place = {proposer: index for index, proposer in enumerate(proposers)}
        found.sort(
            key=lambda entry: (lifecycle_order(entry.group), place[entry.proposer], entry.rank)
        )
    else:
        found.sort(key=_rank)
    return found


def _rank(entry: _Entry) -> int:
    return entry.rank


def _named_in_answer(candidates: Sequence[_Entry], answer: FactGroup) -> tuple[_Entry, int] | None:
    """The candidate whose quotes overlap most of the answer's quotes (same article,
    overlapping spans), the latest of equals, with how many; None when none overlaps."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for member in answer.members:
        for quote in member.event.evidence:
            spans.setdefault(quote.article_id, []).append((quote.start, quote.end))
    best: tuple[_Entry, int] | None = None
    answered_in = answer.articles
    for entry in candidates:  # in the order proposals were made: a later equal wins
        if entry.group.articles.isdisjoint(answered_in):
            continue
        overlapped: set[tuple[str, int]] = set()
        for member in entry.group.members:
            for quote in member.event.evidence:
                for index, (start, end) in enumerate(spans.get(quote.article_id, ())):
                    if quote.start < end and start < quote.end:
                        overlapped.add((quote.article_id, index))
        shared = len(overlapped)
        if shared and (best is None or shared >= best[1]):
            best = (entry, shared)
    return best


def _parties(entry: _Entry, actor: str | None) -> str:
    to = entry.addressee or "no one in particular"
    return f"proposed by {entry.proposer} to {to}, answered by {actor or 'an unnamed party'}"


def _before(entry: _Entry, answer: FactGroup) -> str:
    return f"made {_date_of(entry.group)}, answered {_date_of(answer)}"


def proposal_view(
    entry: _Entry, articles: dict[str, ArticleInfo], sources_for: Sources | None = None
) -> Proposal:
    """The view of one proposal entity."""
    event = entry.group.event
    sources_for = sources_for or partial(sources_in, articles)
    sources = sources_for(entry.group.members)
    return trusted_dict(  # every field of a Proposal, in order (a test checks)
        Proposal,
        {
            "id": entry.id,
            "kind": entry.kind,
            "proposer": entry.proposer,
            "addressee": entry.addressee,
            "subject": event.subject,
            "terms": event.terms,
            "made_on": UNKNOWN if entry.implied_by else _date_of(entry.group),
            "status": entry.status,
            "answered_by": entry.answered_by,
            "answered_on": entry.answered_on,
            "link_rule": entry.link_rule,
            "link_reason": entry.link_reason,
            "answer_fact": entry.answer_fact,
            "in_answer_to": entry.in_answer_to,
            "implied_by": entry.implied_by,
            "sources": sources,
            "answer_sources": (
                sources_for(entry.answer_group.members) if entry.answer_group else ()
            ),
            "independent_sources": independent_count(sources),
            "history": tuple(entry.history),
        },
    )


class LoggedSteps(list[Any]):
    """A :func:`lifecycle_log` kept with the reports it was made of (those of a restored
    fold snapshot, which every fold from it shares), with a :class:`StepMemo` of its steps:
    :func:`build_proposals` given it takes a lifecycle whose every step it logs from the
    memo."""

    __slots__ = ("memo",)

    def __init__(self, steps: Iterable[Any] = ()) -> None:
        super().__init__(steps)
        self.memo = StepMemo()


_CHANGING = (
    "status",
    "answered_by",
    "answered_on",
    "link_rule",
    "link_reason",
    "answer_fact",
    "in_answer_to",
    "implied_by",
    "answer_group",
)
"""The fields of an :class:`_Entry` a step may change after it was opened (with ``history``,
which only grows)."""

_State = tuple[_Entry, tuple[Any, ...], int]
"""A proposal as a step left it: the entry, its :data:`_CHANGING` fields, its history's length."""


def _state_of(entry: _Entry) -> _State:
    return entry, tuple([getattr(entry, name) for name in _CHANGING]), len(entry.history)


def _entry_at(state: _State) -> _Entry:
    """The entry as it was in ``state`` (a copy)."""
    entry, changing, told = state
    changed = dict(zip(_CHANGING, changing, strict=True))
    return replace(entry, history=entry.history[:told], **changed)


class StepMemo:
    """The steps of a :class:`LoggedSteps` folded once with their logged decisions, and
    each proposal as every step that changed it left it: a lifecycle whose steps are the
    log's first ``n`` (each read alike, of the very reports folded here) is, proposal for
    proposal, each as the last of those steps that changed it left it, and the answers
    those steps left unlinked; no step is folded again, and a proposal's view is built once
    per state (for the articles it was built with: others forget everything).

    Folded as far as a lifecycle asked (further when a later one asks further); the first
    lifecycle asked does not fold it (a runner asked once pays nothing for it). Used by one
    lifecycle at a time: another meanwhile folds its own steps."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._asked = False
        self._reset({})

    def _reset(self, articles: dict[str, ArticleInfo]) -> None:
        self._articles = dict(articles)
        self._fold: LifecycleFold | None = None
        self._groups: list[FactGroup] = []
        self._changes: dict[str, list[int]] = {}
        """Per proposal id (in the order they were opened), the steps that changed it."""
        self._states: dict[str, list[_State]] = {}
        self._unlinked: list[int] = []
        """The steps that left their group unlinked."""
        self._views: dict[tuple[str, int], Proposal] = {}
        self._broken = False

    def taken(
        self,
        ordered: list[FactGroup],
        fold: LifecycleFold,
        log: Sequence[Any],
        articles: dict[str, ArticleInfo],
        sources_for: Sources,
    ) -> tuple[dict[str, Proposal], list[FactGroup]] | None:
        """The proposals and unlinked answers of the lifecycle of ``ordered`` (in
        :func:`lifecycle_order`, every step reading what ``log``'s first steps read; ``fold``
        prepared for it, :func:`_prepared`), or None when it is not taken from the memo."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if not self._asked:
                self._asked = True
                return None
            if self._articles != articles or not self._same_reports(ordered):
                self._reset(articles)
            if not self._folded_to(ordered, fold, log):
                return None
            return self._proposals(len(ordered), sources_for), self._left_unlinked(ordered)
        finally:
            self._lock.release()

    def _same_reports(self, ordered: list[FactGroup]) -> bool:
        """Whether the steps folded here read the very reports of ``ordered``'s."""
        for mine, theirs in zip(self._groups, ordered, strict=False):
            if mine is not theirs and any(
                a is not b for a, b in zip(mine.members, theirs.members, strict=True)
            ):
                return False
        return True

    def _folded_to(self, ordered: list[FactGroup], fold: LifecycleFold, log: Sequence[Any]) -> bool:
        """Fold the steps of ``ordered`` not folded yet, with their logged decisions."""
        if self._broken:
            return False
        done = len(self._groups)
        if done >= len(ordered):
            return True
        kept = self._fold
        if kept is None:
            kept = self._fold = LifecycleFold({}, words=fold.words)
        kept.set_implied_as(fold)
        entries = kept.book.entries
        for step in range(done, len(ordered)):
            group = ordered[step]
            opened = len(entries)
            if not kept.step_as(group, log[step][2]):
                self._broken = True
                return False
            self._groups.append(group)
            self._note_changes(kept, step, opened)
        return True

    def _note_changes(self, kept: LifecycleFold, step: int, opened: int) -> None:
        """Keep what step ``step`` changed (``opened``: how many proposals there were before)."""
        entries = kept.book.entries
        changed = list(islice(reversed(entries), len(entries) - opened))[::-1]
        changed.extend(entry_id for entry_id in kept.touched if entry_id not in changed)
        kept.touched.clear()
        for entry_id in changed:
            self._changes.setdefault(entry_id, []).append(step)
            self._states.setdefault(entry_id, []).append(_state_of(entries[entry_id]))
        if len(kept.unlinked) > len(self._unlinked):
            self._unlinked.append(step)

    def _proposals(self, steps: int, sources_for: Sources) -> dict[str, Proposal]:
        """The proposals after the first ``steps`` steps, in the order they were opened."""
        proposals: dict[str, Proposal] = {}
        views = self._views
        latest = self._fold.book.entries if self._fold is not None else None
        for entry_id, changes in self._changes.items():
            if changes[0] >= steps:
                break
            at = bisect_left(changes, steps) - 1
            view = views.get((entry_id, at))
            if view is None:
                view = views[entry_id, at] = proposal_view(
                    self._entry(entry_id, at, latest), self._articles, sources_for
                )
            proposals[entry_id] = view
        return proposals

    def _entry(self, entry_id: str, at: int, latest: dict[str, _Entry] | None) -> _Entry:
        """The proposal as the ``at``-th step that changed it left it: the memo's own entry
        (in ``latest``, its fold's entries) when no step it folded changed it since, else a
        copy."""
        states = self._states[entry_id]
        if latest is not None and at == len(states) - 1:
            return latest[entry_id]
        return _entry_at(states[at])

    def _left_unlinked(self, ordered: list[FactGroup]) -> list[FactGroup]:
        """The groups of ``ordered`` its steps left unlinked."""
        unlinked = self._unlinked
        return [ordered[step] for step in unlinked[: bisect_left(unlinked, len(ordered))]]
