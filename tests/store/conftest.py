"""Fixtures for the store tests."""

from __future__ import annotations

import pytest
from store_factories import RawWriter, raw_writer

from timeline.store.recorder import Recorder


@pytest.fixture
def write_raw(recorder: Recorder) -> RawWriter:
    """Append an already-encoded row to ``recorder``'s store behind the codec's back."""
    return raw_writer(recorder)
