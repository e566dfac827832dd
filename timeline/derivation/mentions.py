"""Mentions of parties, people and negotiations in a parsed article, resolved by the catalog.

A spaCy ``PhraseMatcher`` over the catalog's aliases finds candidates; the longest match
wins, so "North Korea" (not a party) hides "Korea" and "Korea-U.S. FTA" (a negotiation)
hides "Korea" and "U.S.". A bare surname ("Kim") names the person whose full name appeared
earlier in the article, else the only catalog person of that surname in office on the
publication day. A title ("the prime minister") names the person last mentioned who held
an office ending with it. The party is the person's role on the
publication day (or the nearest role in time). Someone the catalog does not know,
introduced with an office of a party ("Mexican Economy Minister Graciela Márquez",
"Brazil's foreign minister, Mauro Vieira,"), speaks for that party in the article
(``timeline.derivation.people``); a catalogued surname after another given name ("James
Kim") is someone else. An ambiguous alias ("Georgia", "Chad", "the North") names its party
only where the catalog's rules say so (``timeline.derivation.ambiguity``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from timeline.derivation import people
from timeline.derivation.ambiguity import ArticleWords, rejects
from timeline.derivation.catalog import Ambiguity, Catalog, Person
from timeline.derivation.nlp import pipeline

MentionKind = Literal["party", "person", "negotiation", "other"]

_PRONOUNS_PERSON = {"he", "she", "his", "her"}


@dataclass(frozen=True)
class Mention:
    """A span naming a party (directly or through a person) or a negotiation."""

    start: int  # token index
    end: int  # token index, exclusive
    kind: MentionKind
    party: str | None
    label: str  # party code, person name or negotiation id

    @property
    def is_agent(self) -> bool:
        return self.party is not None and self.kind in {"party", "person"}


class _Tables:
    """The matcher and lookup tables built from one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        nlp = pipeline()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[str, tuple[MentionKind, str]] = {}
        self.people = {p.name: p for p in catalog.people}
        self.surnames = catalog.person_surnames()
        self.party_aliases = catalog.party_aliases()
        groups: dict[str, list[str]] = {}
        for alias, code in self.party_aliases.items():
            groups.setdefault(f"party:{code}", []).append(alias)
        for alias, person in catalog.person_aliases().items():
            groups.setdefault(f"person:{person.name}", []).append(alias)
        for surname in self.surnames:
            groups.setdefault(f"surname:{surname}", []).append(surname)
        for negotiation in catalog.negotiations:
            key = f"negotiation:{negotiation.id}"
            groups.setdefault(key, []).extend([negotiation.name, *negotiation.aliases])
        groups["other:"] = list(catalog.not_parties)
        for key, aliases in groups.items():
            patterns = [nlp.make_doc(alias) for alias in dict.fromkeys(aliases) if alias.strip()]
            self.matcher.add(key, patterns)
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        heads: set[str] = set()
        for person in catalog.people:
            for role in person.roles:
                words = role.title.lower().split()
                heads.update(" ".join(words[-n:]) for n in (1, 2, 3) if len(words) >= n)
        for head in sorted(heads):
            if len(head) > 3:
                self.titles.add(f"title:{head}", [nlp.make_doc(f"the {head}")])


_CACHE: dict[int, tuple[Catalog, _Tables]] = {}


def _tables(catalog: Catalog) -> _Tables:
    hit = _CACHE.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    tables = _Tables(catalog)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[id(catalog)] = (catalog, tables)
    return tables


_NOT_YET_DAYS = 31
EVERY_ALIAS = "*"  # the ``ambiguities`` key whose rules apply to every party alias


def _person_party(person: Person, published: date) -> str | None:
    """The party the person speaks for then; none for someone not yet in office (a
    candidate or an elect who takes office more than a month later speaks for no party)."""
    role = person.nearest_role(published)
    if role is None:
        return None
    not_yet = all(r.start > published for r in person.roles)
    if not_yet and (role.start - published).days > _NOT_YET_DAYS:
        return None
    return role.party


