"""Stand-up screens benchmark: `python tests/perf/standup_tui_bench.py [--runs N] [--keys N]`.

On the demo workspace (both teams, every module, past stand-ups) plus 10,000 cards on
the first team's board (standup_data.build, shared with the core's timing), measured in
real pseudo-terminals (bench.py's `Pty`, 120x40), with a trivial Textual app's first
frame (the floor) measured in the same rounds:

- `standup_key_to_first_stop`: leantui started on that team's stand-up (the launcher
  below does what `leantui standup --team` does), its safety cross drawn and quiet; then
  Enter, which begins the stand-up (the agenda of every module read and stored, in a
  worker) — to the frame that shows the first stop;
- `standup_begin_in_process`: begin (services.begin, which returns the record the walk
  draws) called in this process on a fresh copy, with no agenda read ahead: what Enter
  costs the core when the lobby's plan no longer holds;
- `standup_begin_planned_in_process`: the same begin given the agenda read ahead
  (services.plan, as the lobby does while it shows): the core's share of Enter;
- `standup_key_to_next_stop`: `n` to the frame showing the next stop, `--keys` presses a
  run (each from a quiet app), every press a sample.

Each run works on a fresh copy of the database (a stand-up begun once is resumed after).
Prints one JSON line per figure: median, min and max in ms over the runs (one warm-up
round is not counted), and `x_floor`. Not part of the test suite."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import (  # noqa: E402 - next to this file, not a package
    PYTHON,
    Ctx,
    first_frame,
    in_process_db,
    key_to_frame,
    textual_frame,
    tui_bench,
)
from standup_data import build  # noqa: E402

LOBBY = "Enter: begin the stand-up"  # the lobby's start line (English: LANG=C.UTF-8)
CARDS = 10_000

LAUNCH = """
import gc
import sys

gc.disable()  # as leantui's main() does until the first frame
from leantui.cli.main import settle_language

settle_language([])
from leantui.cli.opening import open_configured  # as `leantui`: no Typer
from leantui.core import actor
from leantui.core.config import load_settings

settings = load_settings(database=sys.argv[1])
actor.set_actor(settings.user)
database = open_configured(settings, create=False, tell=print)
from leantui.tui.app import LeanApp

LeanApp(settings, database, start="standup", team_id=int(sys.argv[2])).run()
"""


def setup(ctx: Ctx) -> None:
    template = ctx.root / "standup.db"
    started = time.perf_counter()
    made = build(template, CARDS)
    ctx.state["db"], ctx.state["team"] = template, made["team_id"]
    (ctx.root / "launch.py").write_text(LAUNCH, encoding="utf-8")
    print(
        json.dumps(
            {"setup": "standup", "cards": CARDS, "seconds": round(time.perf_counter() - started)}
        ),
        flush=True,
    )


def stop_marker(n: int) -> str:
    return f"stop {n} of "


def walk(ctx: Ctx, presses: int) -> dict[str, Any]:
    path = ctx.fresh_copy(ctx.state["db"], "walk.db")
    argv = [PYTHON, str(ctx.root / "launch.py"), str(path), str(ctx.state["team"])]
    pty, _ = first_frame(argv, ctx.env, [LOBBY])
    try:
        pty.settle(quiet=1.0)
        out: dict[str, Any] = {"standup_key_to_first_stop": key_to_frame(pty, "\r", stop_marker(1))}
        pty.settle(quiet=1.0, limit=30)  # the rest of the agenda listed beside the stop
        out["standup_key_to_next_stop"] = [
            key_to_frame(pty, "n", stop_marker(n + 2)) for n in range(presses)
        ]
        return out
    finally:
        pty.stop()


def begin_in_process(ctx: Ctx) -> dict[str, float]:
    from leantui.core.config import Settings
    from leantui.core.standup import services

    out: dict[str, float] = {}
    for figure in ("standup_begin_in_process", "standup_begin_planned_in_process"):
        db = in_process_db(ctx.fresh_copy(ctx.state["db"], "begin.db"))
        try:
            team, settings = ctx.state["team"], Settings()
            planned = services.plan(db, team, settings) if "planned" in figure else None
            started = time.perf_counter()
            services.begin(db, team, settings=settings, planned=planned)
            out[figure] = (time.perf_counter() - started) * 1000
        finally:
            db.close()
    return out


def main(argv: list[str] | None = None) -> int:
    return tui_bench(
        __doc__,
        "standup-tui-bench-",
        setup,
        lambda args: (textual_frame, lambda c: walk(c, args.keys), begin_in_process),
        runs=7,
        keys_help="n presses a run",
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
