"""The pytest plugin (entry point ``pytest11: timeline``): feature files run with the library.

Installed with ``pip install "timeline[scenarios]"``, it makes every ``.feature`` file pytest
walks into (or only those under ``timeline_features``) a test module of its own, checked
before it runs (``timeline.scenarios.collect``), with the step library of
``timeline.scenarios.steps`` registered for every file. Each scenario runs once per database
of the run's settings (``timeline.scenarios.settings``): a fresh migrated SQLite file (or the
configured database), and a fresh PostgreSQL database too when ``timeline_postgres`` is on.

Without pytest-bdd (``timeline`` installed without the ``scenarios`` extra) the plugin
registers nothing, so pytest runs as if it were absent.
"""

from __future__ import annotations

import importlib.util

from timeline.scenarios.steps import STEP_MODULES

HAS_PYTEST_BDD = importlib.util.find_spec("pytest_bdd") is not None

pytest_plugins = (
    [
        *STEP_MODULES,
        "timeline.scenarios.databases",
        "timeline.scenarios.reporting",
        "timeline.scenarios.hooks",
    ]
    if HAS_PYTEST_BDD
    else []
)
"""Every step module (their steps are fixtures), the fixtures and the hooks; in this order so
that pytest rewrites the asserts of each before another imports it."""
