"""Synthetic news articles of any length, written for timeline (no corpus text).

Paragraphs of two to four sentences drawn, with a fixed seed, from templates that fire the
deriver's rules (proposals, rejections, meetings, rounds, figures, clauses, threats, stalls)
and from plain narration, over a handful of parties, places and dates: an article of N
characters holds as many mentions, dates and triggers per character as one of 2N.
"""

from __future__ import annotations

import random
from datetime import date

from timeline.derivation.articles import Article, text_sha256

_SENTENCES = (
    "{a} rejected a proposal from {b} to reopen the trade agreement on {day}.",
    "Officials from {a} and {b} met in {city} on {day} for another round of talks.",
    "The trade minister of {a} said the talks with {b} would continue next month.",
    "{a} proposed a joint study of the effects of the deal, a spokesman said on {day}.",
    "Negotiators said the two sides could not reach an agreement after three days.",
    "Exports from {a} to {b} rose 4.5 percent to $12.3 billion last year.",
    "The next round is scheduled for {day} in {city}, officials said.",
    "{b} threatened to withdraw from the pact unless {a} cut its tariffs.",
    "Either party may terminate the agreement with 180 days' written notice.",
    "Analysts said the dispute over farm goods remained the hardest issue.",
    '"We will not accept any change to the rules of origin," he told reporters in {city}.',
    "A week later, the chief negotiators of {a} and {b} held a video call.",
)
_PARTIES = (
    "South Korea", "the United States", "Japan", "Canada", "Mexico", "Australia", "India",
    "the European Union", "Georgia", "Chad",
)  # fmt: skip
_CITIES = ("Seoul", "Washington", "Ottawa", "Tokyo", "Geneva", "Brussels")
_DAYS = ("Monday", "Tuesday", "Friday", "Aug. 12", "March 3", "yesterday")


def long_text(size: int, *, seed: int = 1) -> str:
    """About ``size`` characters of paragraphs separated by blank lines."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            a, b = rng.sample(_PARTIES, 2)
            sentence = rng.choice(_SENTENCES).format(
                a=a, b=b, city=rng.choice(_CITIES), day=rng.choice(_DAYS)
            )
            sentences.append(sentence[0].upper() + sentence[1:])
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def long_article(size: int, *, seed: int = 1) -> Article:
    """A synthetic article of about ``size`` characters, published 2018-03-02."""
    text = long_text(size, seed=seed)
    return Article(
        id=f"synthetic-{size}-{seed}",
        published=date(2018, 3, 2),
        outlet="Synthetic Daily",
        text=text,
        sha256=text_sha256(text),
    )
