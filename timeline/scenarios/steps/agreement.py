"""Then steps about the agreement (in force, signed) and its termination clause."""

from __future__ import annotations

from timeline.domain.views import UNKNOWN, NegotiationState
from timeline.scenarios import describe
from timeline.scenarios.registry import then
from timeline.words import effective_words


@then(
    'the agreement is in force since "{since:Quoted}"',
    examples=['the agreement is in force since "2012"'],
)
def in_force_since(state: NegotiationState, since: str) -> None:
    """The agreement's entry into force, as precise as stated: "2012", "2012-03", "2012-03-15"."""
    assert str(state.agreement.in_force_since) == since, describe.agreement(state)


@then("the agreement's entry into force is unknown")
def in_force_unknown(state: NegotiationState) -> None:
    """No article (known so far, dated so far) says when the agreement entered into force."""
    assert state.agreement.in_force_since == UNKNOWN, describe.agreement(state)


@then(
    'the agreement was signed on "{signed_on:Quoted}"',
    examples=['the agreement was signed on "2007-06-30"'],
)
def signed_on(state: NegotiationState, signed_on: str) -> None:
    """The day (or month, or year) the agreement was signed."""
    assert str(state.agreement.signed_on) == signed_on, describe.agreement(state)


@then(
    'the termination clause may be invoked by "{who:Quoted}" party',
    examples=['the termination clause may be invoked by "any" party'],
)
def invocable_by(state: NegotiationState, who: str) -> None:
    """Who may invoke the clause: "any" (either party), a party code such as "US", or "unknown"."""
    assert state.termination_clause.invocable_by == who, describe.agreement(state)


@then(
    "the termination clause notice period is {days:Count} days",
    examples=["the termination clause notice period is 180 days"],
)
def notice_days(state: NegotiationState, days: int) -> None:
    """The notice period, in days, that the articles state."""
    assert state.termination_clause.notice_days == days, describe.agreement(state)


@then("the termination clause notice period is unknown")
def notice_unknown(state: NegotiationState) -> None:
    """No article known so far states the notice period."""
    assert state.termination_clause.notice_days == UNKNOWN, describe.agreement(state)


@then("the termination clause has not been invoked")
def not_invoked(state: NegotiationState) -> None:
    """The clause is known and an article says (or implies) nobody has given notice."""
    assert state.termination_clause.invoked is False, describe.agreement(state)


@then(
    'the termination clause has been invoked on "{notice_on:Quoted}"',
    examples=['the termination clause has been invoked on "2018-01"'],
)
def invoked_on(state: NegotiationState, notice_on: str) -> None:
    """Notice was given on that date (day, month or year as stated)."""
    clause = state.termination_clause
    assert (clause.invoked, str(clause.notice_given_on)) == (True, notice_on), describe.agreement(
        state
    )


@then(
    'the termination clause takes effect at the earliest on "{effective:Quoted}"',
    examples=['the termination clause takes effect at the earliest on "not invoked"'],
)
def earliest_effective(state: NegotiationState, effective: str) -> None:
    """Notice date plus period, as the CLI words it: "2018-07-09 at the earliest", "not invoked"."""
    clause = state.termination_clause
    assert effective_words(clause) == effective, describe.agreement(state)


@then("the termination clause is unknown")
def clause_unknown(state: NegotiationState) -> None:
    """No article known so far describes the termination clause."""
    clause = state.termination_clause
    assert (clause.invocable_by, clause.notice_days) == (UNKNOWN, UNKNOWN), describe.agreement(
        state
    )
