"""The package's public face stays small, sorted and importable."""

from __future__ import annotations

import timeline
from timeline import errors


def test_all_is_sorted_and_complete() -> None:
    assert timeline.__all__ == sorted(timeline.__all__)
    for name in timeline.__all__:
        assert hasattr(timeline, name), name


def test_every_error_of_the_tree_is_public() -> None:
    tree = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.TimelineError)
    }
    assert tree <= set(timeline.__all__)


def test_every_error_descends_from_the_root() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, timeline.TimelineError), name


def test_every_lazy_name_resolves_to_its_home() -> None:
    from timeline import _HOME_OF

    assert set(_HOME_OF) | {"__version__", "open_timeline"} == set(timeline.__all__)


def test_importing_the_store_does_not_load_the_language_pipeline() -> None:
    import subprocess
    import sys

    code = "import sys, timeline.store.sql; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
