"""Benchmark: ingest throughput with 1, 2, ... worker processes deriving (issue 11).

The feed is the project's own articles (``seeds/`` and ``tests/corpus/heldout*/articles``,
written for the project; no corpus text), copied ``--repeat`` times into a temporary folder
with the ids made unique (``-r1``, ``-r2``...), so every copy is a new article with the
same text, dates and derivation cost. Each run ingests the whole feed into a fresh,
migrated SQLite file (WAL, ``synchronous=FULL``: every article's append is a durable
commit) with ``Timeline.ingest(workers=N)``, after an untimed warm-up ingest of a few other
copies through the same timeline (the pipeline built, the pool's workers started: the
figures are the steady rate of a long backlog; the warm-up's time is printed as
``startup_s``). Runs alternate between the worker counts, ``--rounds`` times, so that a
machine busy with other work slows them alike; each count's figure is its median run.

Every run checks that its store holds the same event log as the first run's (ids, streams,
versions, positions, payloads): the workers change the speed, never the result.

Each run also reads the CPU seconds of the ingesting process and of the workers (Linux
``/proc``), and the script prints ``cpu_bound_speedup``: the least wall time those CPU
seconds need on as many idle cores as workers (the busiest process, or all of them shared
out), first count against last. It is a projection, printed beside the measure because a
machine shared with other sessions measures nothing else: Linux's autogroup scheduler gives
each session one share of the CPU however many processes it runs, so under load two
workers get the time one process would.

The last line is machine-readable: ``workers=1 articles_per_s=X workers=2 articles_per_s=Y
speedup=Z`` (Z: the last count's rate over the first's, wall clock).

Run: ``.venv/bin/python benchmarks/ingest.py --workers 1 2 --repeat 8 --rounds 3``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline import Timeline

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "seeds", *sorted((REPO / "tests" / "corpus").glob("heldout*/articles"))]
_ID = re.compile(r"^id:\s*(.+?)\s*$", re.MULTILINE)
QUOTES = "\"'"


def ingestible() -> list[Path]:
    """The project's articles that one process ingests without error (an article the
    deriver fails on would time nothing but its error)."""
    articles = [path for source in SOURCES for path in sorted(source.glob("*.md"))]
    with Timeline.in_memory() as timeline:
        report = timeline.ingest(articles)
    for failed in report.failed:
        print(f"left out (fails in one process too): {failed.error}")
    return [Path(o.path) for o in report.outcomes if o.status != "error"]


def write_feed(folder: Path, articles: list[Path], copies: range) -> int:
    """Copies of the articles with ids suffixed ``-r<copy>``; how many written."""
    folder.mkdir(parents=True)
    for copy in copies:
        for path in articles:
            raw = path.read_text(encoding="utf-8")
            end = raw.index("\n---", 3)  # the front matter's closing line
            front, body = raw[:end], raw[end:]
            found = _ID.search(front)
            assert found is not None, path
            renamed = f"id: {found.group(1).strip(QUOTES)}-r{copy}"
            front = front[: found.start()] + renamed + front[found.end() :]
            (folder / f"r{copy:03d}-{path.name}").write_text(front + body, encoding="utf-8")
    return len(articles) * len(copies)


def log_digest(timeline: Timeline) -> str:
    """A hash of the event log without the store clock."""
    digest = hashlib.sha256()
    for event in timeline.recorder.read_all():
        row = (event.position, event.stream_id, event.stream_version, str(event.event_id))
        digest.update(json.dumps(row).encode())
        digest.update(event.event.model_dump_json().encode())
    return digest.hexdigest()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of these processes so far (Linux ``/proc``; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    """One timed ingest of the feed."""

    seconds: float
    startup: float
    own_cpu: float
    """CPU seconds of the ingesting process (reading, appending; deriving with 1 worker)."""
    workers_cpu: float
    digest: str


def run(workers: int, feed: Path, warm_up: Path, folder: Path) -> Run:
    """Ingest the warm-up, then (timed) the feed, into a fresh store."""
    handle, name = tempfile.mkstemp(suffix=".db", dir=folder)
    os.close(handle)
    os.unlink(name)
    with Timeline.open(f"sqlite:///{name}", upgrade=True) as timeline:
        started = time.perf_counter()
        assert timeline.ingest([warm_up], workers=workers).ok
        startup = time.perf_counter() - started
        pids = timeline.pool.pids() if timeline.pool is not None else []
        own, theirs = time.process_time(), cpu_seconds(pids)
        started = time.perf_counter()
        report = timeline.ingest([feed], workers=workers)
        seconds = time.perf_counter() - started
        own, theirs = time.process_time() - own, cpu_seconds(pids) - theirs
        assert report.ok, report.failed
        assert {o.status for o in report.outcomes} == {"ingested"}
        digest = log_digest(timeline)
    for leftover in Path(folder).glob(Path(name).name + "*"):
        leftover.unlink()
    return Run(seconds, startup, own, theirs, digest)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=8, help="copies of the project's articles")
    parser.add_argument("--rounds", type=int, default=3, help="runs per worker count")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="timeline-ingest-bench-") as scratch:
        root = Path(scratch)
        sources = ingestible()
        articles = write_feed(root / "feed", sources, range(1, args.repeat + 1))
        write_feed(root / "warm", sources, range(0, 1))
        # The warm-up: a handful of copies -r0, enough to start every worker.
        warm_up = root / "warm-up"
        warm_up.mkdir()
        for path in sorted((root / "warm").glob("*.md"))[: 2 * max(args.workers) + 2]:
            path.rename(warm_up / path.name)
        rates: dict[int, list[float]] = {w: [] for w in args.workers}
        bounds: dict[int, list[float]] = {w: [] for w in args.workers}
        digests: set[str] = set()
        print(f"{articles} articles per run; {args.rounds} round(s) of {args.workers} workers")
        for round_number in range(1, args.rounds + 1):
            for workers in args.workers:
                done = run(workers, root / "feed", warm_up, root)
                digests.add(done.digest)
                rates[workers].append(articles / done.seconds)
                # The least wall time these CPU seconds need on `workers` idle cores: the
                # busiest process, or all of them shared out over the cores.
                shared = (done.own_cpu + done.workers_cpu) / workers
                bounds[workers].append(max(done.own_cpu, done.workers_cpu / workers, shared))
                print(
                    f"round {round_number} workers={workers}: {done.seconds:7.2f} s "
                    f"{articles / done.seconds:7.1f} articles/s  CPU s: this process "
                    f"{done.own_cpu:6.2f}, workers {done.workers_cpu:6.2f}  "
                    f"(startup_s={done.startup:.2f})",
                    flush=True,
                )
        assert len(digests) == 1, "the event logs differ between runs"
    medians = {w: statistics.median(r) for w, r in rates.items()}
    first, last = args.workers[0], args.workers[-1]
    summary = " ".join(f"workers={w} articles_per_s={medians[w]:.1f}" for w in args.workers)
    cpu_bound = statistics.median(bounds[first]) / statistics.median(bounds[last])
    print(
        f"cpu_bound_speedup={cpu_bound:.2f} (the least wall time the runs' CPU seconds need "
        f"on {last} idle cores, {first} against {last} workers: a projection, not a measure)"
    )
    print(f"{summary} speedup={medians[last] / medians[first]:.2f}")


if __name__ == "__main__":
    main()
