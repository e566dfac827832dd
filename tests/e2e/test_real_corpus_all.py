"""Every real article of dev and dev2 in one store: every negotiation answers (issue 9).

The seeds and all articles of ``../shared/corpus/dev`` and ``dev2`` are ingested into one
database (SQLite, then PostgreSQL); then every negotiation the store knows is asked for its
state (latest, as of each article's publication day, as known half-way through the store),
``fields`` and the explanation of each, ``replay`` and ``events``, and the read model is
verified. Nothing may raise, and replaying a negotiation's events ends on its ``state()``.

Found by it before it was fixed: ``state nafta`` raised a ValidationError, because a KORUS
article (dev 01) states a NAFTA round in a photo caption and the NAFTA state read that
article's index document, which has no text (issue 12, item 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from real_corpus import SEEDS, corpus_articles

from timeline import Timeline
from timeline.audit import explain, field_paths, flat
from timeline.derivation.articles import read_article
from timeline.domain.state import initial_state


@pytest.fixture
def timeline(database_url: str) -> Iterator[Timeline]:
    with Timeline.open(database_url) as opened:
        yield opened


def _valued(fields: dict[str, Any]) -> dict[str, Any]:
    return {path: value for path, value in fields.items() if value is not None}


def test_every_negotiation_of_every_real_article_answers_every_question(
    timeline: Timeline,
) -> None:
    articles = corpus_articles("dev") + corpus_articles("dev2")
    report = timeline.ingest([SEEDS, *articles])
    assert report.ok, [(outcome.path, outcome.error) for outcome in report.failed]
    days = sorted({read_article(path).published for path in articles})
    half_way = timeline.recorder.max_position() // 2

    names = timeline.negotiations()
    assert {"korus", "nafta", "brexit"} <= set(names)
    for name in names:
        state = timeline.state(name)
        paths = timeline.fields(name)
        for path in paths:
            assert explain(state, path).field == path
        if paths:
            timeline.explain(name, paths[0])
        fields = _valued(flat(initial_state(name)))
        for step in timeline.replay(name):
            for change in step.changes:
                if change.after is None:
                    fields.pop(change.path, None)
                else:
                    fields[change.path] = change.after
        assert fields == _valued(flat(state)), f"{name}: replay does not end on state()"
        timeline.events(name)
        for day in (date(2017, 8, 22), days[len(days) // 2], days[-1]):
            as_of = timeline.state(name, as_of=day, known_at=half_way)
            for path in field_paths(as_of):
                explain(as_of, path)
            timeline.events(name, as_of=day, known_at=half_way)
            list(timeline.replay(name, as_of=day, known_at=half_way))
    assert timeline.projections.verify() == []
