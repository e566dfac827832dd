"""Steps that look at a negotiation's state (at a date, as known at a time) and its status.

"as of DATE" is world time: events dated after it are ignored. "as known after the article
ID" is store time: only what the store held once that article was ingested. "as known at
position N" is the same by global store position. Both kinds combine. The state is handed on
as ``state``.
"""

from __future__ import annotations

import datetime as dt

from timeline.app import Timeline
from timeline.domain.views import NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.registry import then, when

NEG = 'I look at negotiation "{negotiation:Quoted}"'


@when(NEG, target_fixture="state", examples=['I look at negotiation "korus"'])
@when(
    NEG + " as of {as_of:Day}",
    target_fixture="state",
    examples=['I look at negotiation "korus" as of 2017-08-22'],
)
@when(
    NEG + ' as known after the article "{article_id:Quoted}"',
    target_fixture="state",
    examples=[
        'I look at negotiation "korus" as known after the article "ap-2017-08-22-korea-says-no"'
    ],
)
@when(
    NEG + ' as of {as_of:Day} as known after the article "{article_id:Quoted}"',
    target_fixture="state",
    examples=[
        'I look at negotiation "korus" as of 2017-08-22'
        ' as known after the article "gulfnews-1.2078485"'
    ],
)
@when(
    NEG + " as known at position {position:Count}",
    target_fixture="state",
    examples=['I look at negotiation "korus" as known at position 0'],
)
@when(
    NEG + " as of {as_of:Day} as known at position {position:Count}",
    target_fixture="state",
    examples=['I look at negotiation "korus" as of 2017-08-22 as known at position 12'],
)
def look_at(
    timeline: Timeline,
    negotiation: str,
    as_of: dt.date | None = None,
    article_id: str | None = None,
    position: int | None = None,
) -> NegotiationState:
    """The negotiation's state, optionally as of a day and as known after an article/position."""
    known_at = position
    if article_id is not None:
        known_at = timeline.position_after(article_id)
    return timeline.state(negotiation, as_of=as_of, known_at=known_at)


@then('the status is "{status:Quoted}"', examples=['the status is "stalled"'])
def status_is(state: NegotiationState, status: str) -> None:
    """The negotiation's status (stalled, negotiating, unknown, ...), by the documented rules."""
    assert state.status.value == status, describe.status(state)


@then('the parties are "{parties:Quoted}"', examples=['the parties are "KR+US"'])
def parties_are(state: NegotiationState, parties: str) -> None:
    """The negotiation's parties, as codes joined by "+" in alphabetical order (e.g. "KR+US")."""
    actual = "+".join(sorted(state.parties))
    assert actual == parties, f"the parties are {actual or '(none known)'}"
