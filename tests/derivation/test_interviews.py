"""Interview turns: a transcript's labelled turns and a question-and-answer piece's answers
are speech, whose "we" is the speaker's party; an explainer's answers are not."""

from __future__ import annotations

from datetime import date

from tests.derivation.conftest import make_article
from timeline.derivation.catalog import Catalog
from timeline.derivation.extractor import derive
from timeline.derivation.interviews import spoken_turns

TRANSCRIPT = """Morning Show. Guest: Trade Minister Anita Kowal of Poland.

HOST: What did you agree with Canada?

KOWAL: We agreed a quota for beef after months of talks.

HOST: And cars?

KOWAL: They asked for lower duties on cars, and we said no.
"""

INTERVIEW = """Kenyan Trade Minister Rebecca Miano spoke to us after the signing.

Did Brussels give way on dairy?

No. We asked for a longer phase-in for our farmers, and the EU accepted the request.

What comes next?

We expect our parliament to vote in March.
"""

EXPLAINER = """Why did the talks fail?

The EU wanted stronger rules on labour, and Kenya refused.

What comes next?

Negotiators are expected to meet again in March.
"""


def test_a_transcript_gives_each_labelled_turn_its_speaker() -> None:
    turns = spoken_turns(TRANSCRIPT)
    assert [t.label for t in turns] == ["HOST", "KOWAL", "HOST", "KOWAL"]
    assert TRANSCRIPT[turns[1].start : turns[1].end].startswith("We agreed")


def test_answers_in_the_first_person_are_the_guests() -> None:
    turns = spoken_turns(INTERVIEW)
    assert [INTERVIEW[t.start : t.start + 3] for t in turns] == ["No.", "We "]
    assert {t.label for t in turns} == {None}


def test_an_explainers_answers_are_no_speech() -> None:
    assert spoken_turns(EXPLAINER) == []


def test_a_report_has_no_turns() -> None:
    report = "Kenya and the EU signed the deal.\n\nIt enters into force next year."
    assert spoken_turns(report) == []


def test_the_guests_we_is_the_guests_party(catalog: Catalog) -> None:
    article = make_article(INTERVIEW, negotiation="eu-kenya", published=date(2024, 1, 25))
    found = {(e.type, "+".join(e.event.actor or ())) for e in derive(article, catalog)}
    assert ("proposal_made", "KE") in found
    assert ("proposal_accepted", "EU") in found
