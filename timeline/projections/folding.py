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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large fold is built and rendered.

    Folding tens of thousands of events keeps every fact alive until the state is rendered;
    each full collection would rescan all of them (half the time of a large ``state()``).
    Nothing is lost: reference counting still frees everything at once, and objects in
    cycles are collected once the collector runs again. Re-entrant; restores the previous
    setting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
