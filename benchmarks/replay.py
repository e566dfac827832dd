"""Benchmark: replaying one negotiation, incrementally against rendering from scratch.

Generates the synthetic news feed of ``benchmarks/projections.py`` for a single negotiation,
then replays its first N events through ``timeline.audit.replay`` (which keeps the state
rendered event by event, :class:`timeline.incremental.LiveRender`) and, up to
``--scratch-max`` events (it is quadratic), by rendering and flattening the whole state
after every event. Both must give the same changes: the benchmark asserts it on every step
the from-scratch replay reaches, and at every N that the incremental replay's changes,
applied in turn to the empty state, add up to the state rendered once from scratch.

    python benchmarks/replay.py --events 1600 10000

The last line is ``replay_events_per_s=X events=N scratch_events_per_s=Y scratch_events=M
replay_at_scratch_events_per_s=Z speedup=S`` (process CPU time, all from the same run): X
is the incremental replay's rate at the largest N, Y the from-scratch rate at the largest
size M it was run at, Z the incremental rate at that same M, and S = Z / Y.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projections import Corpus

from timeline.audit import Change, diff, flat, replay
from timeline.domain.envelope import RecordedEvent
from timeline.domain.fold import NegotiationFold
from timeline.domain.render import render
from timeline.store.memory import InMemoryRecorder


def from_scratch(events: list[RecordedEvent], negotiation: str) -> Iterator[tuple[Change, ...]]:
    fold = NegotiationFold(negotiation)
    previous = flat(render(fold))
    for recorded in events:
        if fold.apply(recorded):
            current = flat(render(fold))
            yield diff(previous, current)
            previous = current


def _final(events: list[RecordedEvent], negotiation: str) -> dict[str, object]:
    """The flattened state after all ``events``, rendered once from scratch."""
    fold = NegotiationFold(negotiation)
    for recorded in events:
        fold.apply(recorded)
    return {path: value for path, value in flat(render(fold)).items() if value is not None}


def _replayed(steps: list[tuple[Change, ...]], negotiation: str) -> dict[str, object]:
    """The flattened state the replay's changes add up to, from the empty state's (paths
    whose value is None left out: a change to None reads like a removal)."""
    state: dict[str, object] = dict(flat(render(NegotiationFold(negotiation))))
    for changes in steps:
        for change in changes:
            if change.after is None:
                state.pop(change.path, None)
            else:
                state[change.path] = change.after
    return {path: value for path, value in state.items() if value is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1600, 10_000])
    parser.add_argument(
        "--scratch-max", type=int, default=1600, help="largest N replayed from scratch"
    )
    args = parser.parse_args()
    corpus = Corpus(negotiations=1)
    recorder = InMemoryRecorder()
    for stream, batch in corpus.articles_stream(max(args.events)):
        recorder.append(stream, batch, expected_version=None)
    events = list(recorder.read_all())
    negotiation = corpus.names[0]
    rate = scratch_rate = fast_at_scratch = 0.0
    largest = scratch_n = 0
    for n in sorted(args.events):
        started = time.process_time()
        fast = [step.changes for step in replay(events[:n], negotiation)]
        fast_s = time.process_time() - started
        rate, largest = n / fast_s, n
        assert _replayed(fast, negotiation) == _final(events[:n], negotiation), (
            "the incremental replay's changes do not add up to the state rendered from scratch"
        )
        line = f"{n:>6} events: replay {fast_s:7.2f} s ({rate:8,.0f} events/s)"
        if n <= args.scratch_max:
            started = time.process_time()
            slow = list(from_scratch(events[:n], negotiation))
            scratch_s = time.process_time() - started
            assert fast == slow, "the incremental replay differs from rendering from scratch"
            scratch_rate, fast_at_scratch, scratch_n = n / scratch_s, rate, n
            line += f"   from scratch {scratch_s:7.2f} s ({scratch_rate:8,.0f} events/s)"
        print(line)
    print(
        f"replay_events_per_s={rate:.0f} events={largest} "
        f"scratch_events_per_s={scratch_rate:.0f} scratch_events={scratch_n} "
        f"replay_at_scratch_events_per_s={fast_at_scratch:.0f} "
        f"speedup={fast_at_scratch / scratch_rate if scratch_rate else 0:.1f}"
    )


if __name__ == "__main__":
    main()
