"""The spaCy pipeline (blank English, rule-based sentences, lookup lemmas) and text layout.

The pipeline is built once, lazily. Articles are laid out before tokenising: a single line
break inside a paragraph (wire copy wraps lines mid-sentence) becomes a space, a line that
ends a sentence, a blank line, a bullet or a short caption-like line starts a new sentence.
The replacement keeps every character's offset, so spans index ``Article.text`` directly.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import spacy
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

from timeline.derivation.articles import MAX_ARTICLE_BYTES

_TERMINAL = re.compile(r"[.!?:;\"”’)\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*]\s|\d+[.)]\s)")
_STANDALONE = re.compile(
    r"^\s*(?:By\s|Posted\b|Published\b|Source:|Updated\b|\[)|\b\d{1,2}:\d{2}\b|\bREUTERS/|/AP\b"
)


@Language.component("timeline_lower_lemmas")
def _lower_lemmas(doc: Doc) -> Doc:
    """Lemmas from the lookup table by lower-cased form ("Talks" -> "talk").

    Looked up once per distinct form and written back in one ``from_array``."""
    if not len(doc):
        return doc
    table = _lemma_table()
    strings = doc.vocab.strings
    lemmas: dict[int, int] = {}  # lower-cased form -> its lemma (string ids)
    array: Any = doc.to_array(LOWER)  # one string id per token
    lower_ids = array.tolist()
    for lower_id in set(lower_ids):
        lower = strings[lower_id]
        if lower in _LEMMA_OVERRIDES:
            lemma = _LEMMA_OVERRIDES[lower]
        else:
            lemma = table.get(lower, lower) if table is not None else lower
        lemmas[lower_id] = strings.add(lemma)
    array[:] = [lemmas[lower_id] for lower_id in lower_ids]
    doc.from_array([LEMMA], array)
    return doc


@Language.component("timeline_hard_breaks")
def _hard_breaks(doc: Doc) -> Doc:
    """A token after a line break starts a sentence; spaces never start one; an opening
    quotation mark starts the sentence it opens instead of ending the previous one.

    The flags are written back in one ``from_array``: setting ``Token.is_sent_start`` checks
    the whole doc's annotation each time (a cost in proportion to the article's length per
    paragraph, quadratic over a long article)."""
    if not len(doc):
        return doc
    starts = doc.to_array(SENT_START).astype("int64")  # 1 starts, -1 does not, 0 unknown
    count = len(doc)
    previous: Token | None = None
    for index, token in enumerate(doc):
        if (
            token.text in {'"', "“"}
            and not token.whitespace_
            and index + 1 < count
            and starts[index + 1] == 1
            and (previous is None or previous.whitespace_)
        ):
            starts[index] = 1
            starts[index + 1] = -1
        if previous is not None:
            if token.is_space:
                starts[index] = -1
            elif (previous.is_space and "\n" in previous.text) or "\n" in previous.whitespace_:
                starts[index] = 1
        previous = token
    flags: Any = starts.astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], flags)
    return doc


# A closing quotation mark glued to the next word by a page's glitch ('now,”said Mr Lee',
# '"ok"said'): the comma and the mark are tokens of their own, so the quote is seen.
_GLUED_QUOTES = (
    r"(?<=[a-z])[,.!?](?=[”\"][^\W\d_])",
    r"(?<=[\w,.!?])[”\"](?=[^\W\d_])",
)
_LEMMAS: dict[str, Any] = {}
_LEMMA_OVERRIDES = {"meeting": "meeting"}  # the lookup table gives "meet"; news means the noun


def _lemma_table() -> Any:
    return _LEMMAS.get("table")


@cache
def pipeline() -> Language:
    """Blank English + sentencizer + lemmas by lookup (spacy-lookups-data), built once."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_ARTICLE_BYTES  # spaCy's default (10**6 characters) is below it
    tokenizer: Any = nlp.tokenizer
    defaults: Any = nlp.Defaults.infixes or ()
    tokenizer.infix_finditer = compile_infix_regex([*defaults, *_GLUED_QUOTES]).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("timeline_hard_breaks")
    lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    _LEMMAS["table"] = lemmatizer.lookups.get_table("lemma_lookup")
    # its table is all that is kept: timeline_lower_lemmas sets every token's lemma
    nlp.remove_pipe("lemmatizer")
    nlp.add_pipe("timeline_lower_lemmas")
    return nlp


def layout(text: str) -> str:
    """The text with wrapped lines joined by spaces; same length, same offsets."""
    lines = text.split("\n")
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if index == len(lines) - 1:
            break
        following = lines[index + 1]
        joins = (
            line.strip()
            and following.strip()
            and not _TERMINAL.search(line)
            and not _BULLET.match(following)
            and not _STANDALONE.search(line)
            and not _STANDALONE.search(following)
            and len(line.strip()) > 30
        )
        out.append(" " if joins else "\n")
    return "".join(out)


def parse(text: str) -> Doc:
    """Tokenise, split into sentences and lemmatise an article body."""
    return pipeline()(layout(text))


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences without leading or trailing whitespace tokens; none empty."""
    result: list[Span] = []
    for sent in doc.sents:
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end > start:
            result.append(doc[start:end])
    return result
