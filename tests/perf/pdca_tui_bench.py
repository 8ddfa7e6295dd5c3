"""The PDCA list's first frame at scale: `python tests/perf/pdca_tui_bench.py [--runs N]
[--cycles N]`.

Prints one JSON line per figure: the median, min and max of several runs in
milliseconds (one warm-up round is not counted), and `x_floor`, the ratio to the floor.
Each run is a headless app (App.run_test, 80x24) on one database of N cycles (5,000 by
default, with measurements, in every phase and status):

- floor_textual_first_frame: a trivial Textual app, from start to its first frame;
- pdca_list_first_frame: leantui on that database, from pressing 3 (the PDCA module) to
  the list drawn with all its rows (read in a worker, then one refresh);
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
    from leantui.core.db.opening import open_database
    from leantui.core.kanban import boards
    from leantui.core.pdca import checks, cycles, phases

    rng = random.Random(seed)
    db, _ = open_database(path)
    boards.create_board(db, "Line 1")  # else the app greets an empty workspace
    start = date.today() - timedelta(days=200)
    owners = ["王伟", "孙丽", "Ann", "Bob", "李娜", "Chen"]
    with db.write():
        for n in range(count):
            first = start + timedelta(days=rng.randrange(150))
            change = cycles.create_cycle(
                db,
                f"Cycle {n}: 减少换型时间 on line {n % 9}",
                rng.choice(owners),
                first + timedelta(days=rng.randrange(20, 90)),
                start=first,
                metric="changeover",
                unit="min",
                baseline=40,
                goal=25,
            )
            cycle_id = change.view.id
            for _ in range(rng.randrange(4)):
                phases.advance(db, cycle_id, confirm=True)
            if rng.random() < 0.5:
                checks.measure(db, cycle_id, rng.randrange(20, 45), on=first)
            if rng.random() < 0.1:
                phases.abandon(db, cycle_id, "not needed")
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


async def leantui_once(path: Path) -> tuple[float, float]:
    from leantui.core.config import Settings
    from leantui.core.db.opening import open_database
    from leantui.tui.app import LeanApp
    from leantui.tui.pdca.cycle import CycleScreen

    db, _ = open_database(path)
    app = LeanApp(Settings(language="en"), db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        await pilot.press("3")
        while not getattr(app.screen, "loaded", False):
            await asyncio.sleep(0.001)
        await pilot.pause()
        listed = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        await pilot.press("enter")
        while not isinstance(app.screen, CycleScreen):
            await asyncio.sleep(0.001)
        await pilot.pause()
        opened = (time.perf_counter() - began) * 1000
    db.close()
    return listed, opened


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
        floors, lists, opens = [], [], []
        for run in range(args.runs + 1):  # the first round warms up
            floor = asyncio.run(floor_once())
            listed, opened = asyncio.run(leantui_once(path))
            if run:
                floors.append(floor)
                lists.append(listed)
                opens.append(opened)
        base = statistics.median(floors)
        print(json.dumps(figure("floor_textual_first_frame", floors, None)))
        print(json.dumps(figure(f"pdca_list_first_frame_{args.cycles}", lists, base)))
        print(json.dumps(figure(f"pdca_open_cycle_{args.cycles}", opens, base)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
