"""Build the report's view of a negotiation and render it with Jinja2 (autoescaped)."""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined, select_autoescape

from timeline.report.axis import Axis, day_span, packed_rows
from timeline.words import date_note_words, shown

if TYPE_CHECKING:
    from timeline.domain.views import Judgement, NegotiationState, Source
    from timeline.projections.chronology import ChronologyRow

NO_PARTY = "unattributed"
"""The lane of events no article attributes to a party."""

TYPE_GROUPS = {
    "proposal_made": "proposal",
    "counter_proposal_made": "proposal",
    "joint_study_proposed": "proposal",
    "proposal_rejected": "rejection",
    "withdrawal_threatened": "threat",
    "termination_clause_cited": "threat",
    "talks_stalled": "rejection",
    "proposal_accepted": "agreement",
    "agreement_reached": "agreement",
    "agreement_signed": "agreement",
    "agreement_ratified": "agreement",
    "agreement_in_force": "agreement",
    "meeting_held": "meeting",
    "round_scheduled": "meeting",
    "position_stated": "position",
    "trade_figure_reported": "figure",
}
"""Event type -> colour family of its marker (unknown types get the neutral one)."""


@dataclass(frozen=True)
class ArticleMeta:
    """What the report shows of an article besides the quote: outlet, title, link."""

    article_id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None


