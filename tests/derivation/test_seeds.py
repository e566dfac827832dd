"""The seed articles: faithful quotes, the key outcomes, deterministic ids."""

from __future__ import annotations

from timeline.derivation.articles import Article
from timeline.derivation.catalog import Catalog
from timeline.derivation.extractor import EXTRACTOR_VERSION, derive
from timeline.derivation.ingestion import article_ingested_event
from timeline.derivation.jsonl import derived_record
from timeline.domain.envelope import NewEvent
from timeline.domain.events import (
    ArticleIngested,
    NegotiationEvent,
    TerminationClauseCited,
    TradeFigureReported,
)

AP = "ap-2017-08-22-korea-says-no"
GULF = "gulfnews-1.2078485"


def _events(seed_events: dict[str, list[NewEvent]], key: str, kind: str) -> list[NegotiationEvent]:
    out = []
    for new in seed_events[key]:
        if new.type == kind:
            assert isinstance(new.event, NegotiationEvent)
            out.append(new.event)
    return out


def _parties(event: NegotiationEvent) -> str | None:
    return "+".join(event.actor) if event.actor else None


def test_every_quote_is_the_text_at_its_offsets(
    seed_articles: dict[str, Article], seed_events: dict[str, list[NewEvent]]
) -> None:
    assert all(seed_events.values())
    for key, events in seed_events.items():
        text = seed_articles[key].text
        for new in events:
            assert isinstance(new.event, NegotiationEvent)
            assert new.event.derivation.extractor_version == EXTRACTOR_VERSION
            for item in new.event.evidence:
                assert item.article_id == key
                assert text[item.start : item.end] == item.quote


def test_us_proposal_and_korean_rejection_in_both_seeds(
    seed_events: dict[str, list[NewEvent]],
) -> None:
    for key in (AP, GULF):
        proposals = _events(seed_events, key, "proposal_made")
        assert any(_parties(p) == "US" and p.target == ("KR",) for p in proposals)
        rejections = _events(seed_events, key, "proposal_rejected")
        assert [(_parties(r), r.target, str(r.occurred)) for r in rejections] == [
            ("KR", ("US",), "2017-08-22")
        ]


def test_korean_joint_study_proposal(seed_events: dict[str, list[NewEvent]]) -> None:
    for key in (AP, GULF):
        (study,) = _events(seed_events, key, "joint_study_proposed")
        assert _parties(study) == "KR" and study.target == ("US",)
    (ap_study,) = _events(seed_events, AP, "joint_study_proposed")
    assert any("waiting for Washington's response" in e.quote for e in ap_study.evidence)


def test_termination_clause_any_party_180_days(seed_events: dict[str, list[NewEvent]]) -> None:
    (clause,) = _events(seed_events, GULF, "termination_clause_cited")
    assert isinstance(clause, TerminationClauseCited)
    assert clause.invocable_by == "any"
    assert clause.notice_days == 180
    assert clause.actor is None
    assert any(e.quote == "That process would take 180 days." for e in clause.evidence)
    assert _events(seed_events, AP, "termination_clause_cited") == []
    assert _events(seed_events, GULF, "withdrawal_threatened") == []


def test_meeting_on_tuesday_and_in_force_since_2012(
    seed_events: dict[str, list[NewEvent]],
) -> None:
    for key in (AP, GULF):
        meetings = _events(seed_events, key, "meeting_held")
        assert [(str(m.occurred), _parties(m)) for m in meetings] == [("2017-08-22", "KR+US")]
    (in_force,) = _events(seed_events, AP, "agreement_in_force")
    assert str(in_force.occurred) == "2012"


def test_no_next_meeting_and_talks_stalled(seed_events: dict[str, list[NewEvent]]) -> None:
    (scheduled,) = _events(seed_events, GULF, "round_scheduled")
    assert scheduled.polarity == "negative"
    for key in (AP, GULF):
        assert len(_events(seed_events, key, "talks_stalled")) == 1


def test_positions_of_both_sides(seed_events: dict[str, list[NewEvent]]) -> None:
    for key in (AP, GULF):
        actors = {_parties(p) for p in _events(seed_events, key, "position_stated")}
        assert {"US", "KR"} <= actors
    gulf = _events(seed_events, GULF, "position_stated")
    dated = {str(p.occurred) for p in gulf if _parties(p) == "KR"}
    assert "2016" in dated  # "Kim said last year that the deal was a slam dunk-shot"
    assert "2017-06" in {str(p.occurred) for p in gulf if _parties(p) == "US"}


def _figures(seed_events: dict[str, list[NewEvent]], key: str) -> list[TradeFigureReported]:
    out = []
    for event in _events(seed_events, key, "trade_figure_reported"):
        assert isinstance(event, TradeFigureReported)
        out.append(event)
    return out


def test_figures_disagree_between_the_seeds(seed_events: dict[str, list[NewEvent]]) -> None:
    gulf = _figures(seed_events, GULF)
    ap = _figures(seed_events, AP)
    deficits_gulf = {(_parties(f), f.value, str(f.period)) for f in gulf if "deficit" in f.measure}
    assert deficits_gulf == {("US", 27.7, "2016"), ("KR", 23.3, "2016")}
    derived = next(f for f in gulf if _parties(f) == "KR")
    assert derived.derived_from and "4.4" in derived.derived_from
    assert any(f.value == 27.6 and str(f.period) == "2016" for f in ap if "deficit" in f.measure)
    ranks_gulf = {(f.value, f.economy) for f in gulf if f.measure == "trade_partner_rank"}
    ranks_ap = {(f.value, f.economy) for f in ap if f.measure == "trade_partner_rank"}
    assert (7.0, ("US",)) in ranks_gulf and (2.0, ("KR",)) in ranks_gulf
    assert (6.0, ("US",)) in ranks_ap and (2.0, ("KR",)) in ranks_ap


def test_derivation_is_deterministic(
    seed_articles: dict[str, Article], catalog: Catalog, seed_events: dict[str, list[NewEvent]]
) -> None:
    for key, article in seed_articles.items():
        again = derive(article, catalog)
        assert [e.event_id for e in again] == [e.event_id for e in seed_events[key]]
        assert again == seed_events[key]
        ids = [e.event_id for e in again]
        assert len(ids) == len(set(ids))


def test_article_ingested_event_keeps_text_and_hash(
    seed_articles: dict[str, Article], catalog: Catalog
) -> None:
    article = seed_articles[GULF]
    first = article_ingested_event(article, catalog)
    assert first == article_ingested_event(article, catalog)
    assert isinstance(first.event, ArticleIngested)
    assert first.event.text == article.text
    assert first.event.sha256 == article.sha256
    assert first.event.negotiation == "korus"


def test_jsonl_record_shape(seed_events: dict[str, list[NewEvent]]) -> None:
    for new in seed_events[GULF]:
        record = derived_record(new)
        for key in ("type", "actor", "target", "occurred", "subject", "evidence", "rule",
                    "confidence", "negotiation", "polarity"):  # fmt: skip
            assert key in record
        assert {"article", "start", "end", "quote"} <= set(record["evidence"][0])
    figure = next(derived_record(n) for n in seed_events[GULF] if n.type == "trade_figure_reported")
    assert {"measure", "value", "unit", "period", "economy"} <= set(figure)
