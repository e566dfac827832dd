"""Which negotiation an article is about, with its name and parties, known or not.

In order:

1. the front matter's ``negotiation`` when the catalog has it: the catalog's entry;
2. the front matter's ``negotiation`` the catalog lacks: that id (in lower case, spaces as
   hyphens; ``unassigned`` is no id); its parties are the id's pieces when each names a
   party (``eu-australia`` -> AU, EU; ``eu-new-zealand`` -> EU, NZ) or a catalog
   negotiation (``uk-cptpp`` -> UK and the CPTPP's parties), those of its pieces that do
   when some do (the others are unknown, not guessed), else the parties the text joins
   into a negotiation (below), else the parties most named;
3. the catalog negotiation the text names most often (its name or an alias);
4. a negotiation the text names without the catalog knowing it:

   - parties joined into one name before a deal word ("the EU–Mercosur trade agreement",
     "the UK-Australia FTA") or listed after one ("a free trade deal between India and the
     UK"): when exactly one catalog negotiation has those parties it is that one, else its
     id is the sorted lower-case party codes joined by ``-`` (``au-eu``, ``in-uk``) and its
     name their catalog names joined by an en dash ("Australia–European Union");
   - an agreement name defined with an acronym ("the Comprehensive and Progressive
     Agreement for Trans-Pacific Partnership (CPTPP)"): its id is the acronym in lower case
     (``cptpp``), its name the full name, its parties as in 2;

   the form named most often wins (ties: the first named);
5. otherwise ``unassigned``.

"The parties most named" are the two named most often (directly, or through a person who
speaks for them), with any named as often as the second. The words are data:
``timeline/derivation/data/negotiations.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from spacy.tokens import Doc

from timeline.derivation import yamltext
from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.mentions import Mention
from timeline.domain.events import UNASSIGNED

NegotiationSource = Literal["catalog", "front_matter", "text", "none"]


@dataclass(frozen=True, slots=True)
class ResolvedNegotiation:
    """The negotiation of an article: id, display name, parties and where they came from.

    Invariant: ``parties`` are party codes (a catalog negotiation's in catalog order, others
    sorted); ``id`` is ``unassigned`` exactly when ``source == "none"``, with no parties.
    """

    id: str
    name: str | None
    parties: tuple[str, ...]
    source: NegotiationSource


UNRESOLVED = ResolvedNegotiation(UNASSIGNED, None, (), "none")


@dataclass(frozen=True, slots=True)
class _Words:
    deal: re.Pattern[str]
    deal_before_between: re.Pattern[str]
    joiners: frozenset[str]
    between_and: frozenset[str]
    acronym_name: re.Pattern[str]
    heads: frozenset[str]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({str(w).strip() for w in words if str(w).strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _words() -> _Words:
    raw: dict[str, Any] = yamltext.safe_load(
        (files("timeline.derivation") / "data" / "negotiations.yaml").read_text(encoding="utf-8")
    )
    deal = _alternation(raw["deal_words"])
    between = _alternation(raw["between"])
    reach = int(raw["between_reach"])
    name_words = _alternation(raw["name_words"])
    word = rf"(?:[A-Z][\w’'.-]*|{name_words})"
    return _Words(
        deal=re.compile(rf"\s*(?:{deal})\b", re.I),
        deal_before_between=re.compile(
            rf"\b(?:{deal})\b[^.;:!?]{{0,{reach}}}?\b(?:{between})\s+(?:the\s+)?$", re.I
        ),
        joiners=frozenset(raw["joiners"]),
        between_and=frozenset(w.lower() for w in raw["between_and"]),
        acronym_name=re.compile(
            rf"\b(?:[Tt]he\s+)?(?P<name>[A-Z][\w’'.-]*(?:\s+{word}){{1,12}})\s*"
            r"\((?P<acronym>[A-Z][A-Za-z0-9-]{1,11})\)"
        ),
        heads=frozenset(raw["agreement_heads"]),
    )


@dataclass(frozen=True, slots=True)
class _Named:
    """One place where the text names a negotiation."""

    key: str
    at: int
    parties: tuple[str, ...] = ()
    name: str | None = None


@dataclass(frozen=True, slots=True)
class _PartySpan:
    start: int
    end: int
    party: str


def _party_spans(doc: Doc, mentions: Sequence[Mention], catalog: Catalog) -> list[_PartySpan]:
    """Where parties are named, by character: mentions, and the pieces of a joined token
    the tokenizer kept whole ("U.S.-Japan")."""
    spans: list[_PartySpan] = []
    covered: set[int] = set()
    for mention in mentions:
        if mention.party is None or mention.kind not in {"party", "person"}:
            continue
        last = doc[mention.end - 1]
        spans.append(_PartySpan(doc[mention.start].idx, last.idx + len(last.text), mention.party))
        covered.update(range(mention.start, mention.end))
    joiners = _words().joiners
    aliases: dict[str, str] | None = None
    for token in doc:
        if token.i in covered or not any(j in token.text for j in joiners):
            continue
        offset = 0
        for piece in re.split("([" + re.escape("".join(joiners)) + "])", token.text):
            if aliases is None:  # built once, and only for an article with a joined token
                aliases = catalog.party_aliases()
                for name in catalog.not_parties:
                    aliases.pop(name, None)
            code = aliases.get(piece)
            if code is not None:
                spans.append(_PartySpan(token.idx + offset, token.idx + offset + len(piece), code))
            offset += len(piece)
    spans.sort(key=lambda s: s.start)
    return spans


def _joined(text: str, spans: list[_PartySpan]) -> list[_Named]:
    """Parties joined into one name before a deal word, or listed after "deal ... between"."""
    words = _words()
    found: list[_Named] = []
    i = 0
    while i < len(spans):
        chain = [spans[i]]
        while i + 1 < len(spans):
            gap = text[chain[-1].end : spans[i + 1].start].strip()
            if gap not in words.joiners:
                break
            chain.append(spans[i + 1])
            i += 1
        parties = tuple(sorted({s.party for s in chain}))
        if len(parties) >= 2 and words.deal.match(text, chain[-1].end):
            found.append(_Named("-".join(parties), chain[0].start, parties))
        i += 1
    for index, first in enumerate(spans):
        if not words.deal_before_between.search(text[max(0, first.start - 120) : first.start]):
            continue
        listed = [first]
        for following in spans[index + 1 :]:
            gap = text[listed[-1].end : following.start].strip().lower()
            gap = gap.removesuffix("the").strip() if gap != "the" else ""
            if gap != "," and gap not in words.between_and:
                break
            listed.append(following)
            if gap in words.between_and:
                break
        parties = tuple(sorted({s.party for s in listed}))
        if len(parties) >= 2:
            found.append(_Named("-".join(parties), first.start, parties))
    return found


def _acronym_names(text: str) -> list[_Named]:
    """Agreement names defined with an acronym ("... Economic Partnership (RCEP)")."""
    words = _words()
    found: list[_Named] = []
    for match in words.acronym_name.finditer(text):
        name = _name_proper(match.group("name").split(), words.heads)
        if name is None:
            continue
        acronym = match.group("acronym")
        mentions = len(re.findall(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text))
        found.extend(_Named(acronym.lower(), match.start(), name=name) for _ in range(mentions))
    return found


def _name_proper(words: list[str], heads: frozenset[str]) -> str | None:
    """The name itself: from after the last "the" before its first head word ("Thursday the
    Regional Partnership" -> "Regional Partnership"); None without a head word."""
    first_head = next((i for i, word in enumerate(words) if word in heads), None)
    if first_head is None:
        return None
    start = 0
    for index, word in enumerate(words[:first_head]):
        if word.lower() == "the":
            start = index + 1
    return " ".join(words[start:]) if start < len(words) else None


def most_named(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """The two parties named most often, and any named as often as the second (sorted
    codes); a party alone when it is the only one named."""
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.party is not None and mention.kind in {"party", "person"}:
            counts[mention.party] = counts.get(mention.party, 0) + 1
    if not counts:
        return ()
    ranked = sorted(counts.values(), reverse=True)
    second = ranked[1] if len(ranked) > 1 else ranked[0]
    return tuple(sorted(p for p, n in counts.items() if n >= second))


def parties_of_id(negotiation_id: str, catalog: Catalog) -> tuple[str, ...]:
    """The parties an id spells ("eu-australia" -> AU, EU; "eu-new-zealand" -> EU, NZ;
    "uk-cptpp" -> UK and the CPTPP's parties), or () unless every piece does."""
    pieces = _id_pieces(negotiation_id, catalog)
    if len(pieces) < 2 or not all(pieces):
        return ()
    found = tuple(sorted({code for codes in pieces for code in codes}))
    return found if len(found) >= 2 else ()


def known_parties_of_id(negotiation_id: str, catalog: Catalog) -> tuple[str, ...]:
    """The parties the pieces of an id name, when not all of them do ("china-atlantis" ->
    CN): the others are parties the catalog does not know, so none is guessed for them."""
    return tuple(sorted({code for codes in _id_pieces(negotiation_id, catalog) for code in codes}))


def _id_pieces(negotiation_id: str, catalog: Catalog) -> list[tuple[str, ...]]:
    """The parties each piece of an id names, () for a piece naming none. A piece is the
    longest run of words that is a party's name ("new-zealand", "united-arab-emirates"),
    else one word: a party's name or code, or a catalog negotiation's id, which names its
    parties (an accession: "uk-cptpp")."""
    words = [w.lower() for w in re.split(r"[-_+]+", negotiation_id.strip()) if w.strip()]
    table = catalog.lower_party_table
    pieces: list[tuple[str, ...]] = []
    start = 0
    while start < len(words):
        end = next(
            (e for e in range(len(words), start, -1) if " ".join(words[start:e]) in table),
            None,
        )
        if end is not None:
            pieces.append((table[" ".join(words[start:end])],))
            start = end
            continue
        negotiation = catalog.negotiation(words[start])
        pieces.append(negotiation.parties if negotiation is not None else ())
        start += 1
    return pieces


def generated_name(parties: Sequence[str], catalog: Catalog) -> str:
    """The parties' catalog names joined by an en dash, in code order."""
    names = []
    for code in sorted(parties):
        party = catalog.party(code)
        names.append(party.name if party is not None else code)
    return "–".join(names)


def _by_parties(parties: tuple[str, ...], catalog: Catalog) -> str | None:
    """The one catalog negotiation with exactly these parties, if there is exactly one."""
    matching = [n.id for n in catalog.negotiations if tuple(sorted(n.parties)) == parties]
    return matching[0] if len(matching) == 1 else None


def _best(named: list[_Named]) -> list[_Named]:
    """The places naming the form named most often (ties: the form named first)."""
    if not named:
        return []
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for item in named:
        counts[item.key] = counts.get(item.key, 0) + 1
        first[item.key] = min(first.get(item.key, item.at), item.at)
    key = max(counts, key=lambda k: (counts[k], -first[k]))
    return [n for n in named if n.key == key]


def resolve_negotiation(
    article: Article, catalog: Catalog, doc: Doc, mentions: Sequence[Mention]
) -> ResolvedNegotiation:
    """The negotiation of a parsed article (see the module docstring for the order)."""
    hint = _slug(article.negotiation) if article.negotiation else None
    if article.negotiation is not None and catalog.negotiation(article.negotiation) is not None:
        return _from_catalog(article.negotiation, catalog)
    if hint is not None and catalog.negotiation(hint) is not None:
        return _from_catalog(hint, catalog)
    if hint == UNASSIGNED or not hint:
        hint = None
    text = article.text
    spans = _party_spans(doc, mentions, catalog)
    joined = _best(_joined(text, spans))
    acronyms = _acronym_names(f"{article.title or ''}\n{text}")
    if hint is not None:
        named = next((n.name for n in acronyms if n.key == hint.lower()), None)
        parties = parties_of_id(hint, catalog)
        if parties:
            name = named or generated_name(parties, catalog)
            return ResolvedNegotiation(hint, name, parties, "front_matter")
        parties = known_parties_of_id(hint, catalog)
        if not parties:
            parties = joined[0].parties if joined else most_named(mentions)
        return ResolvedNegotiation(hint, named or hint, parties, "front_matter")
    known = catalog.resolve_negotiation(f"{article.title or ''}\n{text}")
    if known != UNASSIGNED:
        return _from_catalog(known, catalog)
    best = _best([*joined, *acronyms])
    if not best:
        return UNRESOLVED
    if best[0].parties:
        parties = best[0].parties
        same = _by_parties(parties, catalog)
        if same is not None:
            return _from_catalog(same, catalog)
        name = generated_name(parties, catalog)
        return ResolvedNegotiation(best[0].key.lower(), name, parties, "text")
    parties = joined[0].parties if joined else most_named(mentions)
    return ResolvedNegotiation(best[0].key, best[0].name, parties, "text")


def _slug(negotiation_id: str) -> str:
    """A front matter id as the store keeps it: lower case, spaces as hyphens."""
    return "-".join(negotiation_id.lower().split())


def _from_catalog(negotiation_id: str, catalog: Catalog) -> ResolvedNegotiation:
    found = catalog.negotiation(negotiation_id)
    assert found is not None
    return ResolvedNegotiation(found.id, found.name, found.parties, "catalog")
