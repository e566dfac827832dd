"""Steps about articles: ingesting the seeds, files, folders, and articles written in the scenario.

The seed articles are the files of the folder the ini option ``timeline_seeds`` names
(``seeds`` next to the ini file by default). Given steps expect the articles to ingest
cleanly (a bad article there is a mistake in the scenario, and the step fails with the
ingest's errors); When steps only record the outcome, for the ingest Then steps to check.
Relative paths are relative to the feature file's folder. Every step hands the ingest's
report on as ``ingest_report``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from timeline.app import IngestReport, Timeline
from timeline.derivation.articles import read_article
from timeline.errors import ArticleError
from timeline.scenarios.registry import given, when
from timeline.scenarios.settings import ScenarioSettings

_inline_numbers = itertools.count(1)


def seed_file(seeds: Path, article_id: str) -> Path:
    """The file of the seed folder whose front matter has ``id: article_id``."""
    found: dict[str, Path] = {}
    for path in sorted(seeds.glob("*.md")):
        try:
            found[read_article(path).id] = path
        except ArticleError:
            continue
    if article_id not in found:
        raise AssertionError(
            f"no seed article with id {article_id!r}; seed ids: {', '.join(sorted(found))}"
        )
    return found[article_id]


def resolve(feature_dir: Path, relative: str) -> Path:
    """``relative`` read from the feature file's folder; it must exist."""
    path = (feature_dir / relative).resolve()
    if not path.exists():
        raise AssertionError(f"{relative!r} not found (looked for {path})")
    return path


def write_article(folder: Path, text: str, name: str | None = None) -> Path:
    """Write an article given in the scenario to a file, so errors can name that file."""
    path = folder / (name or f"article-{next(_inline_numbers)}.md")
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def ingest_cleanly(timeline: Timeline, *paths: Path) -> IngestReport:
    """Ingest ``paths``; fail with every error when an article does not ingest."""
    report = timeline.ingest(paths)
    if not report.ok:
        errors = "\n".join(f"  - {outcome.error}" for outcome in report.failed)
        raise AssertionError(f"these articles could not be ingested:\n{errors}")
    return report


@given("the seed articles are ingested", target_fixture="ingest_report")
def seeds_are_ingested(timeline: Timeline, timeline_settings: ScenarioSettings) -> IngestReport:
    """Ingest every article of the seed folder (in file-name order)."""
    return ingest_cleanly(timeline, timeline_settings.seed_folder())


@given(
    'the seed article "{article_id:Quoted}" is ingested',
    target_fixture="ingest_report",
    examples=['the seed article "gulfnews-1.2078485" is ingested'],
)
def seed_article_is_ingested(
    timeline: Timeline, timeline_settings: ScenarioSettings, article_id: str
) -> IngestReport:
    """Ingest the one seed article with this id."""
    return ingest_cleanly(timeline, seed_file(timeline_settings.seed_folder(), article_id))


@given(
    'the article file "{path:Quoted}" is ingested',
    target_fixture="ingest_report",
    examples=['the article file "articles/steel.md" is ingested'],
)
def article_file_is_ingested(timeline: Timeline, feature_dir: Path, path: str) -> IngestReport:
    """Ingest one article file, its path relative to the feature file's folder."""
    return ingest_cleanly(timeline, resolve(feature_dir, path))


@given(
    'the articles in the folder "{path:Quoted}" are ingested',
    target_fixture="ingest_report",
    examples=['the articles in the folder "../../seeds" are ingested'],
)
def folder_is_ingested(timeline: Timeline, feature_dir: Path, path: str) -> IngestReport:
    """Ingest every .md file under a folder (recursively), relative to the feature file."""
    return ingest_cleanly(timeline, resolve(feature_dir, path))


@given("the article below is ingested:", target_fixture="ingest_report")
def article_below_is_ingested(timeline: Timeline, tmp_path: Path, docstring: str) -> IngestReport:
    """Ingest the article written in the docstring: front matter between --- lines, then text."""
    return ingest_cleanly(timeline, write_article(tmp_path, docstring))


@when("I ingest the seed articles again", target_fixture="ingest_report")
def seeds_ingested_again(timeline: Timeline, timeline_settings: ScenarioSettings) -> IngestReport:
    """Ingest the seed folder once more and keep the report (errors included)."""
    return timeline.ingest([timeline_settings.seed_folder()])


@when(
    'I ingest the file "{path:Quoted}"',
    target_fixture="ingest_report",
    examples=['I ingest the file "articles/broken.md"'],
)
def ingest_file(timeline: Timeline, feature_dir: Path, path: str) -> IngestReport:
    """Ingest a file or folder relative to the feature file and keep the report as it is."""
    return timeline.ingest([resolve(feature_dir, path)])


@when("I ingest the article below:", target_fixture="ingest_report")
def ingest_article_below(timeline: Timeline, tmp_path: Path, docstring: str) -> IngestReport:
    """Ingest the article written in the docstring and keep the report (errors included)."""
    return timeline.ingest([write_article(tmp_path, docstring)])


@when(
    'I ingest a file "{name:Quoted}" containing:',
    target_fixture="ingest_report",
    examples=['I ingest a file "no-front-matter.md" containing:'],
)
def ingest_named_file(
    timeline: Timeline, tmp_path: Path, name: str, docstring: str
) -> IngestReport:
    """Write the docstring to a file of that name, ingest it, keep the report as it is."""
    return timeline.ingest([write_article(tmp_path, docstring, name)])
