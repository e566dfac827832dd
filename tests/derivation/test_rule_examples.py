"""Every rule's examples, run through the real deriver: the facts they must and must not give.

Examples live next to their rules in ``timeline/derivation/rules/*.yaml`` (``examples``);
the assertions are on derived facts (type, actors, target, date, negotiation, quotes,
payload fields), never on rule ids, so an example still holds when another rule takes over.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.derivation.conftest import DeriveText
from timeline.derivation.rules import ExpectedFact, RuleExample, shipped_rules
from timeline.domain.envelope import NewEvent
from timeline.domain.events import NegotiationEvent

EXAMPLES = [
    pytest.param(example, id=f"{rule.id}#{n}")
    for rule in shipped_rules().rules
    for n, example in enumerate(rule.examples, 1)
]


def _codes(parties: tuple[str, ...] | None) -> str:
    return "+".join(parties or ())


def _facts(event: NegotiationEvent) -> dict[str, Any]:
    return {
        "actor": _codes(event.actor),
        "target": _codes(event.target),
        "date": None if event.occurred is None else str(event.occurred),
        "negotiation": event.negotiation,
        "quotes": len(event.evidence),
        "quote": event.evidence[0].quote,
    }


def _matches(event: NegotiationEvent, fact: ExpectedFact) -> bool:
    seen = _facts(event)
    for name in ("actor", "target", "date", "negotiation", "quotes", "quote"):
        wanted = getattr(fact, name)
        if wanted is not None and seen[name] != wanted:
            return False
    return all(_text(getattr(event, k, None)) == v for k, v in fact.fields.items())


def _text(value: object) -> str:
    """A payload value as an example writes it: party tuples joined by "+", else str()."""
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "+".join(value)
    return str(value)


def _of_type(events: list[NewEvent], type_name: str) -> list[NegotiationEvent]:
    found = []
    for new in events:
        if new.type == type_name:
            assert isinstance(new.event, NegotiationEvent), new.event
            found.append(new.event)
    return found


def _show(events: list[NewEvent]) -> str:
    lines = []
    for new in events:
        event = new.event
        if isinstance(event, NegotiationEvent):
            lines.append(f"  {new.type} {_facts(event)}")
    return "\n".join(lines) or "  (nothing)"


def test_every_rule_file_has_examples() -> None:
    assert EXAMPLES, "no rule carries examples"


@pytest.mark.parametrize("example", EXAMPLES)
def test_rule_example(derive_text: DeriveText, example: RuleExample) -> None:
    events = derive_text(example.text, published=example.published, negotiation=example.negotiation)
    derived = f"{example.text!r} derived:\n{_show(events)}"
    if example.derives_nothing:
        assert events == [], derived
    for fact in example.derives:
        of_type = _of_type(events, fact.type)
        if fact.every:
            assert of_type, f"no {fact.type}\n{derived}"
            assert all(_matches(e, fact) for e in of_type), f"not all match {fact}\n{derived}"
        elif fact.count is None:
            assert any(_matches(e, fact) for e in of_type), f"missing {fact}\n{derived}"
        else:
            assert len(of_type) == fact.count, f"want {fact.count} {fact.type}\n{derived}"
            assert all(_matches(e, fact) for e in of_type), f"not all match {fact}\n{derived}"
    for fact in example.excludes:
        found = [e for e in _of_type(events, fact.type) if _matches(e, fact)]
        assert not found, f"must not derive {fact}\n{derived}"
