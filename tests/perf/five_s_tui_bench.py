"""5S TUI benchmark: `python tests/perf/five_s_tui_bench.py [--runs N]`.

Measured in a real pseudo-terminal (tests/perf/bench.py's `Pty`), as a user runs leantui:

- `five_s_key_repaint`: a digit scoring an item in an audit, from the key written to the
  terminal to the frame showing the next item read back (the answer is committed through
  the core service in between); every run scores the 24 first items of a 25-item audit,
  and the figure is the median over all those keys (with the median of each run's
  medians beside it). Target: < 50 ms.
- `five_s_overview_first_frame`: spawn to the first frame of the 5S overview with its
  rows drawn, on 200 areas × 52 weekly audits (tests/perf/five_s_data.py, 77 MB), the
  app started on the 5S module, on a file leantui closed cleanly (as a user's file is on
  every start but the first: bench.known_file). Compared with the trivial Textual app's
  first frame measured in the same rounds (`x_floor`; target ≤ 2.5).
- `five_s_overview_first_frame_new_file`: the same on a fresh copy, which leantui checks
  page by page before the first frame (the first start on a file, or one another
  program changed).
- `five_s_overview_key`: in the running app on the same data, the key `2` (from the
  board) to the overview with its rows drawn.

Rounds go round-robin over the figures (one warm-up round not counted), so a busy
machine slows them all alike. Prints one JSON line per figure: median, min, max in ms.
Not part of the test suite."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
from bench import (  # noqa: E402
    LEANTUI,
    PYTHON,
    Ctx,
    MarkerTimeout,
    bench_parser,
    checked_args,
    first_frame,
    make_ctx,
)

# The app as `leantui` starts it, but opening on the 5S module (the app opens on the
# board otherwise): the same settings, database opening and garbage-collection rule.
START_ON_FIVE_S = """
import gc, sys
gc.disable()
from leantui.core import actor, i18n
from leantui.core.config import load_settings
i18n.set_language("en")
settings = load_settings(database=sys.argv[1])
actor.set_actor(settings.user)
from leantui.cli.common import open_db
database = open_db(settings)
from leantui.tui.app import LeanApp
from leantui.tui.memory import settle_garbage

class OnFiveS(LeanApp):
    def on_mount(self, event) -> None:
        event.prevent_default()  # not LeanApp's: it opens the board
        self.switch_mode("five_s")
        self.call_after_refresh(settle_garbage)