def safe_link(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None (no javascript:, data:...)."""
    if not url:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    if any(ord(c) < 32 or c in "\"'<>` " for c in text):
        return None
    return text


@dataclass
class _Quote:
    quote: str
    article_id: str
    outlet: str | None
    title: str | None
    link: str | None
    rule: str
    reported_on: str
    position: int
    confirmed: _Verdict | None = None


@dataclass(frozen=True)
class _Verdict:
    """An analyst's judgement as the page shows it: who, when, why."""

    verdict: str
    analyst: str
    judged_at: str
    reason: str | None


@dataclass
class _Event:
    index: int
    anchor: str
    date: str
    precision: str
    dated_by: str
    type: str
    group: str
    actor: str | None
    target: str | None
    subject: str
    polarity: str
    modality: str
    lanes: tuple[str, ...]
    x: float
    quotes: list[_Quote]
    independent_sources: int
    flags: list[str] = field(default_factory=list)
    rejected: _Verdict | None = None
    """The rejection that sets this event aside: drawn struck out, counted nowhere."""
    confirmed: list[_Verdict] = field(default_factory=list)


STACK = 4
BAR_GAP = 0.5
"""Percent of the width kept between two proposal bars in one row."""
"""Markers of one lane and day stack this high, then spread sideways in columns."""


@dataclass
class _Marker:
    event: _Event
    x: float
    row: int
    shift: int
    """Pixels sideways, for markers beyond the first column of a crowded day."""


@dataclass
class _Bar:
    label: str
    status: str
    x: float
    width: float
    open: bool
    anchor: str | None
    row: int = 0
    """Which of the lane's rows of bars: bars sharing a row never overlap."""


@dataclass
class _Lane:
    party: str
    markers: list[_Marker]
    bars: list[_Bar]
    rows: int
    bar_rows: int = 1
    """Rows of proposal bars above the markers (at least one, so that lanes line up)."""


def render_report(
    state: NegotiationState,
    rows: Sequence[ChronologyRow],
    articles: Mapping[str, ArticleMeta],
    *,
    title: str,
    known_at: object = None,
    version: str = "",
    set_aside: Sequence[ChronologyRow] = (),
) -> str:
    """The whole report as one HTML document (CSS and script inline, nothing fetched).

    ``set_aside`` are the events an analyst rejected (``state.judgements`` says who, when
    and why): they are listed and drawn struck out, and the state panel counts none of
    them; events an analyst confirmed are marked with the confirmation."""
    disputed = _disputed_event_ids(state)
    date_disputes = _date_disputes(state)
    disputed_dates = {
        s.event_id for _, dates in date_disputes for _, sources in dates for s in sources
    }
    rough = {note.fact_id: date_note_words(note) for note in state.date_notes}
    verdicts = {key: _verdict(judgement) for key, judgement in state.judgements.items()}
    all_rows = sorted(
        [*((row, False) for row in rows), *((row, True) for row in set_aside)],
        key=lambda pair: (pair[0].sort_date, pair[1], pair[0].fact_id),
    )
    days = [row.sort_date for row, _ in all_rows]
    proposals = list(state.proposals.values())
    for proposal in proposals:
        for value in (proposal.made_on, proposal.answered_on):
            span = day_span(value)
            if span:
                days.append(span[0])
    next_span = day_span(state.next_meeting.value)
    if next_span:
        days.append(next_span[0])
    if state.as_of is not None:
        days.append(state.as_of)
    axis = Axis.over(days)

    events: list[_Event] = []
    for index, (row, struck) in enumerate(all_rows, 1):
        event_lanes = tuple(_parties(row.actor)) or (NO_PARTY,)
        event = _Event(
            index=index,
            anchor=f"ev-{index}",
            date=str(row.date),
            precision=row.precision,
            dated_by=row.dated_by,
            type=row.type,
            group=TYPE_GROUPS.get(row.type, "other"),
            actor=row.actor,
            target=row.target,
            subject=row.subject,
            polarity=row.polarity,
            modality=row.modality,
            lanes=event_lanes,
            x=axis.x(row.sort_date),
            quotes=[_quote(source, articles, verdicts) for source in row.sources],
            independent_sources=row.independent_sources,
        )
        judged = [verdicts.get(str(source.event_id)) for source in row.sources]
        if struck:
            event.rejected = next(
                (v for v in judged if v is not None and v.verdict == "rejected"),
                _Verdict("rejected", "an analyst", "", None),
            )
            event.flags.append(f"rejected by {event.rejected.analyst}: not counted")
        event.confirmed = [v for v in judged if v is not None and v.verdict == "confirmed"]
        if event.confirmed:
            analysts = ", ".join(dict.fromkeys(v.analyst for v in event.confirmed))
            event.flags.append(f"confirmed by {analysts}")
        if any(s.event_id in disputed for s in row.sources):
            event.flags.append("disputed figure")
        if any(s.event_id in disputed_dates for s in row.sources):
            event.flags.append("disputed date")
        if row.fact_id in rough:
            event.flags.append("date known only roughly")
        elif row.precision != "day":
            event.flags.append(f"dated to the {row.precision}")
        if row.dated_by != "world":
            event.flags.append("dated by the report")
        if row.stated_on is not None:
            event.flags.append(f"the meeting's date; scheduled on {row.stated_on}")
        if row.polarity != "positive":
            event.flags.append("negated")
        if row.modality != "asserted":
            event.flags.append(row.modality)
        events.append(event)

    fact_anchor = {
        row.fact_id: event.anchor
        for (row, struck), event in zip(all_rows, events, strict=True)
        if not struck
    }
    judged_anchor = {
        str(quote_source.event_id): event.anchor
        for (row, _), event in zip(all_rows, events, strict=True)
        for quote_source in row.sources
    }
    party_order = list(dict.fromkeys([*state.parties, *(p for e in events for p in e.lanes)]))
    lanes = {party: _Lane(party, [], [], 1) for party in party_order}
    stacks: dict[tuple[str, float], int] = defaultdict(int)
    for event in events:
        for party in event.lanes:
            key = (party, round(event.x, 1))
            row_number, column = stacks[key] % STACK, stacks[key] // STACK
            stacks[key] += 1
            lane = lanes[party]
            side = -1 if event.x > 50 else 1
            lane.markers.append(_Marker(event, event.x, row_number, side * column * 18))
            lane.rows = max(lane.rows, row_number + 1)

    end_day = state.as_of or (axis.days[-1] if axis.days else None)
    for proposal in proposals:
        made = day_span(proposal.made_on)
        if made is None:
            continue
        answered = day_span(proposal.answered_on)
        start = axis.x(made[0])
        stop = axis.x(answered[0]) if answered else (axis.x(end_day) if end_day else start)
        owner = proposal.proposer if proposal.proposer in lanes else None
        lane = lanes[owner] if owner else lanes.setdefault(NO_PARTY, _Lane(NO_PARTY, [], [], 1))
        anchor = fact_anchor.get(proposal.answer_fact or "")
        lane.bars.append(
            _Bar(
                label=proposal.subject,
                status=proposal.status,
                x=start,
                width=max(stop - start, 1.2),
                open=answered is None,
                anchor=anchor,
            )
        )

    for lane in lanes.values():
        packed = packed_rows([(bar.x, bar.width) for bar in lane.bars], gap=BAR_GAP)
        for bar, bar_row in zip(lane.bars, packed, strict=True):
            bar.row = bar_row
        lane.bar_rows = max([1, *(row + 1 for row in packed)])

    meetings = [
        (axis.x(span[0]), meeting.subject, str(meeting.date))
        for meeting in state.meetings_held
        if (span := day_span(meeting.date)) is not None
    ]
    next_meeting = None
    if next_span:
        next_meeting = (axis.x(next_span[0]), str(state.next_meeting.value))
    as_of_x = axis.x(state.as_of) if state.as_of else (axis.offsets[-1] if axis.days else None)
    types = list(dict.fromkeys(e.type for e in events))
    template = _environment().from_string(_resource("report.html.j2"))
    script = _resource("report.js")
    return template.render(
        title=title,
        state=state,
        known_at=known_at,
        version=version,
        events=events,
        counted=sum(1 for event in events if event.rejected is None),
        judgements=[
            (verdicts[key], judgement, judged_anchor.get(key))
            for key, judgement in state.judgements.items()
        ],
        lanes=list(lanes.values()),
        ticks=axis.ticks(),
        meetings=meetings,
        next_meeting=next_meeting,
        as_of_x=as_of_x,
        as_of_label=str(state.as_of) if state.as_of else "latest",
        types=[(t, TYPE_GROUPS.get(t, "other")) for t in types],
        parties=list(lanes),
        disputed_figures=[f for f in state.figures.values() if f.status == "disputed"],
        date_disputes=date_disputes,
        proposals=proposals,
        fact_anchor=fact_anchor,
        css=_resource("report.css"),
        script=script,
        script_hash=base64.b64encode(hashlib.sha256(script.encode()).digest()).decode(),
        cite=_cite,
        shown=_shown,
    )


def _parties(code: str | None) -> list[str]:
    return [p for p in (code or "").split("+") if p]


def _verdict(judgement: Judgement) -> _Verdict:
    at = judgement.judged_at
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return _Verdict(
        verdict=judgement.verdict,
        analyst=judgement.analyst,
        judged_at=at.strftime("%Y-%m-%d %H:%M UTC"),
        reason=judgement.reason,
    )


def _quote(
    source: Source, articles: Mapping[str, ArticleMeta], verdicts: Mapping[str, _Verdict]
) -> _Quote:
    meta = articles.get(source.article_id) or ArticleMeta(source.article_id)
    verdict = verdicts.get(str(source.event_id))
    return _Quote(
        quote=source.quote,
        article_id=source.article_id,
        outlet=source.outlet or meta.outlet,
        title=meta.title,
        link=safe_link(meta.url),
        rule=source.rule_id,
        reported_on=source.reported_on.isoformat(),
        position=source.position,
        confirmed=verdict if verdict is not None and verdict.verdict == "confirmed" else None,
    )


def _disputed_event_ids(state: NegotiationState) -> set[object]:
    ids: set[object] = set()
    for figure in state.figures.values():
        if figure.status == "disputed":
            ids.update(s.event_id for v in figure.values for s in v.sources)
    for dispute in state.termination_clause.disputes:
        ids.update(s.event_id for _, sources in dispute.values for s in sources)
    return ids


def _date_disputes(state: NegotiationState) -> list[tuple[str, list[tuple[str, list[Source]]]]]:
    """Agreement dates the sources disagree on: (field, [(date, sources)]), when the state
    records them (``agreement.disputes``)."""
    found: list[tuple[str, list[tuple[str, list[Source]]]]] = []
    for dispute in getattr(state.agreement, "disputes", ()):
        dates = [
            (_shown(getattr(dated, "date", None)), list(getattr(dated, "sources", ())))
            for dated in getattr(dispute, "dates", ())
        ]
        found.append((str(getattr(dispute, "field", "date")), dates))
    return found


def _cite(sources: Iterable[Source]) -> str:
    return ", ".join(dict.fromkeys(s.article_id for s in sources))


def _shown(value: object) -> str:
    """A state value as text: the shared words, numbers without a trailing ``.0``."""
    return f"{value:g}" if isinstance(value, float) else shown(value)


@cache
def _environment() -> Environment:
    return Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _resource(name: str) -> str:
    return (files("timeline.report") / name).read_text(encoding="utf-8")
