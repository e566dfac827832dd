"""Benchmark: replaying one negotiation, with the render memo against rendering from scratch.

Generates the synthetic news feed of ``benchmarks/projections.py`` for a single negotiation,
then replays its first N events twice, in turns: through ``timeline.audit.replay`` (which
reuses the parts of the state an event did not change) and by rendering and flattening the
whole state after every event (what replay did first). Both must give the same changes.

    python benchmarks/replay.py --events 400 800 1600

The last line is ``replay_s=X scratch_s=Y speedup=Z`` for the largest N (process CPU time).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[400, 800, 1600])
    args = parser.parse_args()
    corpus = Corpus(negotiations=1)
    recorder = InMemoryRecorder()
    for stream, batch in corpus.articles_stream(max(args.events)):
        recorder.append(stream, batch, expected_version=None)
    events = list(recorder.read_all())
    negotiation = corpus.names[0]
    memo_s = scratch_s = 0.0
    for n in sorted(args.events):
        started = time.process_time()
        fast = [step.changes for step in replay(events[:n], negotiation)]
        memo_s = time.process_time() - started
        started = time.process_time()
        slow = list(from_scratch(events[:n], negotiation))
        scratch_s = time.process_time() - started
        assert fast == slow, "replay with the memo differs from rendering from scratch"
        print(f"{n:>6} events: replay {memo_s:6.2f} s   from scratch {scratch_s:6.2f} s")
    print(f"replay_s={memo_s:.2f} scratch_s={scratch_s:.2f} speedup={scratch_s / memo_s:.1f}")


if __name__ == "__main__":
    main()
