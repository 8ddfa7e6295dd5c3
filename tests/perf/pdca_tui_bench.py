"""The PDCA list's first frame at scale: `python tests/perf/pdca_tui_bench.py [--runs N]
[--cycles N]`.

Prints one JSON line per figure: the median, min and max of several runs in
milliseconds (one warm-up round is not counted), and `x_floor`, the ratio to the floor.
Each run is a headless app (App.run_test, 80x24) on one database of N cycles (5,000 by
default, with measurements, in every phase and status):

- floor_textual_first_frame: a trivial Textual app, from start to its first frame;
- pdca_list_first_frame: leantui on that database, from pressing 3 (the PDCA module) to
  the list drawn with all its rows (read in a worker, then one refresh);
- pdca_list_all_rows: the same, until every row is in the table (added after the
  first frame, a chunk at a time);
- pdca_open_cycle: Enter on the first row to the cycle's screen drawn.

Not part of the test suite (pytest collects test_*.py only)."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def build(path: Path, count: int, seed: int = 7) -> None:
    """`count` cycles written straight into the tables in one transaction (the services
    take ~0.1 s a cycle with their events, too slow for thousands): every phase and
    status, half of them measured once or more."""
    from datetime import UTC, datetime

    from leantui.core.db.opening import open_database
    from leantui.core.kanban import boards
    from leantui.core.pdca.models import Cycle, Measurement

    rng = random.Random(seed)
    db, _ = open_database(path)
    boards.create_board(db, "Line 1")  # else the app greets an empty workspace
    start = date.today() - timedelta(days=200)
    owners = ["王伟", "孙丽", "Ann", "Bob", "李娜", "Chen"]
    with db.write() as session:
        made = []
        for n in range(count):
            first = start + timedelta(days=rng.randrange(150))
            ended = rng.random() < 0.4
            since = datetime.combine(first, datetime.min.time(), UTC)
            cycle = Cycle(
                title=f"Cycle {n}: 减少换型时间 on line {n % 9}",
                owner=rng.choice(owners),
                start=first,
                due=first + timedelta(days=rng.randrange(20, 90)),
                metric="changeover",
                unit="min",
                baseline=40,
                goal=25,
                direction="lower",
                phase=rng.choice("PDCA"),
                phase_since=since,
                status=rng.choice(("closed", "abandoned")) if ended else "open",
                closed_at=since + timedelta(days=30) if ended else None,
            )
            made.append(cycle)
        session.add_all(made)
        session.flush()
        for cycle in made:
            for day in range(rng.randrange(4)):
                session.add(
                    Measurement(
                        cycle_id=cycle.id or 0,
                        measured_on=cycle.start + timedelta(days=day),
                        value=rng.randrange(20, 45),
                    )
                )
    db.close()


async def floor_once() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("FLOOR-READY 就绪")

    began = time.perf_counter()
    async with Floor().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return (time.perf_counter() - began) * 1000


async def leantui_once(path: Path) -> tuple[float, float, float]:
    from leantui.core.config import Settings
    from leantui.core.db.opening import open_database
    from leantui.tui.app import LeanApp
    from leantui.tui.pdca.cycle import CycleScreen

    db, _ = open_database(path)
    app = LeanApp(Settings(language="en"), db)
    drawn: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        # Pilot.press waits for the app to go idle; the clock must not.
        pressing = asyncio.create_task(pilot.press("3"))
        while not getattr(app.screen, "loaded", False):
            await asyncio.sleep(0.001)
        # The rows are in the table: the next frame shows them.
        app.screen.call_after_refresh(lambda: drawn.setdefault("list", time.perf_counter()))
        while "list" not in drawn:
            await asyncio.sleep(0.001)
        listed = (drawn["list"] - began) * 1000
        table = app.screen.query_one("#pdca-cycles")
        while not table.complete:
            await asyncio.sleep(0.001)
        every = (time.perf_counter() - began) * 1000
        await pressing
        await pilot.pause()
        began = time.perf_counter()
        await pilot.press("enter")
        while not isinstance(app.screen, CycleScreen):
            await asyncio.sleep(0.001)
        await pilot.pause()
        opened = (time.perf_counter() - began) * 1000
    db.close()
    return listed, every, opened


def figure(name: str, values: list[float], floor: float | None) -> dict[str, Any]:
    median = statistics.median(values)
    out: dict[str, Any] = {
        "figure": name,
        "median_ms": round(median, 1),
        "min_ms": round(min(values), 1),
        "max_ms": round(max(values), 1),
        "runs": len(values),
    }
    if floor:
        out["x_floor"] = round(median / floor, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cycles", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pdca.db"
        began = time.perf_counter()
        build(path, args.cycles)
        print(
            json.dumps({"setup_s": round(time.perf_counter() - began, 1), "cycles": args.cycles}),
            file=sys.stderr,
        )
        floors, lists, fulls, opens = [], [], [], []
        for run in range(args.runs + 1):  # the first round warms up
            floor = asyncio.run(floor_once())
            listed, every, opened = asyncio.run(leantui_once(path))
            if run:
                floors.append(floor)
                lists.append(listed)
                fulls.append(every)
                opens.append(opened)
        base = statistics.median(floors)
        print(json.dumps(figure("floor_textual_first_frame", floors, None)))
        print(json.dumps(figure(f"pdca_list_first_frame_{args.cycles}", lists, base)))
        print(json.dumps(figure(f"pdca_list_all_rows_{args.cycles}", fulls, base)))
        print(json.dumps(figure(f"pdca_open_cycle_{args.cycles}", opens, base)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