OnFiveS(settings, database).run()
"""

FIRST_AREA = "Area 001"


def _db(path: Path) -> Any:
    return bench.in_process_db(path)


def setup(ctx: Ctx) -> None:
    from five_s_data import build

    from leantui.core.five_s import areas, audits, templates
    from leantui.core.kanban import boards
    from leantui.core.services import workspace

    big = ctx.root / "five_s_big.db"
    build(big)
    db = _db(big)
    try:
        boards.create_board(db, "Bench board")  # the app opens on it, no welcome
    finally:
        db.close()
    ctx.state["big"] = big
    ctx.state["known"] = bench.known_file(ctx, big, "known.db")

    small = ctx.root / "five_s_audit.db"
    db = _db(small)
    try:
        boards.create_board(db, "Bench board")
        area = workspace.create_area(db, "Bench area")
        areas.set_settings(db, area.id, "5s")
        started = audits.start_audit(db, area.id, "bench", "5s")
        items = audits.items_of(db, started.id)
    finally:
        db.close()
    from leantui.core.i18n import set_language

    set_language("en")
    ctx.state["audit"] = small
    ctx.state["items"] = [templates.text_in(item.text, "en")[:24] for item in items]
    script = ctx.root / "on_five_s.py"
    script.write_text(START_ON_FIVE_S, encoding="utf-8")
    ctx.state["script"] = script


def floor(ctx: Ctx) -> dict[str, float]:
    return bench.textual_frame(ctx)


def overview_first_frame(ctx: Ctx) -> dict[str, float]:
    path = ctx.state["known"]
    pty, ms = first_frame([PYTHON, str(ctx.state["script"]), str(path)], ctx.env, [FIRST_AREA])
    try:
        return {"five_s_overview_first_frame": ms, "five_s_overview_peak_rss": pty.peak_rss()}
    finally:
        pty.stop()
        bench.still_known(ctx, path)


def overview_first_frame_new_file(ctx: Ctx) -> dict[str, float]:
    path = ctx.fresh_copy(ctx.state["big"], "big.db")
    pty, ms = first_frame([PYTHON, str(ctx.state["script"]), str(path)], ctx.env, [FIRST_AREA])
    pty.stop()
    return {"five_s_overview_first_frame_new_file": ms}


def overview_key(ctx: Ctx) -> dict[str, float]:
    path = ctx.fresh_copy(ctx.state["big"], "big_key.db")
    pty, _ms = first_frame([LEANTUI, "--db", str(path)], ctx.env, ["Bench board"])
    try:
        pty.settle(quiet=0.5)
        sent = time.perf_counter()
        since = pty.send("2")
        pty.wait_for(FIRST_AREA, since=since, timeout=10)
        return {"five_s_overview_key": (pty.drain() - sent) * 1000}
    finally:
        pty.stop()


def key_repaint(ctx: Ctx) -> dict[str, float]:
    """Open the draft (the overview offers it: y), then score item after item."""
    path = ctx.fresh_copy(ctx.state["audit"], "audit.db")
    texts: list[str] = ctx.state["items"]
    pty, _ms = first_frame([LEANTUI, "--db", str(path)], ctx.env, ["Bench board"])
    times: list[float] = []
    try:
        pty.settle(quiet=0.3)
        pty.wait_for("y Yes", since=pty.send("2"), timeout=10)  # the resume question
        pty.settle(quiet=0.3)
        pty.wait_for(texts[0], since=pty.send("y"), timeout=10)
        for index in range(1, len(texts)):
            pty.settle(quiet=0.15)
            sent = time.perf_counter()
            since = pty.send(str(index % 6))
            pty.wait_for(texts[index], since=since, timeout=5)
            times.append((pty.drain() - sent) * 1000)
    finally:
        pty.stop()
    ctx.state.setdefault("keys", []).extend(times)
    return {"five_s_key_repaint_run_median": statistics.median(times)}


SAMPLES = [floor, overview_first_frame, overview_first_frame_new_file, overview_key, key_repaint]
FLOORS = {
    "five_s_overview_first_frame": "floor_textual_first_frame",
    "five_s_overview_first_frame_new_file": "floor_textual_first_frame",
}


def main(argv: list[str] | None = None) -> int:
    args = checked_args(bench_parser(__doc__, 5), argv)
    root = Path(tempfile.mkdtemp(prefix="leantui-5s-bench-"))
    ctx = make_ctx(root)
    started = time.perf_counter()
    setup(ctx)
    print(json.dumps({"setup_s": round(time.perf_counter() - started, 1)}), flush=True)
    values: dict[str, list[float]] = {}
    for round_ in range(args.runs + 1):
        if round_ == 1:
            ctx.state["keys"] = []  # the warm-up round's keys do not count
        for sample in SAMPLES:
            try:
                found = sample(ctx)
            except (MarkerTimeout, RuntimeError) as exc:
                print(exc, file=sys.stderr)
                print(json.dumps({"sample": sample.__name__, "failed": str(exc).splitlines()[0]}))
                continue
            if round_:
                for figure, value in found.items():
                    values.setdefault(figure, []).append(value)
    if ctx.state.get("keys"):
        values["five_s_key_repaint"] = ctx.state["keys"]
    medians = {figure: statistics.median(runs) for figure, runs in values.items()}
    for figure, runs in values.items():
        line: dict[str, Any] = {
            "figure": figure,
            "unit": "MiB" if figure.endswith("_rss") else "ms",
            "runs": len(runs),
            "median": round(medians[figure], 1),
            "min": round(min(runs), 1),
            "max": round(max(runs), 1),
        }
        if figure in FLOORS and FLOORS[figure] in medians:
            line["x_floor"] = round(medians[figure] / medians[FLOORS[figure]], 2)
        print(json.dumps(line), flush=True)
    if args.keep:
        print(json.dumps({"kept": str(root)}))
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
