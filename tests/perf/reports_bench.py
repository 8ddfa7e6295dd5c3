"""Reports benchmark: `python tests/perf/reports_bench.py [--runs N]`.

Builds one board of 10,000 cards with 200,000 card events over a year (each card:
created, moved through Ready and Doing, sent back once, three blocks and unblocks,
edits and reorders; 70 % reach Done) with bulk inserts, then measures, in this
process after the imports:

- `metrics_quarter` / `metrics_year`: the whole flow report of the board (every event
  read in one streamed query, lead/cycle percentiles, throughput, WIP and CFD per day,
  aging) over the last 13 weeks and over the whole year, with nothing kept from an
  earlier report; `metrics_year_kept`: the year again, the cards' flows kept from the
  report before (another period or a refresh with nothing changed); all three with
  nothing kept on disk (a cache folder of the benchmark's own); `metrics_year_from_disk`:
  the year once more, its flows read from the disk record the report before made;
- `floor_read_events`: the floor for those: the same event rows (all but reorders)
  read with plain sqlite3 and their JSON payloads decoded, nothing computed;

and in a real pseudo-terminal (tests/perf/bench.py's Pty), interleaved round by round:

- `reports_first_frame_cold`: `leantui` opened straight on the reports screen until the
  computed summary of that board is drawn ("cards done"), with no flows kept on disk
  (the first open of that board's reports on this machine: every event replayed);
- `reports_first_frame`: the same, with the flows kept on disk by an earlier report
  (metrics/kept.py: every later open; nothing written since, so nothing to replay);
- `floor_textual`: a trivial Textual app's first frame, the floor (target: the reports
  frame within 3x of it).

Prints one JSON line per figure: median, min and max in milliseconds, and the ratio of
the median to its floor. Not part of the test suite."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench  # the Pty and the trivial Textual app (tests/perf/bench.py)

CARDS = 10_000
EVENTS_PER_CARD = 20
DAYS = 365

REPORTS_FIRST = """
import gc
import sys

gc.disable()  # as leantui's main() does until the app has settled
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.config import Settings
from leantui.core.db.opening import open_database
from leantui.tui import app
from leantui.tui.modules import PAGES

app.MODULES = [PAGES[0]]  # the app opens on the reports screen

db, _ = open_database(sys.argv[1])
app.LeanApp(Settings(language="en"), db).run()
"""


KEEP_FLOWS = """
import sys
from leantui.core.clock import today
from leantui.core.db.opening import open_database
from leantui.core.metrics import periods
from leantui.core.metrics.report import default_scope, flow_report

