"""A signing told in passing ("the accord, signed by ...") does not say where talks stand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline import Timeline

NEWS = """---
id: talks-news
published: 2019-05-01
negotiation: ca-us
---
The trade agreement between Canada and the United States took effect in 2012.

Talks between Canada and the United States on revising the agreement broke down on Tuesday
without a deal.
"""

BACKGROUND = """---
id: talks-background
published: 2019-05-03
negotiation: ca-us
---
{sentence}
"""


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington still wants to rework the accord, signed by a previous administration, "
        "officials in Canada said.",
        "Ottawa has no wish to reopen the treaty, inked by a former prime minister, a Canadian "
        "minister said.",
    ],
)
def test_a_later_article_recalling_the_signing_leaves_the_talks_stalled(
    tmp_path: Path, sentence: str
) -> None:
    (tmp_path / "news.md").write_text(NEWS, encoding="utf-8")
    (tmp_path / "background.md").write_text(BACKGROUND.format(sentence=sentence), "utf-8")
    with Timeline.in_memory() as timeline:
        assert timeline.ingest([tmp_path]).ok
        signed = [r for r in timeline.events("ca-us") if r.type == "agreement_signed"]
        assert [r.dated_by for r in signed] == ["report"]  # its date is unknown
        state = timeline.state("ca-us", as_of=date(2019, 5, 3))
        assert state.status.value == "stalled"
        assert str(state.agreement.in_force_since) == "2012"
