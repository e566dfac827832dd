"""Where the store's read time goes: CPU µs per event of each step, robust to a busy machine.

Runs on a database written by ``benchmarks/store.py --keep DIR`` (``DIR/adapter.db``). Each
step is timed per batch of 1,000 events with the process CPU clock, the steps alternate
batch by batch, and each batch keeps its best of ``--reps`` runs: other jobs on the machine
can only slow a run down, so the minimum is the step's own cost.

    python benchmarks/read_breakdown.py /tmp/bench/adapter.db --events 100000

Steps: ``fetch`` (the adapter's keyset query, rows as the driver returns them), ``loads``
(``json.loads`` of each payload: the raw baseline's decoding), ``validate`` (each payload
through its type's pydantic validator), ``decode`` (``Codec.recorded_rows``: validation and
envelopes, the rows already fetched) and ``read_all`` (the whole adapter). The last line is
``read_ratio=X``: (fetch + loads) / read_all.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from timeline.domain.events import EVENT_MODELS
from timeline.store.codec import DEFAULT_CODEC
from timeline.store.sql import create_recorder, parse_uuids

BATCH = 1000
COLUMNS = (
    "position, stream_key, stream_version, event_id, recorded_at, type, schema_version, "
    "payload, metadata"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("database", type=Path, help="an adapter.db kept by benchmarks/store.py")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    conn = sqlite3.connect(args.database)
    sql = f"SELECT {COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT {BATCH}"
    names = dict(conn.execute("SELECT stream_key, stream_id FROM streams").fetchall())
    starts = list(range(0, args.events, BATCH))
    batches = [conn.execute(sql, (start,)).fetchall() for start in starts]
    validators = {
        name: model.__pydantic_validator__.validate_json for name, model in EVENT_MODELS.items()
    }
    recorder = create_recorder(f"sqlite:///{args.database}")

    def fetch(i: int) -> None:
        conn.execute(sql, (starts[i],)).fetchall()

    def loads(i: int) -> None:
        decode = json.loads
        for row in batches[i]:
            decode(row[7])

    def validate(i: int) -> None:
        for row in batches[i]:
            validators[row[5]](row[7])

    def decode(i: int) -> None:
        rows = batches[i]
        moments = {
            raw: datetime.fromisoformat(raw).replace(tzinfo=UTC) for raw in {r[4] for r in rows}
        }
        for _ in DEFAULT_CODEC.recorded_rows(
            rows, names, parse_uuids([r[3] for r in rows]), [moments[r[4]] for r in rows]
        ):
            pass

    def read_all(i: int) -> None:
        until = starts[i] + len(batches[i])
        for _ in recorder.read_all(after=starts[i], batch_size=BATCH, until_position=until):
            pass

    steps: dict[str, Callable[[int], Any]] = {
        "fetch": fetch,
        "loads": loads,
        "validate": validate,
        "decode": decode,
        "read_all": read_all,
    }
    best = {name: [float("inf")] * len(batches) for name in steps}
    for _ in range(args.reps):
        for i in range(len(batches)):
            for name, step in steps.items():
                started = time.process_time()
                step(i)
                spent = time.process_time() - started
                best[name][i] = min(best[name][i], spent)
    count = sum(len(rows) for rows in batches)
    cost = {name: sum(times) / count * 1e6 for name, times in best.items()}
    for name, micros in cost.items():
        print(f"{name:>9}: {micros:6.2f} µs/event")
    print(f"read_ratio={(cost['fetch'] + cost['loads']) / cost['read_all']:.2f}")


if __name__ == "__main__":
    main()
