"""Property: any text yields events with exact-substring quotes, or an ArticleError."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.derivation.articles import parse_article
from timeline.derivation.catalog import Catalog, load_catalog
from timeline.derivation.extractor import derive
from timeline.domain.events import NegotiationEvent
from timeline.errors import ArticleError

WORDS = st.sampled_from(
    [
        "Seoul", "Washington", "rejected", "did", "not", "agree", "to", "the", "proposal", "“",
        "”", '"', "Kim", "said", ".", ",", "\n", "\n\n", "Tuesday", "$27.7 billion", "last year",
        "joint study", "No date was set for a future meeting", "either nation", "terminated",
        "180 days", "took effect five years ago", "talks", "held", "U.S.", "Korus", "NAFTA",
        "we", "he", "—", "’s", "by", "Barnier", "backstop", "ruled out", "July 12", "-",
    ]
)  # fmt: skip
BODIES = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))
FRONT = st.sampled_from(
    ["---\nid: p\npublished: 2017-08-22\n---\n", "---\nid: p\n---\n", "", "---\n:\n---\n",
     "---\nid: p\npublished: 2017-02-30\n---\n", "---\nid: [p\npublished: x\n---\n"]
)  # fmt: skip

CATALOG: Catalog = load_catalog()


@settings(
    max_examples=int(os.environ.get("TIMELINE_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(front=FRONT, body=BODIES)
def test_any_text_gives_faithful_events_or_an_article_error(front: str, body: str) -> None:
    try:
        article = parse_article(front + body, "prop.md")
    except ArticleError as exc:
        assert exc.path == "prop.md"
        return
    for new in derive(article, CATALOG):
        assert isinstance(new.event, NegotiationEvent)
        for item in new.event.evidence:
            assert item.quote
            assert article.text[item.start : item.end] == item.quote
