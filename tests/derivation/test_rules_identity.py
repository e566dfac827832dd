"""The rules' identity recorded with each derivation: what the deriver reads, nothing else.

Editing a rule's examples, description or a comment must not mark stored articles for
re-derivation; changing a pattern, a field or a word class must.
"""

from __future__ import annotations

from importlib.resources import files

from timeline.derivation.ingestion import identity_of_rule_files, rules_identity

SAMPLE = """\
# Meetings.
classes:
  MEETING: [meeting, session]
rules:
  - id: meeting.sample
    type: meeting_held
    description: Negotiators met ("met in Geneva").
    patterns:
      - [{LOWER: met}]
    actor: deal
    examples:
      - text: Officials met in Geneva on Tuesday.
        derives:
          - {type: meeting_held, date: '2017-08-22'}
"""


def _identity(text: str) -> str:
    return identity_of_rule_files([("meetings.yaml", text), ("words.yaml", "classes: {}\n")])


def test_examples_descriptions_and_comments_do_not_change_the_identity() -> None:
    base = _identity(SAMPLE)
    edited_example = SAMPLE.replace("in Geneva on Tuesday", "in Oslo on Monday")
    more_examples = SAMPLE + "      - text: Nobody met.\n        derives_nothing: true\n"
    no_examples = SAMPLE[: SAMPLE.index("    examples:")]
    described = SAMPLE.replace('("met in Geneva")', '("met in Oslo", "held talks")')
    commented = SAMPLE.replace("# Meetings.", "# Meetings and nothing else.\n# Really.")
    for text in (edited_example, more_examples, no_examples, described, commented):
        assert _identity(text) == base, text


def test_what_the_deriver_reads_changes_the_identity() -> None:
    base = _identity(SAMPLE)
    changed = (
        SAMPLE.replace("{LOWER: met}", "{LOWER: meets}"),
        SAMPLE.replace("actor: deal", "actor: subject"),
        SAMPLE.replace("[meeting, session]", "[meeting, session, summit]"),
        SAMPLE.replace("id: meeting.sample", "id: meeting.other"),
        SAMPLE.replace("    actor: deal\n", "    actor: deal\n    past: true\n"),
    )
    for text in changed:
        assert _identity(text) != base, text
    assert identity_of_rule_files([("meetings.yaml", SAMPLE)]) != base  # a file removed


def test_an_example_edit_in_a_shipped_file_keeps_the_shipped_identity() -> None:
    folder = files("timeline.derivation")
    names = ["data/negotiations.yaml"] + [
        f"rules/{entry.name}"
        for entry in (folder / "rules").iterdir()
        if entry.name.endswith(".yaml")
    ]
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in names}
    assert identity_of_rule_files(list(texts.items())) == rules_identity()
    meetings = texts["rules/meetings.yaml"]
    assert "    examples:\n" in meetings
    edited = meetings.replace(
        "    examples:\n",
        "    examples:\n      - text: Nobody met.\n        derives_nothing: true\n",
        1,
    )
    assert (
        identity_of_rule_files(list({**texts, "rules/meetings.yaml": edited}.items()))
        == rules_identity()
    )
    repatterned = meetings.replace("[{LOWER: {IN: [meet, met,", "[{LOWER: {IN: [meet,", 1)
    assert repatterned != meetings
    assert (
        identity_of_rule_files(list({**texts, "rules/meetings.yaml": repatterned}.items()))
        != rules_identity()
    )
