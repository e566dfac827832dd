"""Where a meeting is held: the place named with "in" or "at" in its trigger's clause, never
a date word, whatever punctuation follows it."""

from __future__ import annotations

import pytest

from timeline.derivation.locations import meeting_location


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("The ministers met in Geneva on Monday.", "Geneva"),
        ("Talks resumed at the White House.", "White House"),
        ("The round closed in Mexico City.", "Mexico City"),
        ("The talks started in May.", None),
        ("The talks started in Sept. and ended in Oct.", None),
        ("The talks started in March, officials said.", None),
        ("The leaders met on Friday.", None),
    ],
)
def test_a_meeting_place_is_a_name_not_a_date(sentence: str, place: str | None) -> None:
    assert meeting_location(sentence, sentence.index("t")) == place
