"""A fact's and a proposal's id are 10 hex digits of an event id: ``id_prefix`` writes the
40 high bits of the id instead of all 32 digits, and must give ``event_id.hex[:10]``."""

from __future__ import annotations

from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from timeline.domain.consolidation import id_prefix


@given(st.integers(min_value=0, max_value=2**128 - 1))
def test_id_prefix_is_the_first_ten_hex_digits_of_the_id(number: int) -> None:
    event_id = UUID(int=number)
    assert id_prefix(event_id) == event_id.hex[:10]


def test_id_prefix_keeps_leading_zeros_and_the_highest_digits() -> None:
    for number in (0, 1, 2**88 - 1, 2**88, 2**120, 2**128 - 1):
        event_id = UUID(int=number)
        assert id_prefix(event_id) == event_id.hex[:10]
