"""Merging restatements of one event in an article into one event with several evidence spans."""

from __future__ import annotations

from typing import Any

from timeline.derivation.candidates import Candidate
from timeline.derivation.rules import EventKind, shipped_rules
from timeline.derivation.topics import BARE
from timeline.domain.values import WorldDate

_ROUND_DAYS = 6


def _kind(c: Candidate) -> EventKind:
    return shipped_rules().kind(c.type)


def _merge_key(c: Candidate) -> tuple[Any, ...] | None:
    merge = _kind(c).merge
    if merge == "neighbours":
        return None
    if merge == "sentence":
        return (c.type, c.sentence.index, c.key_extra)
    if not c.rule.merge and c.topic == (c.rule.topic or c.rule.id):
        return None
    return (c.type, c.actor, c.target, c.polarity, c.negotiation, c.topic)


def _same_meeting(a: WorldDate | None, b: WorldDate | None) -> bool:
    """Meetings within a week of each other are one round ("started on Aug. 16" ... "wrapped
    up on Sunday"); dates at month or year precision match when compatible."""
    if a is None or b is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return abs((a.first_day() - b.first_day()).days) <= _ROUND_DAYS
    return a.compatible_with(b)


def _other_schedule(a: Candidate, b: Candidate) -> bool:
    """Two schedules set for incompatible dates are two meetings."""
    when_a, when_b = a.extra.get("scheduled_for"), b.extra.get("scheduled_for")
    if not _kind(a).schedule or when_a is None or when_b is None:
        return False
    if not isinstance(when_a, WorldDate) or not isinstance(when_b, WorldDate):
        return False
    return not when_a.compatible_with(when_b)


def _years_apart(a: Candidate, b: Candidate) -> bool:
    """Two meetings whose dates (an undated one's the article's anchor) are over a year apart
    are two ("attended the summit" vs "talks launched in 2012")."""
    if a.occurred is None or b.occurred is None:
        return False
    return abs((a.occurred.first_day() - b.occurred.first_day()).days) > _YEAR_DAYS


def _bare_partner(merged: list[Candidate], c: Candidate) -> Candidate | None:
    """A bare proposal reference ("the US proposal", "rejected the EU's offer") after a
    proposal of that party ("the EU proposed to raise the quota") is that proposal again:
    the latest one, whatever its wording."""
    if c.type != "proposal_made" or c.topic != BARE:
        return None
    for m in reversed(merged):
        if (m.type, m.actor, m.target, m.polarity, m.negotiation) != (
            c.type,
            c.actor,
            c.target,
            c.polarity,
            c.negotiation,
        ):
            continue
        if m.dated and c.dated and m.occurred and c.occurred and _far_apart(m.occurred, c.occurred):
            continue  # "the first request, on March 20" ... "London's demand, made in
            # January": two requests
        if c.topic == BARE:
            return m
    return None


_SENTENCE_ROUND_DAYS = 14


_YEAR_DAYS = 366


_APART_DAYS = 45


def _far_apart(a: WorldDate, b: WorldDate) -> bool:
    """Two dates that cannot tell one act: incompatible and more than six weeks apart."""
    if a.compatible_with(b):
        return False
    return abs((a.first_day() - b.first_day()).days) > _APART_DAYS


def _same_round(a: Candidate, b: Candidate) -> bool:
    """One sentence telling a round's opening and end days tells one round."""
    if a.sentence.index != b.sentence.index or a.occurred is None or b.occurred is None:
        return False
    if a.occurred.precision != "day" or b.occurred.precision != "day":
        return False
    return abs((a.occurred.first_day() - b.occurred.first_day()).days) <= _SENTENCE_ROUND_DAYS


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """Restatements of one event in an article become one event with several spans."""
    merged: list[Candidate] = []
    index: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in candidates:
        key = _merge_key(c)
        by_date = _kind(c).merge == "dated"
        if key is None:
            merged.append(c)
            continue
        same = index.setdefault(key, [])
        first = next(
            (
                m
                for m in same
                if not by_date
                or (not (m.dated and c.dated) and not _years_apart(m, c))  # an undated
                # "during the round" is that round, but not one launched years before
                or _same_round(m, c)  # "opened on Feb. 25, ended on Monday"
                or _same_meeting(m.occurred, c.occurred)
            ),
            None,
        )
        if first is None:
            first = _bare_partner(merged, c)
        if first is not None and _other_schedule(first, c):
            first = None  # "the next round in May" and "a ministerial in September": two
        if first is None:
            same.append(c)
            merged.append(c)
            continue
        if by_date and c.dated and not first.dated:
            first.occurred, first.dated = c.occurred, True
        elif (
            by_date
            and c.occurred is not None
            and first.occurred is not None
            and c.occurred.precision == "day"
            and (
                first.occurred.precision != "day"
                or c.occurred.first_day() < first.occurred.first_day()
            )
        ):
            first.occurred = c.occurred  # a round is dated by its first day
        for span in c.spans:
            if span not in first.spans:
                first.spans.append(span)
        if first.occurred is None and c.occurred is not None:
            first.occurred, first.dated = c.occurred, c.dated
        for name, value in c.extra.items():
            if first.extra.get(name) is None and value is not None:
                first.extra[name] = value
    return _merge_positions(_absorb_undated_schedules(merged))


_SCHEDULE_SENTENCES = 2


def _absorb_undated_schedules(candidates: list[Candidate]) -> list[Candidate]:
    """ "No date was set for the next round; they agreed only to meet again": an undated
    positive schedule next to the same parties' "no date" is that one next round."""
    out: list[Candidate] = []
    negatives = [c for c in candidates if _kind(c).schedule and c.polarity == "negative"]
    for c in candidates:
        if (
            _kind(c).schedule
            and c.polarity == "positive"
            and (c.extra.get("scheduled_for") is None)
        ):
            none_set = next(
                (
                    n
                    for n in negatives
                    if n.actor == c.actor
                    and n.negotiation == c.negotiation
                    and abs(n.sentence.index - c.sentence.index) <= _SCHEDULE_SENTENCES
                ),
                None,
            )
            if none_set is not None:
                for span in c.spans:
                    if span not in none_set.spans:
                        none_set.spans.append(span)
                continue
        out.append(c)
    return out


def _merge_positions(candidates: list[Candidate]) -> list[Candidate]:
    """A party's positions in neighbouring sentences of one paragraph are one statement."""
    out: list[Candidate] = []
    last: dict[tuple[Any, ...], Candidate] = {}
    for c in sorted(candidates, key=lambda c: (c.sentence.index, c.start)):
        if _kind(c).merge != "neighbours":
            out.append(c)
            continue
        if c.spans[0] != (c.sentence.start, c.sentence.end):
            out.append(c)  # a relative clause's position is its own event
            continue
        key = (c.actor, c.negotiation)
        previous = last.get(key)
        if (
            previous is not None
            and previous.sentence.paragraph == c.sentence.paragraph
            and c.sentence.index - previous.sentence.index <= 1
        ):
            for span in c.spans:
                if span not in previous.spans:
                    previous.spans.append(span)
            if c.dated and not previous.dated:
                previous.occurred, previous.dated = c.occurred, True
            previous.sentence = c.sentence
            continue
        last[key] = c
        out.append(c)
    return out
