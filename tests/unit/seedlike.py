"""Hand-written events stating the seed articles' facts, in our own words, for fold tests.

Two articles: an AP-like report (outlet "Associated Press", no wire) and a Gulf-News-like
report (outlet "Gulf News", wire "Bloomberg"). Quotes here are our paraphrases; the fold
only needs them to be the evidence's text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from timeline.domain.envelope import NewEvent, RecordedEvent
from timeline.domain.events import (
    AgreementInForce,
    ArticleIngested,
    CounterProposalMade,
    DomainEvent,
    EventRetracted,
    JointStudyProposed,
    MeetingHeld,
    NegotiationEvent,
    PositionStated,
    ProposalAccepted,
    ProposalMade,
    ProposalRejected,
    RoundScheduled,
    TalksStalled,
    TerminationClauseCited,
    TradeFigureReported,
)
from timeline.domain.values import Derivation, Evidence

AP = "ap-like-2017-08-22"
GN = "gulfnews-like-2017-08-22"
DAY = date(2017, 8, 22)
NEG = "korus"

LIFECYCLE_KINDS: dict[str, tuple[type[NegotiationEvent], dict[str, Any]]] = {
    "offer": (ProposalMade, {}),
    "withdrawn": (ProposalMade, {"polarity": "negative"}),
    "rejection": (ProposalRejected, {}),
    "acceptance": (ProposalAccepted, {}),
    "counter": (CounterProposalMade, {}),
    "study": (JointStudyProposed, {}),
}
"""The kinds of report the proposal lifecycle reads, by a short name for generated stores:
the event class and the fields that make the kind (a withdrawn offer is a negative one)."""


def event_id(*parts: object) -> UUID:
    return uuid5(NAMESPACE_URL, "/".join(str(p) for p in parts))


def article(
    article_id: str,
    outlet: str,
    wire: str | None,
    text: str = "",
    *,
    negotiation: str = NEG,
    published: date = DAY,
) -> NewEvent:
    body = text or f"Text of {article_id}."
    return NewEvent(
        event_id=event_id("article", article_id),
        event=ArticleIngested(
            article_id=article_id,
            published=published,
            outlet=outlet,
            wire=wire,
            negotiation=negotiation,
            text=body,
            sha256=hashlib.sha256(body.encode()).hexdigest(),
            extractor_version="test",
        ),
    )


def stated(
    cls: type[NegotiationEvent],
    article_id: str,
    quote: str,
    *,
    rule: str = "test.rule",
    negotiation: str = NEG,
    confidence: float = 1.0,
    **fields: Any,
) -> NewEvent:
    """One event as one article states it; the id depends on article, type and quote.

    The quote's span is a slot of its own chosen by the quote's text, so two events quote
    overlapping text exactly when they quote the same words (as in a real article).
    """
    fields.setdefault("reported_on", DAY)
    fields.setdefault("occurred", "2017-08-22")
    start = int(hashlib.sha256(quote.encode()).hexdigest()[:8], 16) % 1_000_000 * 1000
    payload = cls(
        negotiation=negotiation,
        evidence=(
            Evidence(article_id=article_id, start=start, end=start + len(quote), quote=quote),
        ),
        derivation=Derivation(rule_id=rule, extractor_version="test", confidence=confidence),
        **fields,
    )
    return NewEvent(event_id=event_id(article_id, cls.__name__, quote), event=payload)


def ap_events() -> list[NewEvent]:
    """What the AP-like article states."""
    a = AP
    return [
        article(a, "Associated Press", None),
        stated(
            JointStudyProposed,
            a,
            "Seoul put forward a joint study with Washington of the deal's impact",
            actor="KR",
            target="US",
            subject="joint study of the FTA's impact and of the US deficit's cause",
        ),
        stated(
            ProposalMade,
            a,
            "the US proposal, unilateral in Kim's words, to amend the FTA",
            actor="US",
            target="KR",
            subject="US proposal to amend the Korea-US FTA",
        ),
        stated(
            ProposalRejected,
            a,
            "we did not agree to the US proposal to amend the FTA, Kim said",
            actor="KR",
            target="US",
            subject="KR does not agree to the US proposal to amend the FTA",
        ),
        stated(
            PositionStated,
            a,
            "an evaluation of the FTA's impact must come first, Kim said",
            actor="KR",
            target="US",
            subject="an evaluation of the FTA's impact must precede any renegotiation",
        ),
        stated(
            MeetingHeld,
            a,
            "the trade officials held their first talks in Seoul",
            actor="KR+US",
            subject="first talks in Seoul after a video conference",
            location="Seoul",
        ),
        stated(
            TalksStalled,
            a,
            "the sides could not reach any agreement during the talks",
            actor="KR+US",
            subject="no agreement reached during the talks",
        ),
        stated(
            AgreementInForce,
            a,
            "the deal took effect five years ago",
            actor="KR+US",
            subject="the FTA took effect five years ago",
            occurred="2012",
        ),
        stated(
            PositionStated,
            a,
            "Lighthizer said Trump wants substantial improvements to the agreement",
            actor="US",
            target="KR",
            subject="Trump committed to substantial improvements in the agreement",
        ),
        stated(
            TradeFigureReported,
            a,
            "the US deficit with Korea grew to 27.6 billion dollars last year",
            subject="US trade deficit with KR of $27.6bn in 2016",
            occurred="2016",
            measure="goods_deficit",
            value=27.6,
            unit="billion USD",
            period="2016",
            economy="US",
            partner="KR",
        ),
        stated(
            TradeFigureReported,
            a,
            "a US services surplus with Korea of about 10.7 billion dollars in 2016",
            subject="US services surplus with KR of $10.7bn in 2016",
            occurred="2016",
            measure="services_surplus",
            value=10.7,
            unit="billion USD",
            period="2016",
            economy="US",
            partner="KR",
        ),
        stated(
            TradeFigureReported,
            a,
            "Korea ranks as the sixth-largest US trading partner",
            subject="KR is the US's sixth-largest trading partner",
            measure="trade_partner_rank",
            value=6,
            unit="rank",
            economy="KR",
            partner="US",
        ),
    ]


def gulf_events() -> list[NewEvent]:
    """What the Gulf-News-like article (a Bloomberg wire copy) states."""
    g = GN
    return [
        article(g, "Gulf News", "Bloomberg"),
        stated(
            ProposalRejected,
            g,
            "South Korea turned down a US proposal to revise the five-year-old deal",
            actor="KR",
            target="US",
            subject="KR rejects the US proposal to revise the FTA",
        ),
        stated(
            ProposalMade,
            g,
            "the US asked for the deal's modification and amendment, Kim said",
            actor="US",
            target="KR",
            subject="US asks for modification and amendment of the FTA",
        ),
        stated(
            MeetingHeld,
            g,
            "Kim spoke with Lighthizer by videoconference, then met US officials in Seoul",
            actor="KR+US",
            subject="videoconference followed by talks in Seoul",
        ),
        stated(
            JointStudyProposed,
            g,
            "Kim said a joint study should find the reasons for the imbalance",
            actor="KR",
            target="US",
            subject="joint study to assess the FTA's effect and the imbalance's reasons",
        ),
        stated(
            RoundScheduled,
            g,
            "no date has been set for another meeting, Kim said",
            actor="KR+US",
            subject="no date set for a future meeting",
            polarity="negative",
        ),
        stated(
            TerminationClauseCited,
            g,
            "either country may end the agreement, which takes 180 days",
            subject="either party may terminate the FTA with 180 days' notice",
            invocable_by="any",
            notice_days=180,
            modality="possible",
        ),
        stated(
            PositionStated,
            g,
            "Korea calls the deal good for both sides",
            actor="KR",
            target="US",
            subject="the FTA is mutually beneficial",
        ),
        stated(
            PositionStated,
            g,
            "in June Trump told Moon US carmakers deserve a fair shake",
            actor="US",
            target="KR",
            subject="US automakers should get a fair shake",
            occurred="2017-06",
        ),
        stated(
            TradeFigureReported,
            g,
            "Korea is the seventh-largest trading partner of the US",
            subject="KR is the US's seventh-largest trading partner",
            measure="trade_partner_rank",
            value=7,
            unit="rank",
            economy="KR",
            partner="US",
        ),
        stated(
            TradeFigureReported,
            g,
            "US figures put the 2016 goods deficit with Korea at 27.7 billion dollars",
            actor="US",
            subject="US goods deficit with KR $27.7bn in 2016 (US figures)",
            occurred="2016",
            measure="goods_deficit",
            value=27.7,
            unit="billion USD",
            period="2016",
            economy="US",
            partner="KR",
        ),
    ]


def retraction(target: NewEvent, article_id: str) -> NewEvent:
    """A newer extractor no longer derives ``target``."""
    return NewEvent(
        event_id=event_id("retract", target.event_id),
        event=EventRetracted(
            retracted_event_id=target.event_id,
            negotiation=NEG,
            article_id=article_id,
            reason="no longer derived",
            extractor_version="test-2",
        ),
    )


T0 = datetime(2017, 8, 22, 12, tzinfo=UTC)


def record(
    events: Iterable[NewEvent], *, start: int = 1, stream: str = "test", minutes: int = 1
) -> list[RecordedEvent]:
    """Events as a store would record them: positions from ``start``, one minute apart."""
    out = []
    for i, new in enumerate(events):
        position = start + i
        out.append(
            RecordedEvent(
                position=position,
                stream_id=stream,
                stream_version=position,
                event_id=new.event_id,
                recorded_at=T0 + timedelta(minutes=minutes * position),
                event=new.event,
            )
        )
    return out


def seed_recorded() -> list[RecordedEvent]:
    """Both articles, AP first, as recorded events."""
    return record([*ap_events(), *gulf_events()])


def by_type(events: Sequence[NewEvent], cls: type[DomainEvent]) -> list[NewEvent]:
    return [e for e in events if isinstance(e.event, cls)]
