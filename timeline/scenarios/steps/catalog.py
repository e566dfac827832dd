"""Given steps about the catalog: the parties, people and negotiations a scenario knows.

A feature about a negotiation the shipped catalog lacks brings its own catalog file (the
same YAML shape as ``timeline/catalog/default.yaml``), merged over the shipped catalog for
the scenario, in place of the run's catalog file (``timeline_catalog``) if one is set. Put
it before the articles are ingested: what was derived before keeps the old catalog.
"""

from __future__ import annotations

from pathlib import Path

from timeline.app import Timeline
from timeline.derivation.catalog import load_catalog
from timeline.scenarios.registry import given
from timeline.scenarios.steps.articles import resolve


@given('the catalog file "{path:Quoted}"', examples=['the catalog file "nz-chile.yaml"'])
def catalog_file(timeline: Timeline, feature_dir: Path, path: str) -> None:
    """Merge this catalog file (relative to the feature file) over the shipped catalog."""
    timeline.catalog = load_catalog(resolve(feature_dir, path))
