"""The state of text a user writes: the issue's repro and an answer naming the offer.

Both articles are our own wording. The termination notice is known only to the month and
given by a single article through a lower-confidence rule: typed, reported, never crashing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from timeline import Timeline
from timeline.domain.values import WorldDate
from timeline.domain.views import DateRange
from timeline.words import effective_words

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

REPRO = """---
id: repro-2018-02-10-notice
published: 2018-02-10
negotiation: korus
---
Seoul and Washington held a second round of talks on Friday to revise the Korea-U.S. free \
trade agreement. The talks were the second since the United States in December gave notice \
under the clause of the accord that allows either side to terminate it with six months' notice.
"""

OFFER = """---
id: quota-2019-10-20
published: 2019-10-20
negotiation: euau
---
The European Union on Oct. 12 proposed to raise Australia's beef quota. Australia on Sunday \
rejected the EU's offer.
"""

CATALOG = """parties:
  AU:
    name: Australia
    aliases: [Australia, Australian, Canberra]
negotiations:
  euau:
    name: EU-Australia trade agreement
    aliases: [EU-Australia free trade agreement]
    parties: [AU, EU]
"""


def test_the_repro_gives_a_typed_notice_and_no_crash(tmp_path: Path) -> None:
    repro = tmp_path / "repro.md"
    repro.write_text(REPRO)
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([SEEDS, repro]).ok
        for as_of in (None, date(2017, 12, 15), date(2018, 3, 1), date(2018, 7, 1)):
            state = timeline.state("korus", as_of=as_of)
            for field in timeline.fields("korus", as_of=as_of):
                timeline.explain("korus", field, as_of=as_of)
        state = timeline.state("korus", as_of=date(2018, 3, 1))
        clause = state.termination_clause
        assert clause.notice_given_on == WorldDate(year=2017, month=12)
        assert clause.earliest_effective == DateRange(
            earliest=date(2018, 5, 30), latest=date(2018, 6, 29)
        )
        assert "at the earliest (notice known only to the month)" in effective_words(clause)
        assert state.status.value != "termination_notified"
        assert [r.key for r in state.status.reported] == ["reported:termination-notice"]
        steps = list(timeline.replay("korus"))
        assert steps[-1].state is not None
        assert steps[-1].state.model_dump_json() == timeline.state("korus").model_dump_json()


def test_a_rejection_of_the_offer_rejects_the_one_eu_proposal(tmp_path: Path) -> None:
    article = tmp_path / "offer.md"
    article.write_text(OFFER)
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG)
    with Timeline.in_memory(catalog_path=catalog) as timeline:
        assert timeline.ingest([article]).ok
        state = timeline.state("euau")
        [proposal] = [p for p in state.proposals.values() if p.proposer == "EU"]
        assert (proposal.status, proposal.answered_by) == ("rejected", "AU")
        assert proposal.made_on == WorldDate(year=2019, month=10, day=12)
        why = timeline.explain("euau", f"proposals.{proposal.id}.link_rule")
        assert any(rule.startswith("linked because") for rule in why.rules)