db, _ = open_database(sys.argv[1])
flow_report(db, default_scope(db, ""), periods.preset("4weeks", today()))
"""


def build(path: Path, now: datetime, seed: int = 5) -> int:
    """The board and its history, written with SQLAlchemy Core in one transaction."""
    from sqlmodel import SQLModel

    from leantui.core.kanban import boards

    db = bench.in_process_db(path)
    rng = random.Random(seed)
    board = boards.create_board(db, "Big board 大看板")
    backlog, ready, doing, done = (c.id for c in boards.columns(db, board.id))
    names = {backlog: "Backlog", ready: "Ready", doing: "Doing", done: "Done"}
    cards_t = SQLModel.metadata.tables["cards"]
    events_t = SQLModel.metadata.tables["events"]
    start = now - timedelta(days=DAYS)
    card_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []

    def ev(at: datetime, card: int, action: str, payload: dict[str, Any]) -> None:
        event_rows.append(
            {
                "at": at,
                "actor": "bench",
                "entity_type": "card",
                "entity_id": card,
                "action": action,
                "payload": payload,
                "board_id": board.id,
            }
        )

    def move(at: datetime, card: int, a: int, b: int) -> None:
        ev(at, card, "move", {"from_id": a, "from": names[a], "to_id": b, "to": names[b]})

    for i in range(CARDS):
        card = i + 1
        t0 = start + timedelta(minutes=rng.randrange(0, (DAYS - 20) * 24 * 60))
        hours = sorted(rng.uniform(1, 24 * 20) for _ in range(EVENTS_PER_CARD - 1))
        at = [t0 + timedelta(hours=h) for h in hours]
        title = f"K{card:05d} 卡片 {card}"
        ev(t0, card, "create", {"title": title, "column_id": backlog, "column": "Backlog"})
        finished = rng.random() < 0.7
        # 19 more: 5 moves, 3 blocks + 3 unblocks, 3 edits, 5 reorders, in time order.
        kinds = ["move"] * 5 + ["block", "unblock"] * 3 + ["edit"] * 3 + ["reorder"] * 5
        path = [(backlog, ready), (ready, doing), (doing, ready), (ready, doing), (doing, done)]
        column = backlog
        blocked = False
        moves = 0
        rng.shuffle(kinds)
        for when, kind in zip(at, kinds, strict=True):
            if kind == "move" and (moves < 4 or finished):
                a, b = path[moves]
                move(when, card, a, b)
                column, moves = b, moves + 1
            elif kind == "block" and not blocked:
                ev(when, card, "block", {"reason": "parts"})
                blocked = True
            elif kind == "unblock" and blocked:
                ev(when, card, "unblock", {"blocked_since": when.isoformat()})
                blocked = False
            elif kind == "edit":
                ev(when, card, "edit", {"owner": ["", "王芳"]})
            else:
                ev(when, card, "reorder", {"delta": 1, "other": card})
        card_rows.append(
            {
                "id": card,
                "board_id": board.id,
                "column_id": column,
                "position": i,
                "title": title,
                "created_at": t0,
                "moved_at": at[-1],
                "blocked": blocked,
            }
        )
    from leantui.core.db.models import Event  # noqa: F401 - the table's types

    with db.write() as session:
        session.execute(cards_t.insert(), card_rows)
        for n in range(0, len(event_rows), 20_000):
            session.execute(events_t.insert(), event_rows[n : n + 20_000])
    db.close()
    return board.id


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="leantui-reports-bench-") as tmp:
        root = Path(tmp)
        # The in-process reports keep nothing in the user's cache folder.
        os.environ["XDG_CACHE_HOME"] = str(root / "in-process-cache")
        path = root / "big.db"
        started = time.perf_counter()
        board_id = build(path, now)
        built = time.perf_counter() - started
        from leantui.core.hooks import Scope
        from leantui.core.metrics import periods
        from leantui.core.metrics.report import clear_cache, flow_report

        db = bench.in_process_db(path)
        scope = Scope(board_id=board_id)
        today = now.date()
        quarter = periods.Period(today - timedelta(days=90), today)
        year = periods.Period(today - timedelta(days=DAYS), today)
        con = sqlite3.connect(path)
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(json.dumps({"built_s": round(built, 1), "cards": CARDS, "events": events}))

        def floor() -> None:
            rows = con.execute(
                "SELECT at, entity_id, board_id, action, payload, actor FROM events"
                " WHERE entity_type = 'card' AND board_id = ? AND action != 'reorder' ORDER BY id",
                (board_id,),
            )
            for row in rows:
                json.loads(row[4])

        ctx = bench.make_ctx(root)
        records = Path(ctx.env["XDG_CACHE_HOME"]) / "leantui" / "flows"
        floor_script = root / "floor_textual.py"
        floor_script.write_text(bench.FLOOR_TEXTUAL, encoding="utf-8")
        app_script = root / "reports_first.py"
        app_script.write_text(REPORTS_FIRST, encoding="utf-8")
        samples: dict[str, list[float]] = {}

        def add(name: str, value: float) -> None:
            samples.setdefault(name, []).append(value)

        report = flow_report(db, scope, quarter)  # warm-up, and a sanity check
        assert report.done, "no card done in the last quarter"

        def forget() -> None:
            clear_cache()
            shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)

        for _ in range(args.runs):
            add("floor_read_events", timed(floor))
            forget()
            add("metrics_quarter", timed(lambda: flow_report(db, scope, quarter)))
            forget()
            add("metrics_year", timed(lambda: flow_report(db, scope, year)))
            add("metrics_year_kept", timed(lambda: flow_report(db, scope, year)))
            clear_cache()  # in memory: read from disk
            add("metrics_year_from_disk", timed(lambda: flow_report(db, scope, year)))
            pty, ms = bench.first_frame([bench.PYTHON, str(floor_script)], ctx.env, ["FLOOR-READY"])
            pty.stop()
            add("floor_textual", ms)
            for figure in ("reports_first_frame_cold", "reports_first_frame"):
                if figure.endswith("cold"):
                    shutil.rmtree(records, ignore_errors=True)
                else:  # kept by a report of the whole board, as the screen's keeps them
                    keep = [bench.PYTHON, "-c", KEEP_FLOWS, str(path)]
                    subprocess.run(keep, env=ctx.env, check=True)
                    assert any(records.glob("*.flows")), "no flows kept"
                pty, ms = bench.first_frame(
                    [bench.PYTHON, str(app_script), str(path)], ctx.env, ["cards done"]
                )
                pty.stop()
                add(figure, ms)
        db.close()
        con.close()
    floors = {
        "metrics_quarter": "floor_read_events",
        "metrics_year": "floor_read_events",
        "metrics_year_kept": "floor_read_events",
        "metrics_year_from_disk": "floor_read_events",
        "reports_first_frame_cold": "floor_textual",
        "reports_first_frame": "floor_textual",
    }
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        line: dict[str, Any] = {
            "figure": name,
            "median_ms": round(medians[name], 1),
            "min_ms": round(min(values), 1),
            "max_ms": round(max(values), 1),
            "runs": len(values),
        }
        if name in floors:
            line["x_floor"] = round(medians[name] / medians[floors[name]], 2)
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
