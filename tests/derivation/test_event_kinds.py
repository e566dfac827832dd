"""Event kinds: how every event of a type is treated, declared under ``types`` in rule files."""

from __future__ import annotations

import pytest

from timeline.derivation.rules import EventKind, parse_rule_files, shipped_rules
from timeline.errors import CatalogError

RULE = """\
rules:
  - id: meeting.sample
    type: meeting_held
    patterns:
      - [{LOWER: met}]
"""


def test_shipped_kinds() -> None:
    rules = shipped_rules()
    assert rules.kind("meeting_held") == EventKind(located=True, merge="dated", setting=True)
    assert rules.kind("round_scheduled") == EventKind(located=True, schedule=True)
    assert rules.kind("termination_clause_cited").details == "termination"
    assert rules.kind("position_stated") == EventKind(
        merge="neighbours", statement=True, by_publication=True
    )
    assert rules.kind("trade_figure_reported").merge == "sentence"
    dated = {name for name, kind in rules.types.items() if kind.merge == "dated"}
    assert dated == {"meeting_held", "agreement_reached", "agreement_signed", "agreement_in_force"}


def test_an_undeclared_type_takes_the_defaults() -> None:
    rules = parse_rule_files([("meetings.yaml", RULE)])
    assert rules.kind("meeting_held") == EventKind()
    assert rules.kind("proposal_made") == EventKind(merge="topic", located=False)


def test_declared_kinds_are_read() -> None:
    text = RULE + "types:\n  meeting_held: {located: true, merge: dated}\n"
    kind = parse_rule_files([("meetings.yaml", text)]).kind("meeting_held")
    assert (kind.located, kind.merge, kind.schedule) == (True, "dated", False)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("a.yaml", "types:\n  meeting_hold: {located: true}\n")], "unknown event type"),
        ([("a.yaml", "types:\n  meeting_held: {locatd: true}\n")], "invalid meeting_held"),
        ([("a.yaml", "types:\n  meeting_held: {merge: sometimes}\n")], "invalid meeting_held"),
        ([("a.yaml", "types:\n  meeting_held: {details: weather}\n")], "invalid meeting_held"),
        ([("a.yaml", "types:\n  meeting_held: {located: maybe}\n")], "invalid meeting_held"),
        (
            [
                ("a.yaml", "types:\n  meeting_held: {located: true}\n"),
                ("b.yaml", "types:\n  meeting_held: {merge: dated}\n"),
            ],
            "declared twice",
        ),
    ],
)
def test_invalid_kinds_are_catalog_errors(files: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_rule_files(files)
    assert message in str(caught.value)


def test_a_rule_without_topic_from_takes_its_types() -> None:
    proposal = RULE.replace("meeting_held", "proposal_made")
    own = proposal.replace("    patterns:", "    topic_from: fixed\n    patterns:")
    kinds = "types:\n  proposal_made: {topic_from: proposal_words}\n"
    assert parse_rule_files([("p.yaml", proposal)]).rules[0].topic_from == "fixed"
    assert parse_rule_files([("p.yaml", proposal + kinds)]).rules[0].topic_from == "proposal_words"
    assert parse_rule_files([("p.yaml", own + kinds)]).rules[0].topic_from == "fixed"
    assert shipped_rules().kind("proposal_made").topic_from == "proposal_words"
