"""Steps about an analyst's curation: rejecting and confirming derived events, deriving the
stored articles again, and what the state then says of the judgements.

An event is named by its type and the article it was derived from; the step fails listing
the article's events when none or several of that type fit. The judgement is recorded
through the facade, as `timeline reject` and `timeline confirm` record it.
"""

from __future__ import annotations

from pathlib import Path

from timeline.app import IngestReport, Timeline
from timeline.audit import ReviewedEvent
from timeline.derivation.catalog import load_catalog
from timeline.domain.views import NegotiationState
from timeline.scenarios.registry import then, when
from timeline.scenarios.steps.articles import resolve

EVENT = 'the "{event_type:Quoted}" event of the article "{article_id:Quoted}"'


def the_event(timeline: Timeline, event_type: str, article_id: str) -> ReviewedEvent:
    """The one active event of this type derived from (or recorded about) the article."""
    events = [e for e in timeline.review(article_id).events if not e.retracted]
    found = [e for e in events if e.type == event_type]
    if len(found) != 1:
        listed = "\n".join(f"  - {e.type} {e.event_id}: {e.evidence[0].quote!r}" for e in events)
        raise AssertionError(
            f"{len(found)} {event_type!r} events of {article_id!r}, one expected; its events:\n"
            f"{listed or '  (none)'}"
        )
    return found[0]


@when(
    'the analyst "{analyst:Quoted}" rejects ' + EVENT + ' because "{reason:Quoted}"',
    examples=[
        'the analyst "alice" rejects the "talks_stalled" event of the article'
        ' "ap-2017-08-22-korea-says-no" because "the talks went on"'
    ],
)
def analyst_rejects(
    timeline: Timeline, analyst: str, event_type: str, article_id: str, reason: str
) -> None:
    """Record the analyst's rejection of the event (it then counts for nothing)."""
    event = the_event(timeline, event_type, article_id)
    timeline.reject(str(event.event_id), analyst=analyst, reason=reason)


@when(
    'the analyst "{analyst:Quoted}" confirms ' + EVENT,
    examples=[
        'the analyst "bob" confirms the "talks_stalled" event of the article'
        ' "ap-2017-08-22-korea-says-no"'
    ],
)
def analyst_confirms(timeline: Timeline, analyst: str, event_type: str, article_id: str) -> None:
    """Record the analyst's confirmation of the event (its facts are then confirmed)."""
    event = the_event(timeline, event_type, article_id)
    timeline.confirm(str(event.event_id), analyst=analyst)


@when(
    'the stored articles are derived again with the catalog file "{path:Quoted}"',
    target_fixture="ingest_report",
    examples=['the stored articles are derived again with the catalog file "freedonia.yaml"'],
)
def derived_again(timeline: Timeline, feature_dir: Path, path: str) -> IngestReport:
    """Re-derive every stored article with this catalog file (as `timeline rederive`)."""
    catalog = load_catalog(resolve(feature_dir, path))
    return Timeline(timeline.recorder, catalog, timeline.read_models).rederive()


@then(
    'the analyst "{analyst:Quoted}" rejected the "{event_type:Quoted}" event'
    ' because "{reason:Quoted}"',
    examples=['the analyst "alice" rejected the "talks_stalled" event because "the talks went on"'],
)
def rejection_listed(state: NegotiationState, analyst: str, event_type: str, reason: str) -> None:
    """The state lists that rejection among its judgements, by that analyst, for that reason."""
    found = [
        j
        for j in state.judgements.values()
        if (j.verdict, j.analyst, j.event_type, j.reason)
        == ("rejected", analyst, event_type, reason)
    ]
    listed = "\n".join(
        f"  - {j.verdict} {j.event_type} by {j.analyst}: {j.reason!r}"
        for j in state.judgements.values()
    )
    assert found, f"judgements of {state.negotiation}:\n{listed or '  (none)'}"


@then(
    "no fact of the state rests on " + EVENT,
    examples=[
        'no fact of the state rests on the "talks_stalled" event of the article'
        ' "ap-2017-08-22-korea-says-no"'
    ],
)
def rests_on_nothing(
    timeline: Timeline, state: NegotiationState, event_type: str, article_id: str
) -> None:
    """The event is behind no value of the state (no source anywhere names it)."""
    events = [e for e in timeline.review(article_id).events if e.type == event_type]
    assert events, f"no {event_type!r} event of {article_id!r}"
    dumped = state.model_dump_json(exclude={"judgements", "retracted"})
    behind = [str(e.event_id) for e in events if str(e.event_id) in dumped]
    assert not behind, f"the state still cites {', '.join(behind)}"
