"""Benchmark: how long `timeline` commands take to start, and how much of it is imports.

Runs each command ``--runs`` times (10 by default) in a fresh process and prints, per
command, the median wall time, the median CPU time (user + system, steadier than wall time
on a shared machine) and the median import time (``python -X importtime``: the cumulative
time of every top-level import, the interpreter's own ``site`` included, in runs of their
own, since ``-X importtime`` slows a process down). Commands take turns run by run, so
a machine busy with other work slows them alike.

The commands read the store ``--db`` (default ``./timeline.db``, as ``python3 tasks.py demo``
leaves it); without one, a throwaway store is migrated and the seeds ingested first.
``--source DIR`` (repeatable) runs the commands with the ``timeline`` package of another
checkout first on ``PYTHONPATH`` (say, main exported with ``git archive``), to compare code
in the same run; the default is this checkout. With several sources and no ``--db``, each
source gets a throwaway store of its own, ingested and caught up by its own code: a store's
persisted states are served only to the code that wrote them (their fold version), so a
shared store would send the other sources down the full path.

Run: ``.venv/bin/python benchmarks/startup.py`` (``--runs 20``, ``--source /tmp/main``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS: list[list[str]] = [
    ["--help"],
    ["state", "korus"],
    ["events", "korus"],
    ["negotiations"],
    ["explain", "korus", "status"],
]

LAUNCH = "import sys; sys.argv[0] = 'timeline'; from timeline.cli import app; sys.exit(app())"
"""What the installed ``timeline`` script runs (with ``-c``, so ``--source`` can apply)."""


def _environment(source: Path, db: str) -> dict[str, str]:
    env = dict(os.environ, TIMELINE_DATABASE_URL=db, COLUMNS="120")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    return env


def _run(args: list[str], env: dict[str, str], *, importtime: bool) -> tuple[float, float, str]:
    """One run: wall seconds, CPU seconds (user + system), stderr."""
    flags = ["-X", "importtime"] if importtime else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-P", *flags, "-c", LAUNCH, *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
        sys.exit(f"timeline {' '.join(args)} failed ({done.returncode}): {lines[-5:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def import_seconds(stderr: str) -> float:
    """The cumulative import time of the top-level imports of a ``-X importtime`` run."""
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.removeprefix("import time:").split("|")
        if not name[1:].startswith(" "):  # nested imports are indented under their parent
            total += int(cumulative)
    return total / 1e6


def _seed_store(folder: Path, source: Path) -> str:
    """A throwaway SQLite store with the seeds ingested and its read models caught up by
    the code of ``source``."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'startup.db'}"
    timeline = [sys.executable, "-P", "-c", LAUNCH]
    env = _environment(source.resolve(), url)
    steps = (["db", "upgrade"], ["ingest", str(ROOT / "seeds")], ["projections", "catch-up"])
    for step in steps:
        subprocess.run([*timeline, *step], env=env, cwd=ROOT, check=True, capture_output=True)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", help="the store to read (default ./timeline.db)")
    parser.add_argument("--source", type=Path, action="append", help="a checkout to run")
    args = parser.parse_args()
    sources: list[Path] = args.source or [ROOT]
    with tempfile.TemporaryDirectory() as scratch:
        default = ROOT / "timeline.db"
        stores: dict[Path, str] = {source: args.db for source in sources}
        if args.db is None and len(sources) == 1 and default.exists():
            stores = {sources[0]: f"sqlite:///{default}"}
        elif args.db is None:
            stores = {s: _seed_store(Path(scratch) / str(i), s) for i, s in enumerate(sources)}
        envs = {source: _environment(source.resolve(), stores[source]) for source in sources}
        measured: dict[tuple[Path, str], list[tuple[float, float, float]]] = {}
        for _ in range(args.runs):
            for command in COMMANDS:
                for source, env in envs.items():
                    wall, cpu, _stderr = _run(command, env, importtime=False)
                    _w, _c, stderr = _run(command, env, importtime=True)
                    key = (source, " ".join(command))
                    measured.setdefault(key, []).append((wall, cpu, import_seconds(stderr)))
    print(f"median of {args.runs} runs, seconds; stores {sorted(set(stores.values()))}")
    print(f"{'command':<32} {'source':<28} {'wall':>6} {'cpu':>6} {'imports':>8}")
    for (source, line), runs in measured.items():
        wall, cpu, imports = (statistics.median(column) for column in zip(*runs, strict=True))
        name = "this checkout" if source.resolve() == ROOT else str(source)[-28:]
        print(f"timeline {line:<23} {name:<28} {wall:6.3f} {cpu:6.3f} {imports:8.3f}")


if __name__ == "__main__":
    main()
