"""Export benchmark: `python tests/perf/export_bench.py [--runs N] [--cards N] [--events N]`.

Exports 100,000 cards and 500,000 history events (payloads as varied as a real
history's: `history_event`) to CSV through `leantui export`'s core
(leantui.core.export.export_kind, the same path as the CLI), measured inside one process
after imports, against a baseline in the same process: plain sqlite3 + csv writing the
same columns (cards joined to their board and column names, events with their JSON
payload) to a UTF-8-with-BOM file. Runs alternate; the median, min and max are printed
as JSON lines, with the ratio of the medians and the median of each run's ratio to the
baseline run beside it (target: within 2x).

Peak memory: tracemalloc's peak for one export of each table in a run of its own (Python
allocations: rows are streamed, so it stays flat), and the growth of the process's peak
RSS (ru_maxrss) over the whole benchmark. Target: under 100 MB for the 500,000 events.
Not part of the test suite."""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leantui.core.db.opening import open_database
from leantui.core.db.types import canonical_json
from leantui.core.export import Options, export_kind
from leantui.core.hooks import Scope
from leantui.core.kanban import boards

CARD_SQL = """
SELECT c.id, b.name, k.name, c.title, c.description, c.owner, c.tags, c.priority, c.due,
       c.blocked, c.blocked_reason, c.blocked_since, c.source_type, c.source_id,
       c.created_at, c.started_at, c.completed_at, c.moved_at, c.archived_at
FROM cards c JOIN boards b ON b.id = c.board_id JOIN board_columns k ON k.id = c.column_id
ORDER BY c.id"""
EVENT_SQL = """
SELECT id, at, actor, board_id, entity_type, entity_id, action, payload
FROM events WHERE board_id IS NOT NULL ORDER BY id"""


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def history_event(
    j: int, rng: random.Random, cols: list[int], n_cards: int, start: datetime
) -> tuple[str, str]:
    """The action and JSON payload of the j-th event, mixed as in a real history: moves
    and blocks repeat their payloads, creations, edits, unblocks and reorders carry
    titles, moments and other cards that do not (so a cache of decoded payloads helps
    no more than it would there)."""
    names = ["待办", "进行中", "完成"]
    kind = j % 10
    if kind < 4:
        a, b = rng.sample(range(3), 2)
        action, payload = (
            "move",
            {"from_id": cols[a], "from": names[a], "to_id": cols[b], "to": names[b]},
        )
    elif kind < 6:
        action, payload = (
            "reorder",
            {"delta": rng.choice((-1, 1)), "other": 1 + rng.randrange(n_cards)},
        )
    elif kind == 6:
        action, payload = (
            "block",
            {"reason": rng.choice(("等待备件", "waiting for QA", "=SUM(A1)"))},
        )
    elif kind == 7:
        since = start + timedelta(seconds=30 * j - rng.randrange(86_400))
        action, payload = "unblock", {"blocked_since": since.isoformat()}
    elif kind == 8:
        action, payload = "edit", {"title": [f"旧标题 {j}", f'新标题 {j}, "quoted"']}
    else:
        action, payload = "create", {"title": f"卡片 {j}", "column_id": cols[0], "column": names[0]}
    return action, canonical_json(payload)  # as leantui stores it


