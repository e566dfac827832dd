"""Steps that ask why a field has its value, and check the articles and quotes cited.

Field paths are those of ``timeline explain`` (``status``, ``next_meeting``,
``termination_clause.notice_days``, ``figures.goods_deficit.2016``, ``proposals.<id>.status``);
a proposal can also be named as in the proposal steps. The answer is handed on as
``explanation``.
"""

from __future__ import annotations

import datetime as dt

from timeline.app import Timeline
from timeline.audit import Explanation
from timeline.scenarios.matching import find_proposal
from timeline.scenarios.registry import then, when

IN_NEGOTIATION = ' in negotiation "{negotiation:Quoted}"'
PROPOSAL_STATUS = (
    'I ask to explain the status of the proposal by "{party:Quoted}" {description:Words}'
)


def _cited(explanation: Explanation) -> str:
    sources = "\n".join(
        f"  - {source.article_id} ({source.event_type}, rule {source.rule_id}): {source.quote!r}"
        for source in explanation.sources
    )
    rules = "\n".join(f"  - {rule}" for rule in explanation.rules)
    return (
        f"explanation of {explanation.field} = {explanation.value!r}\n"
        f"rules:\n{rules or '  (none)'}\nsources:\n{sources or '  (none)'}"
    )


@when(
    'I ask to explain "{field:Quoted}"' + IN_NEGOTIATION,
    target_fixture="explanation",
    examples=['I ask to explain "termination_clause.notice_days" in negotiation "korus"'],
)
@when(
    'I ask to explain "{field:Quoted}"' + IN_NEGOTIATION + " as of {as_of:Day}",
    target_fixture="explanation",
    examples=['I ask to explain "status" in negotiation "korus" as of 2017-08-22'],
)
def explain_field(
    timeline: Timeline, field: str, negotiation: str, as_of: dt.date | None = None
) -> Explanation:
    """Explain one field path of the state (an unknown path fails listing the valid ones)."""
    return timeline.explain(negotiation, field, as_of=as_of)


@when(
    PROPOSAL_STATUS + IN_NEGOTIATION,
    target_fixture="explanation",
    examples=[
        'I ask to explain the status of the proposal by "US" to amend the agreement'
        ' in negotiation "korus"'
    ],
)
@when(
    PROPOSAL_STATUS + IN_NEGOTIATION + " as of {as_of:Day}",
    target_fixture="explanation",
    examples=[
        'I ask to explain the status of the proposal by "KR" for a joint study'
        ' in negotiation "korus" as of 2017-08-22'
    ],
)
def explain_proposal_status(
    timeline: Timeline,
    party: str,
    description: str,
    negotiation: str,
    as_of: dt.date | None = None,
) -> Explanation:
    """Explain the status of the proposal the description names (see the matching rule)."""
    proposal = find_proposal(timeline.state(negotiation, as_of=as_of), party, description)
    return timeline.explain(negotiation, f"proposals.{proposal.id}.status", as_of=as_of)


@then(
    'the explanation cites the article "{article_id:Quoted}"',
    examples=['the explanation cites the article "gulfnews-1.2078485"'],
)
def cites_article(explanation: Explanation, article_id: str) -> None:
    """One of the events behind the value comes from this article."""
    cited = {source.article_id for source in explanation.sources}
    assert article_id in cited, _cited(explanation)


@then(
    'the explanation quotes "{fragment:Quoted}"',
    examples=['the explanation quotes "We did not agree to the unilateral proposal"'],
)
def quotes_fragment(explanation: Explanation, fragment: str) -> None:
    """One of the quotes behind the value contains this fragment (exactly, case included)."""
    assert any(fragment in quote for quote in explanation.quotes), _cited(explanation)


@then('the explained value is "{value:Quoted}"', examples=['the explained value is "180"'])
def explained_value(explanation: Explanation, value: str) -> None:
    """The field's value, written as text (numbers and dates as they print)."""
    assert str(explanation.value) == value, _cited(explanation)


@then(
    'the explanation names the rule "{fragment:Quoted}"',
    examples=['the explanation names the rule "stalled"'],
)
def names_rule(explanation: Explanation, fragment: str) -> None:
    """One of the rules applied contains this fragment (e.g. "matching-subject", "S5")."""
    assert any(fragment in rule for rule in explanation.rules), _cited(explanation)
