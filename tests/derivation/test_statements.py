"""Statements in phrasings of our own: where one party's statement ends, and who makes it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of, joint

DAY = date(2022, 5, 6)


def positions(derive_text: DeriveText, body: str, negotiation: str) -> list[tuple[str, int]]:
    """(actor, number of evidence spans) of each derived position."""
    events = events_of(derive_text(body, published=DAY, negotiation=negotiation), "position_stated")
    return [(joint(e), len(e.evidence)) for e in events]


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        (
            '"We want a fair deal for our farmers," Canadian Trade Minister Mary Ng said. '
            "Canada blames Tokyo for the slow pace of the talks on beef.",
            "ca-jp",
            "CA",
        ),
        (
            "Japanese Economy Minister Kenji Sato said the deal was within reach. "
            "He continued to describe the dairy offer as unfair to Japanese farmers.",
            "ca-jp",
            "JP",
        ),
        (
            "New Zealand's trade minister Tom Reid told reporters the talks had been useful. "
            "Wellington has long criticised the European Union over its dairy quotas.",
            "eu-nz",
            "NZ",
        ),
    ],
)
def test_a_stance_told_in_narration_after_a_statement_is_another_statement(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    assert positions(derive_text, body, negotiation) == [(actor, 1), (actor, 1)]


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        (
            "Canadian Trade Minister Mary Ng said the talks on beef had been productive. "
            '"We are closer than ever to a deal," she said.',
            "ca-jp",
            "CA",
        ),
        (
            '"The offer on dairy is not acceptable," Japanese Economy Minister Kenji Sato said. '
            "He added that Tokyo would keep negotiating on the quotas.",
            "ca-jp",
            "JP",
        ),
        (
            "New Zealand's trade minister Tom Reid said the deal was good for exporters. "
            '"It gives our farmers access they have sought for decades."',
            "eu-nz",
            "NZ",
        ),
    ],
)
def test_a_quotation_or_a_verb_of_saying_goes_on_with_the_statement_before(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    assert positions(derive_text, body, negotiation) == [(actor, 2)]


_LONG = (
    "Japanese Economy Minister Kenji Sato said on Friday that the agreement with Canada "
    "would open the beef market and benefit farmers on both sides of the Pacific."
)


def test_a_long_line_that_ends_a_sentence_ends_its_paragraph(derive_text: DeriveText) -> None:
    body = _LONG + '\n"We are close to a deal on beef, and the talks will go on next month."'
    assert positions(derive_text, body, "ca-jp") == [("JP", 1), ("JP", 1)]


def test_wrapped_lines_of_wire_copy_stay_one_paragraph(derive_text: DeriveText) -> None:
    wrapped = (
        "Japanese Economy Minister Kenji Sato said on Friday that the\n"
        "agreement with Canada would open the beef market and benefit farmers.\n"
        '"We are close to a deal on beef, and the talks will go on next month."'
    )
    assert positions(derive_text, wrapped, "ca-jp") == [("JP", 2)]


@pytest.mark.parametrize(
    "attribution",
    [
        "local media quoted him as saying",
        "the ministry quoted her as saying",
        "a newspaper quoted him as saying later",
    ],
)
def test_quoted_him_as_saying_is_said_by_the_person_named_before(
    derive_text: DeriveText, attribution: str
) -> None:
    body = (
        "Australian Trade Minister Ann Lee met her Indian counterpart in Delhi on Friday.\n\n"
        f'"The deal will benefit our farmers and theirs," {attribution}.'
    )
    assert positions(derive_text, body, "au-in") == [("AU", 1)]


@pytest.mark.parametrize(
    "body",
    [
        "Mexican President Ana Ruiz, speaking by phone from Mexico City, tells the US president "
        "she hopes the deal will stay a three-way one.",
        "Mexican President Ana Ruiz, speaking by phone from Mexico City, told Trump "
        "she hoped the deal would stay a three-way one.",
    ],
)
def test_the_one_who_tells_speaks_not_the_one_told(derive_text: DeriveText, body: str) -> None:
    assert [actor for actor, _ in positions(derive_text, body, "nafta")] == ["MX"]


@pytest.mark.parametrize(
    "body",
    [
        "The pact cuts duties on wine, according to EU trade commissioner Anna Berg, who "
        'declared it the biggest deal the bloc has made. "It is a signal for open trade," '
        "she said.",
        "Duties on cars fall by half under the deal, according to EU trade commissioner Anna "
        'Berg, who said it was a fair outcome. "We stand for rules-based trade," she added.',
    ],
)
def test_a_who_clause_of_saying_is_its_own_statement(derive_text: DeriveText, body: str) -> None:
    events = events_of(
        derive_text(body, published=DAY, negotiation="eu-mercosur"), "position_stated"
    )
    assert [joint(e) for e in events] == ["EU", "EU"]
    assert events[0].evidence[0].quote.startswith("who ")


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        ("Uruguayan President Ana Silva hailed the EU-Mercosur agreement as historic.",
         "eu-mercosur", "UY"),
        ("Thai Commerce Minister Somchai Wong praised the deal with Australia as a win for "
         "farmers.", "asean-au", "TH"),
        ("Norwegian Trade Minister Ola Berg said the agreement with India would help exporters.",
         "efta-in", "NO"),
        ("EU trade commissioner Anna Berg said the ministerial conference had been a "
         "disappointment for the trade system.", "wto", "EU"),
    ],
)  # fmt: skip
def test_a_member_of_a_bloc_speaks_for_itself_in_the_blocs_talks(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    assert [a for a, _ in positions(derive_text, body, negotiation)] == [actor]


@pytest.mark.parametrize(
    ("body", "negotiation"),
    [
        ("French President Jean Dupont criticised the EU-Mercosur agreement as unfair to "
         "farmers.", "eu-mercosur"),
        ("Chinese Premier Wang Li praised the EU-Mercosur agreement as a win for trade.",
         "eu-mercosur"),
        ("Indonesian Trade Minister Budi Santoso said the EU deal was good for Canada.", "ca-eu"),
    ],
)  # fmt: skip
def test_a_union_member_or_an_outsider_states_no_position_in_the_talks(
    derive_text: DeriveText, body: str, negotiation: str
) -> None:
    assert positions(derive_text, body, negotiation) == []


@pytest.mark.parametrize(
    ("body", "negotiation", "actors"),
    [
        ("Brazilian President Lia Costa celebrated the deal on social media, while in a "
         "speech, Argentine President Juan Paz hailed the agreement as historic.",
         "eu-mercosur", ["BR", "AR"]),
        ("Canada welcomed the decision to resume talks, and Japan praised the outcome as a "
         "good step for the deal.", "ca-jp", ["CA", "JP"]),
    ],
)  # fmt: skip
def test_two_parties_stating_views_in_coordinated_clauses_are_two_positions(
    derive_text: DeriveText, body: str, negotiation: str, actors: list[str]
) -> None:
    assert sorted(a for a, _ in positions(derive_text, body, negotiation)) == sorted(actors)


@pytest.mark.parametrize(
    ("body", "negotiation", "actor"),
    [
        ("EU trade commissioner Anna Berg stressed that the European Union is India's third "
         "largest trading partner.", "eu-in", "EU"),
        ("Chilean Foreign Minister Rosa Díaz explained that China is Chile's largest trading "
         "partner.", "cl-cn", "CL"),
    ],
)  # fmt: skip
def test_a_rank_stressed_by_a_minister_is_the_ministers_figure(
    derive_text: DeriveText, body: str, negotiation: str, actor: str
) -> None:
    figures = events_of(
        derive_text(body, published=DAY, negotiation=negotiation), "trade_figure_reported"
    )
    assert [joint(f) for f in figures] == [actor]


@pytest.mark.parametrize(
    ("body", "actors"),
    [
        ('"The beef offer is not enough," Japanese Economy Minister Kenji Sato continued. '
         '"We will keep negotiating on the quotas."', ["JP"]),
        ("Talks with Canada continued to stall over beef quotas.", []),
    ],
)  # fmt: skip
def test_continued_tells_the_speaker_only_where_it_closes_the_sentence(
    derive_text: DeriveText, body: str, actors: list[str]
) -> None:
    assert [a for a, _ in positions(derive_text, body, "ca-jp")] == actors


def test_two_parties_stating_views_in_one_sentence_get_distinct_event_ids(
    derive_text: DeriveText,
) -> None:
    body = (
        "Brazilian President Lia Costa celebrated the deal on social media, while in a speech, "
        "Argentine President Juan Paz hailed the agreement as historic."
    )
    events = derive_text(body, published=DAY, negotiation="eu-mercosur")
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))
