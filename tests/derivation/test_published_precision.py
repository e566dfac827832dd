"""Articles whose publication is known only to the month or the year (clippings)."""

from __future__ import annotations

from datetime import date

from timeline.derivation.articles import parse_article
from timeline.derivation.catalog import Catalog
from timeline.derivation.extractor import derive
from timeline.derivation.ingestion import article_ingested_event, stored_article
from timeline.domain.events import ArticleIngested, NegotiationEvent


def clipping(published: str, body: str) -> str:
    return f"---\nid: clip\npublished: {published}\nnegotiation: korus\n---\n{body}\n"


def derived(catalog: Catalog, published: str, body: str) -> list[NegotiationEvent]:
    events = [e.event for e in derive(parse_article(clipping(published, body), "c.md"), catalog)]
    return [e for e in events if isinstance(e, NegotiationEvent)]


def test_a_relative_date_in_a_month_known_article_is_that_month(catalog: Catalog) -> None:
    events = derived(catalog, "2019-01", "Seoul yesterday rejected the U.S. proposal.")

    rejected = [e for e in events if e.type == "proposal_rejected"]
    assert rejected and str(rejected[0].occurred) == "2019-01"
    assert rejected[0].reported_on == date(2019, 1, 1)  # the first day of what is known


def test_a_meeting_on_a_named_day_of_the_publication_month_is_not_in_the_future(
    catalog: Catalog,
) -> None:
    events = derived(
        catalog, "2019-01", "U.S. and South Korean negotiators met in Seoul on Jan. 20."
    )

    assert [str(e.occurred) for e in events if e.type == "meeting_held"] == ["2019-01-20"]


def test_a_day_named_without_a_year_in_a_year_known_article_is_in_that_year(
    catalog: Catalog,
) -> None:
    events = derived(catalog, "2019", "Seoul on Oct. 12 rejected the U.S. proposal.")

    assert [str(e.occurred) for e in events if e.type == "proposal_rejected"] == ["2019-10-12"]


def test_the_precision_is_stored_and_read_back(catalog: Catalog) -> None:
    article = parse_article(clipping("2019", "Seoul rejected the U.S. proposal."), "c.md")
    event = article_ingested_event(article, catalog).event

    assert isinstance(event, ArticleIngested)
    assert (event.published, event.published_precision) == (date(2019, 1, 1), "year")
    again = stored_article(event)
    assert (again.published_on, again.negotiation) == (article.published_on, "korus")