def find_mentions(doc: Doc, catalog: Catalog, published: date) -> list[Mention]:
    """Every party, person and negotiation mention in the doc, in text order."""
    tables = _tables(catalog)
    vocab_strings = doc.vocab.strings
    spans = []
    for match_id, start, end in tables.matcher(doc):
        span = doc[start:end]
        span.label_ = vocab_strings[match_id]
        spans.append(span)
    mentions: list[Mention] = []
    seen_people: set[str] = set()
    for match_id, start, end in tables.titles(doc):
        span = doc[start:end]
        span.label_ = vocab_strings[match_id]
        spans.append(span)
    chosen = sorted(filter_spans(spans), key=lambda s: s.start)
    matched = {i for span in chosen for i in range(span.start, span.end)}
    conditional: dict[int, Ambiguity] = {}
    not_names = people.words().not_first_names
    every = catalog.ambiguity(EVERY_ALIAS)  # rules for any alias ("Vietnam News Agency")
    words = ArticleWords(doc.text)
    for span in chosen:
        kind, _, key = span.label_.partition(":")
        if kind == "party":
            rule = catalog.ambiguity(span.text)
            if rule is not None and rejects(
                rule, doc, span.start, span.end, matched, not_names, words
            ):
                mentions.append(Mention(span.start, span.end, "other", None, span.text))
                continue
            if every is not None and rejects(
                every, doc, span.start, span.end, matched, not_names, words
            ):
                mentions.append(Mention(span.start, span.end, "other", None, span.text))
                continue
            mention = Mention(span.start, span.end, "party", key, key)
            if rule is not None and (rule.only_with or rule.shared_by):
                conditional[mention.start] = rule
            mentions.append(mention)
        elif kind == "person":
            person = tables.people[key]
            seen_people.add(person.name)
            party = _person_party(person, published)
            mentions.append(Mention(span.start, span.end, "person", party, person.name))
        elif kind == "surname":
            if _calendar_word(doc, span.start, span.end):
                continue  # "on 22 May", "in May 2019": a month, not Mrs May
            if people.other_first_name(doc, span.start):
                continue  # "James Kim" of the chamber of commerce is not Kim Hyun-chong
            candidates = [p for p in tables.surnames.get(key, []) if p.name in seen_people]
            if not candidates:  # no full name yet: the one person of that name in office then
                candidates = [
                    p for p in tables.surnames.get(key, []) if p.role_on(published) is not None
                ]
            if len(candidates) == 1:
                person = candidates[0]
                party = _person_party(person, published)
                mentions.append(Mention(span.start, span.end, "person", party, person.name))
        elif kind == "title":
            holder = _title_holder(key, mentions, tables, published)
            if holder is not None:
                party = _person_party(holder, published)
                mentions.append(Mention(span.start, span.end, "person", party, holder.name))
            else:  # "the European Commission" held by nobody named: the party it names
                code = _party_alias(tables, span.text)
                if code is not None:
                    mentions.append(Mention(span.start + 1, span.end, "party", code, code))
        elif kind == "negotiation":
            mentions.append(Mention(span.start, span.end, "negotiation", None, key))
        else:
            mentions.append(Mention(span.start, span.end, "other", None, span.text))
    if conditional:
        mentions = _named_elsewhere(mentions, conditional)
    return _introduced_people(doc, _datelines(doc, mentions))


_DASHES = {"-", "--", "–", "—"}
_DATELINE_REACH = 12


