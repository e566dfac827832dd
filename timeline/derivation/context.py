"""An article prepared for rules: sentences, mentions, quotes, speakers and the date anchor."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span

from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.dates import DatePhrase, find_date_phrases
from timeline.derivation.interviews import Turn, spoken_turns
from timeline.derivation.mentions import Mention, find_mentions
from timeline.derivation.negotiations import UNRESOLVED, ResolvedNegotiation, resolve_negotiation
from timeline.derivation.nlp import parse, sentences
from timeline.derivation.rules import lemma_class
from timeline.domain.values import WorldDate

_OPEN = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_OBJECT_BEFORE = {
    "to", "with", "from", "by", "for", "of", "against", "on", "at", "in", "into", "between",
    "toward", "towards", "over", "about", "than", "among", "via", "under", "across",
    "beside", "alongside", "behind", "like", "including", "unlike",
}  # fmt: skip
_SPOKES = {
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials",
    "representative", "representatives", "envoy", "ambassador", "negotiator", "negotiators",
    "minister", "secretary", "delegation", "delegations", "president", "leader",
}  # fmt: skip
_FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ours"}
_THIRD_PERSON = {"he", "she", "his", "her"}
_QUOTED_OBJECT = {"him", "her"}
_PARTICIPLE = re.compile(r"[a-z]{3,}ing")
_HEADLINE_CHARS = 600
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TERMINAL_END = re.compile(r"[.!?][\"”’')\]]*\s*$")
_DECK_WORDS = 14
_WRAP_WIDTH = 100  # wire copy wraps its lines shorter than this


def _new_paragraph(text: str, previous_end: int, start: int) -> bool:
    """A blank line starts a paragraph; so does a single line break after a line too long
    to be wrapped copy that ends a sentence (pages that set one paragraph per line)."""
    gap = text[previous_end:start]
    if _BLANK_LINE.search(gap):
        return True
    if "\n" not in gap or previous_end == 0:
        return False
    line = text[text.rfind("\n", 0, previous_end) + 1 : previous_end]
    return len(line) > _WRAP_WIDTH and bool(_TERMINAL_END.search(line))


def _is_deck(text: str, start: int, end: int) -> bool:
    """A headline, deck or byline near the top: a short line without final punctuation, or
    a bullet point under the headline."""
    if start > _HEADLINE_CHARS:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if line_start != start and text[line_start:start].strip():
        return False
    if _TERMINAL_END.search(line):
        return False
    return len(line.split()) <= _DECK_WORDS or line.lstrip().startswith(("- ", "• "))


@dataclass
class Sentence:
    """A sentence: its span, character offsets into the article text and who says it."""

    index: int
    span: Span
    start: int
    end: int
    paragraph: int
    speaker: Mention | None = None
    speaker_party: str | None = None
    negotiation: str | None = None
    dates: list[DatePhrase] = field(default_factory=list)
    headline: bool = False
    reference: WorldDate | None = None  # the date "a day later" counts from (sentences before)


@dataclass
class ArticleContext:
    """Everything rules need about one article. Invariant: offsets index ``article.text``;
    ``mentions`` are in text order (by start token) and ``sentences`` too.

    The lookups rules make once per trigger or per sentence (the sentence of a token, the
    mentions inside a span, whether a token is named, the last person named before a token)
    go through indexes built once per article, so deriving an article takes time in
    proportion to its length (a scan of every mention per trigger made it quadratic).
    """

    article: Article
    catalog: Catalog
    doc: Doc
    negotiation: str
    parties: tuple[str, ...]
    sentences: list[Sentence]
    mentions: list[Mention]
    mention_end: dict[int, Mention]
    mention_start: dict[int, Mention]
    in_quote: list[bool]
    anchor: WorldDate
    headline_end: int = 0
    name_tokens: frozenset[int] = frozenset()
    resolved: ResolvedNegotiation = UNRESOLVED
    """The article's negotiation with its name, parties and their source."""
    _indexes: _Indexes | None = field(default=None, repr=False, compare=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _words: TokenWords | None = field(default=None, repr=False, compare=False)

    def words(self) -> TokenWords:
        """The tokens' texts, lower-cased forms and lemmas as lists (built on first use,
        once ``doc.ents`` are set: a rule's cue windows read them token by token)."""
        if self._words is None:
            self._words = TokenWords.of(self.doc)
        return self._words

    def _index(self) -> _Indexes:
        """The mention indexes (built on first use: ``mentions`` never change after)."""
        if self._indexes is None:
            self._indexes = _Indexes.of(self)
        return self._indexes

    def sentence_of(self, token_index: int) -> Sentence:
        starts = self._sentence_starts
        if len(starts) != len(self.sentences):  # sentences are appended while building
            starts[:] = [s.span.start for s in self.sentences]
        at = bisect_right(starts, token_index) - 1
        if at >= 0:
            sentence = self.sentences[at]
            if sentence.span.start <= token_index < sentence.span.end:
                return sentence
        raise IndexError(token_index)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions wholly inside tokens [start, end), in text order."""
        found = self._index()
        out: list[Mention] = []
        for at in range(bisect_left(found.mention_starts, start), len(self.mentions)):
            mention = self.mentions[at]
            if mention.start >= end:
                break
            if mention.end <= end:
                out.append(mention)
        return out

    def mentions_covering(self, token_index: int) -> tuple[Mention, ...]:
        """The mentions whose tokens include ``token_index``."""
        return self._index().covering.get(token_index, ())

    @property
    def agent_ends(self) -> frozenset[int]:
        """The end tokens of mentions of agents (parties and people speaking for one)."""
        return self._index().agent_ends

    def last_person_before(self, token_index: int) -> Mention | None:
        """The person a "he"/"she" stands for: the last one named outside quotations and
        not addressed ("He pressed Trump ... 'Donald, ...' he said" -> not Trump), else the
        last one named."""
        found = self._index()
        at = bisect_left(found.mention_starts, token_index)
        if at == 0:
            return None
        return found.last_subject[at - 1] or found.last_person[at - 1]


@dataclass(frozen=True, slots=True)
class TokenWords:
    """Per token of a doc: ``text``, ``lower``, ``lemma`` and whether it is in a mention of
    a negotiation (``negotiation``: ``ent_type_ == "NEGOTIATION"``)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    negotiation: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> TokenWords:
        strings = doc.vocab.strings
        named: dict[int, str] = {}

        def words(ids: list[int]) -> list[str]:
            out = []
            for string_id in ids:
                word = named.get(string_id)
                if word is None:
                    word = named[string_id] = strings[string_id]
                out.append(word)
            return out

        if not len(doc):
            return cls([], [], [], [])
        columns: Any = doc.to_array([ORTH, LOWER, LEMMA, ENT_TYPE]).T.tolist()
        orth, lower, lemma, ent_type = columns
        negotiation = strings.add("NEGOTIATION")
        return cls(words(orth), words(lower), words(lemma), [e == negotiation for e in ent_type])


@dataclass(frozen=True, slots=True)
class _Indexes:
    """Lookups over an article's mentions, built in one pass."""

    mention_starts: list[int]
    covering: dict[int, tuple[Mention, ...]]
    agent_ends: frozenset[int]
    last_person: list[Mention | None]
    """For each mention (in text order), the last person with a party named up to it."""
    last_subject: list[Mention | None]
    """The same, counting only people named outside quotations and not addressed."""

    @classmethod
    def of(cls, ctx: ArticleContext) -> _Indexes:
        covering: dict[int, tuple[Mention, ...]] = {}
        last_person: list[Mention | None] = []
        last_subject: list[Mention | None] = []
        found: Mention | None = None
        subject: Mention | None = None
        for mention in ctx.mentions:
            for token in range(mention.start, mention.end):
                covering[token] = (*covering.get(token, ()), mention)
            if mention.kind == "person" and mention.party:
                found = mention
                if not ctx.in_quote[mention.start] and not _addressed(ctx.doc, mention):
                    subject = mention
            last_person.append(found)
            last_subject.append(subject)
        return cls(
            mention_starts=[m.start for m in ctx.mentions],
            covering=covering,
            agent_ends=frozenset(m.end for m in ctx.mentions if m.is_agent),
            last_person=last_person,
            last_subject=last_subject,
        )


def _quote_mask(doc: Doc) -> list[bool]:
    """For each token, whether it lies inside quotation marks of its paragraph.

    Double marks pair up; a single ‘ opens a quotation (British style) that the next
    standalone ’ closes (a ’ inside a word, as in "won’t" or "Britain’s", is an apostrophe
    and is tokenised with its word).
    """
    mask = [False] * len(doc)
    closing: str | None = None
    for token in doc:
        text = token.text
        if token.is_space and "\n" in text:
            closing = None
            continue
        if closing is not None and text == closing:
            mask[token.i] = True
            closing = None
            continue
        if closing is None and text in _OPEN:
            closing = _OPEN[text]
            mask[token.i] = True
            continue
        if closing is not None and text in _OPEN and text != closing:
            continue
        mask[token.i] = closing is not None
    return mask


def _addressed(doc: Doc, mention: Mention) -> bool:
    """A person right after a verb of addressing ("press Trump", "told Moon")."""
    return mention.start > 0 and doc[mention.start - 1].lemma_ in lemma_class("ADDRESS")


def _is_object_like(doc: Doc, mention: Mention) -> bool:
    """A mention in object position: after a preposition or a verb of addressing."""
    if mention.start == 0:
        return False
    before = doc[mention.start - 1]
    if before.lower_ in {"their", "his", "her", "its", "our", "my", "your"}:
        return True  # "presented their American counterparts": a modifier in an object
    if before.lower_ in {"the", "a", "an", "former", "new"} and mention.start > 1:
        before = doc[mention.start - 2]
    if before.lower_ in _OBJECT_BEFORE:
        head = doc[before.i - 1] if before.i > 0 else None
        spokes = before.lower_ in {"for", "of"} and head is not None and head.lower_ in _SPOKES
        return not spokes  # "a spokesman for China's foreign ministry said": China speaks
    return before.lemma_ in lemma_class("ADDRESS")


def _headline_end(article: Article) -> int:
    """Character offset where a repeated title at the top of the body ends (0 if none)."""
    if not article.title:
        return 0
    words = [re.escape(w) for w in article.title.split()]
    if not words:
        return 0
    pattern = re.compile(r"\s*" + r"\s+".join(words), re.I)
    match = pattern.match(article.text)
    return match.end() if match else 0


def _speaker(ctx: ArticleContext, sentence: Sentence, previous: Sentence | None) -> None:
    """Find who speaks in the sentence: the agent next to a verb of saying outside quotes."""
    doc = ctx.doc
    span = sentence.span
    say = lemma_class("SAY")
    address = lemma_class("ADDRESS")
    say = say | lemma_class("REPORT_VERB")
    closing = lemma_class("SAY_CLOSING")
    for token in span:
        if ctx.in_quote[token.i]:
            continue
        if token.lower_ not in say and token.lemma_ not in say:
            following = token.i + 1 < span.end and doc[token.i + 1].is_punct
            if token.lower_ not in closing or not following:
                continue  # '"...," Kim continued.' but not "talks continued to stall"
        if ctx.mentions_covering(token.i):
            continue  # "States" in "United States" is no verb of saying
        mention = _before_relative_clause(ctx, sentence, token.i)
        for j in range(token.i - 1, max(span.start, token.i - 8) - 1, -1):
            if mention is not None:
                break
            if (doc[j].is_punct and doc[j].text not in {"’", "'"}) or ctx.in_quote[j]:
                break
            found = ctx.mention_end.get(j + 1)
            if found is not None and found.is_agent:
                mention = found
                break
            if doc[j].lower_ in _THIRD_PERSON:
                mention = ctx.last_person_before(token.i)
                break
        if mention is None and token.lemma_ not in address:  # "tells Trump": the addressee
            for j in range(token.i + 1, min(span.end, token.i + 5)):
                found = ctx.mention_start.get(j)
                if found is not None and found.is_agent:
                    mention = found
                    break
                if doc[j].lower_ in _QUOTED_OBJECT:  # "local media quoted him as saying"
                    mention = ctx.last_person_before(token.i)
                    break
        if mention is not None:
            sentence.speaker = mention
            sentence.speaker_party = mention.party
            return
    according = _according_to(ctx, sentence)
    if according is not None:
        sentence.speaker = according
        sentence.speaker_party = according.party
        return
    if (
        previous is not None
        and previous.paragraph == sentence.paragraph
        and ctx.in_quote[span.start]
        and previous.speaker_party
    ):
        sentence.speaker = previous.speaker
        sentence.speaker_party = previous.speaker_party


def _before_relative_clause(ctx: ArticleContext, sentence: Sentence, verb: int) -> Mention | None:
    """The agent before a relative or participle clause that ends right before ``verb``
    ("Peña Nieto, who leaves office on Dec. 1, told Trump" -> Peña Nieto; "Peña Nieto,
    speaking by phone from Mexico City, tells Trump" -> Peña Nieto)."""
    doc = ctx.doc
    if verb - 1 <= sentence.span.start or doc[verb - 1].text != ",":
        return None
    for j in range(verb - 2, max(sentence.span.start, verb - 16), -1):
        if doc[j].text == "," and (
            doc[j + 1].lower_ in {"who", "which"} or _PARTICIPLE.fullmatch(doc[j + 1].lower_)
        ):
            found = ctx.mention_end.get(j)
            return found if found is not None and found.is_agent else None
        if doc[j].is_punct and doc[j].text not in {".", "’", "'", "-"}:
            return None
    return None


def _according_to(ctx: ArticleContext, sentence: Sentence) -> Mention | None:
    """The person or party of "according to X" ("According to Peña Nieto, the pact ...")."""
    doc = ctx.doc
    span = sentence.span
    for token in span:
        if token.lower_ != "according" or token.i + 2 >= span.end:
            continue
        if doc[token.i + 1].lower_ != "to":
            continue
        for k in range(token.i + 2, min(span.end, token.i + 5)):
            found = ctx.mention_start.get(k)
            if found is not None:
                return found if found.is_agent and found.kind == "person" else None
    return None


def _speaker_backwards(ctx: ArticleContext) -> None:
    """A quotation split into sentences before its attribution ("“A. B,” Trump said.")
    is said by the speaker of the sentence that closes it."""
    for current, following in pairwise(ctx.sentences):
        if current.speaker_party is not None or current.paragraph != following.paragraph:
            continue
        last = current.span.end - 1
        if not (ctx.in_quote[current.span.start] and ctx.in_quote[last]):
            continue
        if not ctx.in_quote[following.span.start] or following.speaker_party is None:
            continue
        current.speaker = following.speaker
        current.speaker_party = following.speaker_party


def _speaker_carried(ctx: ArticleContext) -> None:
    """A quotation with no attribution of its own goes on with the speaker before it, in
    its paragraph or opening the next one ("..., she said.\n\n“We will sign when ...”")."""
    for previous, current in pairwise(ctx.sentences):
        if current.speaker_party is not None or previous.speaker_party is None:
            continue
        if current.headline or not ctx.in_quote[current.span.start]:
            continue
        if any(  # '"Constructive" was the word Mnuchin offered': a subject of its own
            m.is_agent and not ctx.in_quote[m.start]
            for m in ctx.mentions_in(current.span.start, current.span.end)
        ):
            continue
        current.speaker = previous.speaker
        current.speaker_party = previous.speaker_party


_ENTITY_LABELS = {"party": "PARTY", "person": "PERSON", "negotiation": "NEGOTIATION"}


def _mark_entities(doc: Doc, mentions: list[Mention]) -> None:
    """Expose mentions as doc.ents so rule patterns can say ``{ENT_TYPE: PARTY}``."""
    spans = [
        Span(doc, m.start, m.end, label=_ENTITY_LABELS.get(m.kind, "OTHER"))
        for m in mentions
        if m.kind != "person" or m.party
    ]
    doc.ents = spans


def build_context(article: Article, catalog: Catalog) -> ArticleContext:
    """Parse an article and collect what the rules look at."""
    doc = parse(article.text)
    published = article.published
    mentions = find_mentions(doc, catalog, published)
    _mark_entities(doc, mentions)
    resolved = resolve_negotiation(article, catalog, doc, mentions)
    negotiation = resolved.id
    in_quote = _quote_mask(doc)
    headline_end = _headline_end(article)
    turns = [t for t in spoken_turns(article.text) if t.start >= headline_end]
    _mark_turns(doc, turns, in_quote)
    ctx = ArticleContext(
        article=article,
        catalog=catalog,
        doc=doc,
        negotiation=negotiation,
        parties=resolved.parties,
        sentences=[],
        mentions=mentions,
        mention_end={m.end: m for m in mentions},
        mention_start={m.start: m for m in mentions},
        in_quote=in_quote,
        anchor=article.published_on,
        headline_end=headline_end,
        name_tokens=frozenset(
            i for m in mentions if m.kind in {"party", "person"} for i in range(m.start, m.end)
        ),
        resolved=resolved,
    )
    paragraph = 0
    previous_end = 0
    for index, span in enumerate(sentences(doc)):
        if _new_paragraph(article.text, previous_end, span.start_char):
            paragraph += 1
        start, end = span.start_char, span.end_char
        sentence = Sentence(index, span, start, end, paragraph)
        sentence.headline = end <= headline_end or _is_deck(article.text, start, end)
        sentence.reference = _reference(ctx.sentences)
        sentence.dates = find_date_phrases(
            article.text[start:end], article.published_on, reference=sentence.reference
        )
        named = {m.label for m in ctx.mentions_in(span.start, span.end) if m.kind == "negotiation"}
        if named and negotiation not in named:
            sentence.negotiation = sorted(named)[0]
        previous = ctx.sentences[-1] if ctx.sentences else None
        ctx.sentences.append(sentence)
        _speaker(ctx, sentence, previous)
        previous_end = end
    _speaker_backwards(ctx)
    _speaker_carried(ctx)
    _turn_speakers(ctx, turns)
    ctx.anchor = _anchor(ctx)
    return ctx


def _mark_turns(doc: Doc, turns: list[Turn], in_quote: list[bool]) -> None:
    """The words of an interview's turns are speech, as if quoted."""
    if not turns:
        return
    at = 0
    for token in doc:
        while at < len(turns) and turns[at].end <= token.idx:
            at += 1
        if at == len(turns):
            break
        if turns[at].start <= token.idx:
            in_quote[token.i] = True


def _turn_speakers(ctx: ArticleContext, turns: list[Turn]) -> None:
    """The speaker of each sentence of an interview turn that names none: the person its
    label names, or, in a question-and-answer piece, the guest (the first person of a party
    named between the headline and the first turn)."""
    if not turns:
        return
    people = [m for m in ctx.mentions if m.kind == "person"]
    intro = range(ctx.headline_end, turns[0].start)
    guest = next((m for m in people if m.party and ctx.doc[m.start].idx in intro), None)
    at = 0
    for sentence in ctx.sentences:  # both in text order
        while at < len(turns) and turns[at].end <= sentence.start:
            at += 1
        if at == len(turns):
            break
        turn = turns[at]
        if sentence.speaker_party is not None or sentence.start < turn.start:
            continue
        speaker = guest if turn.label is None else _labelled(people, turn.label)
        if speaker is not None:
            sentence.speaker = speaker
            sentence.speaker_party = speaker.party


def _labelled(people: list[Mention], label: str) -> Mention | None:
    """The person a transcript's label names ("REYNOLDS": Jonathan Reynolds)."""
    for mention in people:
        if mention.label.upper().split()[-1:] == label.split()[-1:]:
            return mention
    return None


_REFERENCE_SENTENCES = 2


def _reference(before: list[Sentence]) -> WorldDate | None:
    """The last date told in the sentences just before (what "the next day" counts from)."""
    for sentence in reversed(before[-_REFERENCE_SENTENCES:]):
        if sentence.dates and not sentence.headline:
            return sentence.dates[-1].value
    return None


def _anchor(ctx: ArticleContext) -> WorldDate:
    """The day of the article's main news event: a weekday or yesterday/today in the lead."""
    for sentence in ctx.sentences:
        if sentence.start > _HEADLINE_CHARS + ctx.headline_end:
            break
        if sentence.headline:
            continue
        for phrase in sentence.dates:
            if phrase.kind in {"weekday", "deictic"}:
                return phrase.value
    return ctx.article.published_on


def party_of_pronoun(ctx: ArticleContext, sentence: Sentence, token_index: int) -> str | None:
    """The party a pronoun stands for: "we" is the speaker's, "he" the last person's."""
    token = ctx.doc[token_index]
    lower = token.lower_
    if lower in _FIRST_PERSON and ctx.in_quote[token_index]:
        return sentence.speaker_party
    if lower in _THIRD_PERSON:
        if sentence.speaker is not None and sentence.speaker.start < token_index:
            return sentence.speaker_party
        person = ctx.last_person_before(token_index)
        return person.party if person else None
    return None


def is_object_like(ctx: ArticleContext, mention: Mention) -> bool:
    return _is_object_like(ctx.doc, mention)


def published_day(ctx: ArticleContext) -> date:
    return ctx.article.published
