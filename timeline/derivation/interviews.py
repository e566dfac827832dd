"""Who speaks the paragraphs of an interview: what the guest answers is the guest's speech,
quotation marks or not.

Two shapes are read from the text alone. A transcript labels each turn with its speaker's
name in capitals ("REYNOLDS: We agreed the general terms..."), a label used for two turns at
least; the turn is that person's. A question-and-answer piece sets each question as a
paragraph of its own ending with "?" (two at least); the paragraphs after a question, up to
the next one, are the guest's answer, when at least half of them speak in the first person
(an explainer's questions are answered by its writer, who does not). A line such as "Read
more: ..." or "Caption: ..." is neither.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")
_LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \t]+(?=\S)")
_PAGE_LINE = re.compile(r"[A-Z][\w ]{0,20}:")  # "Read more:", "Caption:", "Photo:"
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")
_QUESTION_MAX = 300
_TURNS = 2


@dataclass(frozen=True)
class Turn:
    """A spoken paragraph: its speech's character range and the speaker's label (a name in
    capitals), or None for the guest of a question-and-answer piece."""

    start: int
    end: int
    label: str | None


def _paragraphs(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _PARAGRAPH.finditer(text)]


def spoken_turns(text: str) -> list[Turn]:
    """The interview turns of an article's text, in order (none for a plain report)."""
    paragraphs = _paragraphs(text)
    labelled = [(start, end, _LABEL.match(body)) for start, end, body in paragraphs]
    counts = Counter(m.group(1) for _, _, m in labelled if m)
    if any(n >= _TURNS for n in counts.values()):
        return [
            Turn(start + m.end(), end, m.group(1))
            for start, end, m in labelled
            if m and counts[m.group(1)] >= _TURNS
        ]
    questions = [
        i
        for i, (_, _, body) in enumerate(paragraphs)
        if body.rstrip().endswith("?") and len(body) <= _QUESTION_MAX and "\n" not in body.strip()
    ]
    if len(questions) < _TURNS:
        return []
    turns = []
    for at, i in enumerate(questions):
        last = questions[at + 1] if at + 1 < len(questions) else len(paragraphs)
        for start, end, body in paragraphs[i + 1 : last]:
            if _PAGE_LINE.match(body) or body.rstrip().endswith("?"):
                break
            turns.append(Turn(start, end, None))
    spoken = sum(1 for t in turns if _FIRST_PERSON.search(text[t.start : t.end]))
    return turns if spoken * 2 >= len(turns) else []  # an explainer's answers are no speech