def make(path: Path, n_cards: int, n_events: int) -> None:
    db, _ = open_database(str(path), create=True)
    board = boards.create_board(
        db,
        "一号线 Line 1",
        columns=[
            ("待办 Backlog", "backlog", None),
            ("进行中 Doing", "active", None),
            ("完成 Done", "done", None),
        ],
    )
    cols = [c.id for c in boards.columns(db, board.id)]
    db.close()
    rng = random.Random(7)
    start = datetime(2025, 1, 1, 7, tzinfo=UTC)
    conn = sqlite3.connect(path)
    owners = ["王伟", "李娜", "张强", "Smith, J.", ""]
    with conn:
        conn.executemany(
            "INSERT INTO cards (id, board_id, column_id, position, title, description, owner,"
            " tags, priority, due, blocked, blocked_reason, blocked_since, source_type,"
            " source_id, created_at, started_at, completed_at, moved_at, archived_at, version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i,
                    board.id,
                    cols[i % 3],
                    i,
                    f'更换 {i} 号工位的夹具, "quoted" #{i}',
                    "第一行\n第二行" if i % 10 == 0 else "",
                    owners[i % 5],
                    "5S,安全" if i % 4 == 0 else "",
                    i % 4,
                    (start + timedelta(days=i % 300)).date().isoformat() if i % 3 else None,
                    i % 17 == 0,
                    "等待备件" if i % 17 == 0 else "",
                    stamp(start + timedelta(hours=i)) if i % 17 == 0 else None,
                    "",
                    None,
                    stamp(start + timedelta(minutes=i)),
                    stamp(start + timedelta(minutes=i + 60)) if i % 3 else None,
                    stamp(start + timedelta(minutes=i + 600)) if i % 3 == 2 else None,
                    stamp(start + timedelta(minutes=i + 600)),
                    None,
                    1,
                )
                for i in range(1, n_cards + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO events (at, actor, entity_type, entity_id, action, payload, board_id)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                (
                    stamp(start + timedelta(seconds=30 * j)),
                    owners[j % 4],
                    "card",
                    1 + rng.randrange(n_cards),
                    *history_event(j, rng, cols, n_cards, start),
                    board.id,
                )
                for j in range(n_events)
            ),
        )
    conn.close()


def baseline(path: Path, sql: str, out: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            cursor = conn.execute(sql)
            writer.writerow([d[0] for d in cursor.description])
            n = 0
            while rows := cursor.fetchmany(5000):
                writer.writerows(rows)
                n += len(rows)
    finally:
        conn.close()
    return n


def ours(path: Path, kind: str, out: Path) -> int:
    db, _ = open_database(str(path))
    try:
        return export_kind(db, Scope(), kind, out, Options(force=True)).rows[kind]
    finally:
        db.close()


def timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """Wall and CPU milliseconds: on a busy machine the CPU time is the steadier ratio."""
    began, cpu = time.perf_counter(), time.process_time()
    n = run()
    return (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000, n


def report(figure: str, values: list[float], unit: str, **extra: object) -> None:
    print(
        json.dumps(
            {
                "figure": figure,
                "median": round(statistics.median(values), 1),
                "min": round(min(values), 1),
                "max": round(max(values), 1),
                "unit": unit,
                "runs": len(values),
                **extra,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=500_000)
    args = parser.parse_args()
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        began = time.perf_counter()
        make(db, args.cards, args.events)
        print(json.dumps({"setup_s": round(time.perf_counter() - began, 1)}), flush=True)
        for kind, sql in (("cards", CARD_SQL), ("events", EVENT_SQL)):
            mine: list[float] = []
            base: list[float] = []
            mine_cpu: list[float] = []
            base_cpu: list[float] = []
            for _ in range(args.runs):
                ms, cpu, n_base = timed(lambda sql=sql: baseline(db, sql, folder / "base.csv"))
                base.append(ms)
                base_cpu.append(cpu)
                ms, cpu, n_ours = timed(lambda kind=kind: ours(db, kind, folder / "ours.csv"))
                mine.append(ms)
                mine_cpu.append(cpu)
                assert n_ours == n_base, (kind, n_ours, n_base)
            for label, a, b in (("wall", mine, base), ("cpu", mine_cpu, base_cpu)):
                report(f"baseline sqlite3+csv {kind} ({label})", b, "ms", rows=n_base)
                report(
                    f"leantui export {kind} ({label})",
                    a,
                    "ms",
                    rows=n_ours,
                    ratio=round(statistics.median(a) / statistics.median(b), 2),
                    # Each run against the baseline run just before it: steadier than
                    # the ratio of the medians when the machine's speed drifts.
                    paired_ratio=round(
                        statistics.median(x / y for x, y in zip(a, b, strict=True)), 2
                    ),
                )
        rss_after_runs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for kind in ("cards", "events"):
            tracemalloc.start()
            ours(db, kind, folder / "ours.csv")
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            report(f"leantui export {kind} peak traced memory", [peak / 2**20], "MiB")
        report(
            "peak RSS growth over the exports (ru_maxrss)",
            [rss_after_runs - rss_start],
            "MiB",
        )


if __name__ == "__main__":
    main()