def _datelines(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A party named in a dateline ("OSAKA, Japan --", "TOKYO (Reuters) -") is where the
    story was filed, not an actor: it becomes a mention of no party."""
    ends: list[int] = []
    for token in doc:
        text = token.text
        if not (token.is_sent_start and text.isalpha() and text.isupper() and len(text) > 2):
            continue
        nxt = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
        if nxt not in {",", "(", *_DASHES}:
            continue
        for k in range(token.i + 1, min(len(doc), token.i + _DATELINE_REACH)):
            if doc[k].text in _DASHES and (doc[k].whitespace_ or doc[k].text != "-"):
                ends.append(k)
                break
            if doc[k].text in {".", "!", "?"} or "\n" in doc[k].text:
                break
    if not ends:
        return mentions
    out = []
    for mention in mentions:
        dateline = any(mention.end <= end and end - mention.start < _DATELINE_REACH for end in ends)
        if dateline and mention.kind == "party":
            mention = Mention(mention.start, mention.end, "other", None, mention.label)
        out.append(mention)
    return out


def _named_elsewhere(mentions: list[Mention], conditional: dict[int, Ambiguity]) -> list[Mention]:
    """Aliases decided by the parties the article names by other aliases: a conditional one
    ("the North") names its party only where one of the rule's ``only_with`` parties is
    named; a shared one ("National Assembly") names the one of its parties that is named,
    and no party where none or several are."""

    def pending(mention: Mention) -> bool:
        return mention.kind == "party" and mention.start in conditional

    named = {m.party for m in mentions if m.is_agent and not pending(m)}
    out = []
    for mention in mentions:
        if pending(mention):
            rule = conditional[mention.start]
            party = mention.party
            if rule.shared_by:
                found = named & {party, *rule.shared_by}
                party = found.pop() if len(found) == 1 else None
            if rule.only_with and not named & set(rule.only_with):
                party = None
            if party is None:
                mention = Mention(mention.start, mention.end, "other", None, mention.label)
            elif party != mention.party:
                mention = Mention(mention.start, mention.end, "party", party, party)
        out.append(mention)
    return out


def _introduced_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """People the catalog does not know, introduced with their party's office: the name,
    later the bare surname, and "the minister" speak for that party in this article."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    party_spans = [(m.start, m.end, m.party) for m in mentions if m.kind == "party" and m.party]
    introduced = people.introduce(doc, party_spans, taken)
    if not introduced:
        return mentions
    found = [Mention(p.start, p.end, "person", p.party, p.name) for p in introduced]
    surnames: dict[str, list[people.Introduced]] = {}
    for person in introduced:
        for key in people.surname_keys(person, doc):
            surnames.setdefault(key, []).append(person)
    first = introduced[0].start
    index = first
    while index < len(doc):
        token = doc[index]
        if index in taken:
            index += 1
            continue
        named = [p for p in surnames.get(token.text, []) if p.end <= index]
        if named:
            person = named[-1]
            found.append(Mention(index, index + 1, "person", person.party, person.name))
            taken.add(index)
            index += 1
            continue
        title = people.later_title(doc, index)
        if title is not None:
            end, head = title
            holders = [p for p in introduced if p.end <= index and head in p.office.split()]
            if holders and not any(i in taken for i in range(index, end)):
                holder = holders[-1]
                found.append(Mention(index, end, "person", holder.party, holder.name))
                taken.update(range(index, end))
                index = end
                continue
        index += 1
    return sorted([*mentions, *found], key=lambda m: m.start)


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august"}
_TIME_WORDS = {
    "in", "on", "since", "until", "till", "by", "early", "late", "mid", "from", "through",
    "between", "of", "next", "last", "this", "before", "after", "during", "end",
}  # fmt: skip


def _calendar_word(doc: Doc, start: int, end: int) -> bool:
    """A surname that is also a month ("May", "June") used as a date: after a number or a
    word of time, or before a number."""
    if end - start != 1 or doc[start].lower_ not in _MONTHS:
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ in {"'s", "’s"}:
        return False  # "the backing of May's cabinet": a possessive names a person
    if after is not None and after.like_num:
        return True
    if _passive_agent(doc, start):
        return False  # "which was requested by May in a letter": Mrs May
    return before is not None and (before.like_num or before.lower_ in _TIME_WORDS)


_PASSIVE_AUX = {"was", "were", "been", "being"}


def _passive_agent(doc: Doc, start: int) -> bool:
    """A month-named surname after "was <participle> by" is the passive's agent."""
    if start < 3 or doc[start - 1].lower_ != "by":
        return False
    participle, aux = doc[start - 2], doc[start - 3]
    return participle.tag_ == "VBN" or (
        participle.lower_.endswith("ed") and aux.lower_ in _PASSIVE_AUX
    )


def _party_alias(tables: _Tables, text: str) -> str | None:
    """The party a title-like phrase names as an alias ("the European Commission" -> EU)."""
    words = text.split(maxsplit=1)
    rest = words[1] if len(words) == 2 and words[0].lower() == "the" else text
    return tables.party_aliases.get(rest) or tables.party_aliases.get(text)


def _title_holder(
    title: str, earlier: list[Mention], tables: _Tables, published: date
) -> Person | None:
    """The person last named whose office then ends with ``title`` ("the prime minister")."""
    for mention in reversed(earlier):
        if mention.kind != "person":
            continue
        person = tables.people.get(mention.label)
        role = person.role_on(published) if person else None
        if person is not None and role is not None and role.title.lower().endswith(title):
            return person
    return None


def is_person_pronoun(text: str) -> bool:
    return text.lower() in _PRONOUNS_PERSON
