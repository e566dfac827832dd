"""The state's display (timeline.display): what the terminal shows, as plain data that the
read model persists and the served ``state`` draws without the state's models."""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from seedlike import DAY, seed_recorded

from timeline import rendering
from timeline.display import (
    STYLES,
    LineBlock,
    PanelBlock,
    StateDisplay,
    TableBlock,
    decode_display,
    encode_display,
    inert,
    inert_json,
    state_display,
)
from timeline.domain.views import NegotiationState
from timeline.projections.negotiation import project
from timeline.rendering import display_view


@pytest.fixture(scope="module", params=[None, DAY], ids=["latest", "as-of"])
def state(request: pytest.FixtureRequest) -> NegotiationState:
    return project(seed_recorded(), "korus", as_of=request.param)


def drawn(display: StateDisplay, width: int = 120) -> str:
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=True, color_system="truecolor").print(
        display_view(display)
    )
    return out.getvalue()


def styles_of(display: StateDisplay) -> set[str]:
    texts = []
    for block in display.blocks:
        if isinstance(block, PanelBlock):
            texts.extend(block.lines)
        elif isinstance(block, TableBlock):
            texts.extend(cell for row in block.rows for cell in row)
        else:
            texts.append(block.text)
    return {style for whole, segments in texts for style in (whole, *(s for _, s in segments))}


def test_a_persisted_display_reads_back_as_the_same_display(state: NegotiationState) -> None:
    display = state_display(state)
    assert styles_of(display) <= STYLES
    assert decode_display(encode_display(display)) == display
    assert drawn(decode_display(encode_display(display)) or StateDisplay(())) == drawn(display)


def test_the_display_holds_every_section_of_the_state(state: NegotiationState) -> None:
    blocks = state_display(state, known_at="12").blocks
    panel = blocks[0]
    assert isinstance(panel, PanelBlock)
    heading = "".join(text for text, _style in panel.lines[0][1])
    assert heading.startswith("korus") and "(asked: 12)" in heading
    titles = [b.title for b in blocks if isinstance(b, TableBlock)]
    assert titles[:2] == ["Agreement", "Proposals"]
    assert len(
        next(b for b in blocks if isinstance(b, TableBlock) and b.title == "Proposals").rows
    ) == len(state.proposals)
    lines = ["".join(t for t, _ in b.text[1]) for b in blocks if isinstance(b, LineBlock)]
    assert any(line.startswith("next meeting: ") for line in lines)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("plain", "plain"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("bell\x07 and del\x7f", "bell\\x07 and del\\x7f"),
        ("[bold]markup[/bold]", "[bold]markup[/bold]"),
        (None, "unknown"),
    ],
)
def test_stored_text_is_made_inert(stored: str | None, shown: str) -> None:
    assert inert(stored) == shown


_WRITTEN_OUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000)))
def test_every_control_character_and_only_those_are_written_out(text: str) -> None:
    """Whatever text takes the quick path (nothing to write out) or the other."""
    expected = _WRITTEN_OUT.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    assert inert(text) == expected
    assert not _WRITTEN_OUT.search(inert(text))


def test_a_drawn_display_shows_markup_literally_and_no_control_character() -> None:
    hostile = ("", (("[link=https://evil.example]x[/link] \\x1b[31m", "bold"),))
    out = drawn(StateDisplay((LineBlock(hostile), TableBlock("T", ("id",), ((hostile,),)))))
    assert out.count("[link=https://evil.example]x[/link]") == 2  # drawn, not obeyed
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink was made of it


@pytest.mark.parametrize(
    "document",
    [
        "",
        "null",
        "[1]",
        '[["panel", "P"]]',
        '[["panel", "P", [["", [["x", "", "extra"]]]]]]',
        '[["table", "T", ["a"], [[["", []], ["", []]]]]]',
        '[["table", "T", [1], []]]',
        '[["line", ["bold"]]]',
        '[["line", ["no such style", [["x", ""]]]]]',
        '[["line", ["", [["x", "link https://evil.example"]]]]]',
        "[" * 100_000,
    ],
)
def test_anything_but_a_display_decodes_to_none(document: str) -> None:
    assert decode_display(document) is None


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(max_codepoint=0x3000)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(st.characters(max_codepoint=0x3000), max_size=4), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@given(_JSON_VALUES, st.sampled_from([None, 2]))
def test_json_made_inert_decodes_to_the_same_value_without_a_control_character(
    value: object, indent: int | None
) -> None:
    """DEL and the C1 controls (which JSON leaves raw) are escaped too; the text is still
    the same JSON, its structural new lines kept."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    made = inert_json(text)
    assert json.loads(made) == value
    assert not _WRITTEN_OUT.search(made)
    assert made.count("\n") == text.count("\n")


def test_json_made_inert_escapes_what_json_leaves_raw() -> None:
    text = json.dumps({"quote": "csi\x9b31m del\x7f esc\x1b"}, ensure_ascii=False)
    assert "\x9b" in text and "\x7f" in text  # what json.dumps left raw
    assert inert_json(text) == '{"quote": "csi\\u009b31m del\\u007f esc\\u001b"}'


def test_json_is_coloured_on_a_terminal_when_short_and_written_as_is_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = json.dumps({"quote": "csi\x9b31m", "n": 1}, ensure_ascii=False, indent=2)
    terminal = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    rendering.print_json(terminal, text)
    coloured = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in coloured and "\x9b" not in coloured and "\\u009b" in coloured
    monkeypatch.setattr(rendering, "JSON_COLOURED_MAX", len(text) - 1)
    terminal = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    rendering.print_json(terminal, text)
    assert terminal.file.getvalue() == inert_json(text) + "\n"  # type: ignore[attr-defined]
