"""Evidence quotes are exact slices of the article text, even across hard-wrapped lines."""

from __future__ import annotations

from tests.derivation.conftest import DeriveText, events_of


def test_a_hard_wrapped_sentence_keeps_exact_offsets(derive_text: DeriveText) -> None:
    body = (
        "SEOUL (Wire) - South Korean Trade Minister\n"
        "Kim Hyun-chong said on Tuesday that Seoul rejected the U.S. proposal to\n"
        "amend the free trade agreement.\n"
    )
    events = derive_text(body)
    (rejection,) = events_of(events, "proposal_rejected")
    assert rejection.actor == ("KR",)
    (evidence,) = rejection.evidence
    assert "\n" in evidence.quote and evidence.quote.endswith("agreement.")
