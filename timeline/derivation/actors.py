"""Filling a rule's actor slot (subject, owner, speaker, joint, agents, deal, approver)."""

from __future__ import annotations

from timeline.derivation import roles
from timeline.derivation.context import (
    ArticleContext,
    Sentence,
)
from timeline.derivation.deal_parties import deal_parties
from timeline.derivation.rules import Rule, lemma_class, word_class


def fill_actor(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int, negotiation: str
) -> tuple[str, ...] | None:
    """The parties a rule's actor slot names, a bloc of the negotiation standing for its
    members named with it (:func:`blocs_for_members`)."""
    found = _filled(ctx, rule, sentence, start, end, negotiation)
    if found is None or len(found) < 2:
        return found
    return blocs_for_members(ctx, found, negotiation)


def blocs_for_members(
    ctx: ArticleContext, actor: tuple[str, ...], negotiation: str
) -> tuple[str, ...]:
    """A bloc that is a party to the negotiation stands for the members of it an actor
    names with it ("India and the EFTA states, Switzerland, Norway, Iceland and
    Liechtenstein, signed" -> EFTA+IN), or for all of its members named without it; a
    member named with no bloc ("Brazil and the EU") keeps its own code."""
    codes = set(actor)
    for bloc in roles.negotiation_parties(ctx, negotiation):
        party = ctx.catalog.party(bloc)
        members = set(party.members) - {"*"} if party is not None else set()
        named = codes & members
        if named and (bloc in codes or named == members):
            codes = (codes - members) | {bloc}
    return actor if codes == set(actor) else tuple(sorted(codes))


def _filled(
    ctx: ArticleContext, rule: Rule, sentence: Sentence, start: int, end: int, negotiation: str
) -> tuple[str, ...] | None:
    if rule.actor == "subject":
        return roles.subject(
            ctx, sentence, start, end, negotiation, flip_passive=rule.passive == "flip"
        )
    if rule.actor == "owner":
        found = roles.owner(ctx, sentence, start, end)
        return found or roles.subject(ctx, sentence, start, end, negotiation)
    if rule.actor == "owner_only":
        return roles.owner(ctx, sentence, start, end)
    if rule.actor == "speaker":
        return (sentence.speaker_party,) if sentence.speaker_party else None
    if rule.actor == "joint":
        return roles.negotiation_parties(ctx, negotiation) or None
    if rule.actor == "agents":
        return roles.agents(ctx, sentence, start, end, negotiation)
    if rule.actor == "deal":  # the parties of a deal: those named together, else all of them
        return deal_parties(ctx, sentence, start, end, negotiation)
    if rule.actor in {"approver", "approver_or_place"}:
        found = roles.approver(ctx, sentence, start, end)
        if (
            found is None
            and any(  # "May secured her cabinet's backing": the leader's party
                t.lower_ in word_class("POSSESSIVE") for t in ctx.doc[max(0, start - 1) : end]
            )
        ):
            return roles.subject(ctx, sentence, start, end, negotiation)
        if found is None and any(t.lower_ in word_class("CABINET") for t in ctx.doc[start:end]):
            person = ctx.last_person_before(start)  # a bare "the cabinet": the last leader's
            return (person.party,) if person is not None and person.party else None
        if found is None and rule.actor == "approver_or_place":
            found = _place_before(ctx, sentence, start)  # "In Ottawa, the House voted 200-90"
        return found or _deal_owner(ctx, sentence, end)
    return None


_DEAL_REACH = 6


def _deal_owner(ctx: ArticleContext, sentence: Sentence, end: int) -> tuple[str, ...] | None:
    """The party owning the deal a bare legislature votes on ("Lawmakers rejected May's
    deal" -> the UK's lawmakers)."""
    nouns = lemma_class("AGREEMENT_NOUN") | lemma_class("DEAL_NOUN")
    for j in range(end, min(sentence.span.end, end + _DEAL_REACH)):
        if ctx.doc[j].lemma_ in nouns and ctx.doc[j].lower_ != "it":
            return roles.owner(ctx, sentence, j, j + 1)
    return None


def _place_before(ctx: ArticleContext, sentence: Sentence, start: int) -> tuple[str, ...] | None:
    """The party of the last party or capital named before ``start`` in the sentence."""
    named = [
        m.party
        for m in ctx.mentions_in(sentence.span.start, start)
        if m.is_agent and m.party and m.kind == "party"
    ]
    return (named[-1],) if named else None
