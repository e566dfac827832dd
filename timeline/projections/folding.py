"""How the read side runs a large fold: process-level tuning the pure domain must not do.

:func:`collector_paused` pauses Python's cyclic garbage collector while a negotiation's
state is folded and rendered (:meth:`timeline.projections.runner.ProjectionRunner.state`).
The other such thing, the memo of subjects' key words rendering looks up, is a
:class:`timeline.domain.subjects.KeyWords` the runner owns and hands to each fold.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FULL_COLLECTION_EVERY = 64
"""Pauses after which the collector runs a full collection as it resumes (see
:func:`collector_paused`)."""
_resumed = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large fold is built and rendered.

    Folding tens of thousands of events keeps every fact alive until the state is rendered;
    each full collection would rescan all of them (half the time of a large ``state()``).
    Nothing is lost: reference counting still frees everything at once, and objects in
    cycles are collected once the collector runs again. Re-entrant; restores the previous
    setting.

    On resuming, what the pause made is moved to the oldest generation (``gc.freeze()``
    then ``gc.unfreeze()``) instead of being left young: the young generation's next
    collection would otherwise scan every object of the state just made, a tenth to a
    quarter of a historical ``state()``. Cycles made during a pause (a few hundred objects
    a state) are then found by the next full collection, which runs at the latest every
    :data:`FULL_COLLECTION_EVERY` pauses, so a process that asks for states for ever does
    not keep them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _settle()
            gc.enable()


def _settle() -> None:
    global _resumed
    gc.freeze()
    gc.unfreeze()
    _resumed += 1
    if _resumed % FULL_COLLECTION_EVERY == 0:
        gc.collect()
