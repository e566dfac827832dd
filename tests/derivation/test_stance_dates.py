"""A stance is voiced by the article's publication: a date its sentence gives after that
dates something else ("ahead of elections in 2024"), and the stance takes the article's day;
a date before publication still dates it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derivation.conftest import DeriveText, events_of

PUBLISHED = date(2023, 10, 30)


def _stance_dates(derive_text: DeriveText, body: str) -> list[str]:
    events = derive_text(body, published=PUBLISHED, negotiation="eu-australia")
    return [str(e.occurred) for e in events_of(events, "position_stated")]


@pytest.mark.parametrize(
    "body",
    [
        "Brussels remains confident of a deal in 2026, the commission said.",
        "Canberra remains confident of a deal by 2026, the minister said.",
        "Canberra remains hopeful of an agreement in 2025, officials said.",
        "Canberra remains optimistic about a deal in 2027, the minister said.",
        "Canberra's trade minister described the talks as crucial ahead of EU elections in 2024.",
    ],
)
def test_a_date_after_publication_does_not_date_the_stance(
    derive_text: DeriveText, body: str
) -> None:
    assert _stance_dates(derive_text, body) == ["2023-10-30"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Brussels remains confident of a deal in 2022, the commission said.", "2022"),
        ("In 2021 Brussels remained confident of a deal, the commission said.", "2021"),
        ("Last week the Australian trade minister said he was optimistic about the agreement.",
         "2023-10"),
    ],
)  # fmt: skip
def test_a_date_before_publication_still_dates_the_stance(
    derive_text: DeriveText, body: str, expected: str
) -> None:
    assert _stance_dates(derive_text, body) == [expected]
