"""Kaizen screens benchmark: `python tests/perf/kaizen_tui_bench.py [--runs N] [--keys N]`.

On a database of 20,000 suggestions over five years (ten teams, built by
kaizen_bench.build) plus one board, measured in real pseudo-terminals (bench.py's `Pty`),
with a trivial Textual app's first frame (the floor) measured in the same rounds:

- `kaizen_list_first_frame`: spawn to the first frame of the kaizen list with its newest
  suggestions drawn, leantui started on the kaizen module (the launcher below does what
  `leantui` does — settle the language, build the CLI, load the settings, open the
  database — and starts the app with `start="kaizen"`);
- `kaizen_metrics_first_frame`: the same start, opening the metrics at once: spawn to the
  frame with every team's sparklines drawn (and their legend, which comes with them);
- `kaizen_key_4_list` / `kaizen_key_m_metrics`: in `leantui` itself, the key from the
  board to the drawn list, and from the list to the drawn metrics;
- `kaizen_capture_key`: Ctrl+K (over the board) to the drawn capture form, `--keys`
  presses a run (the form closed with Esc and the app quiet in between), every press a
  sample; `kaizen_capture_key_first` is each run's first press (its imports included);
  `kanban_new_card_key`, the board's own `n` form (the kit's card form, over the same
  board), measured the same way alongside, is what a kit form costs on this machine.

Prints one JSON line per figure: median, min and max in ms over the runs (one warm-up
round is not counted), and `x_floor` for the first frames. Rounds go round-robin over
the figures, so a busy machine slows them all alike. Not part of the test suite."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import (  # noqa: E402 - next to this file, not a package
    LEANTUI,
    PYTHON,
    Ctx,
    first_frame,
    in_process_db,
    key_to_frame,
    textual_frame,
    tui_bench,
)
from kaizen_bench import SUGGESTIONS, build  # noqa: E402

CAPTURE_TITLE = "New kaizen idea"  # the capture form's title (English: LANG=C.UTF-8)
CARD_TITLE = "New card in"  # the board's new-card form
NEWEST = f"Idea {SUGGESTIONS - 1}"  # the top row of the list, newest first
# Drawn with the metrics table's rows (until then the line says they are being read).
METRICS_DRAWN = "Each sparkline"

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


class Bench(LeanApp):
    def on_mount(self) -> None:  # before LeanApp's, which opens the kaizen module
        if sys.argv[2] == "metrics":
            self.call_after_refresh(lambda: self.screen.action_metrics())


Bench(settings, database, start="kaizen").run()
"""


def setup(ctx: Ctx) -> None:
    from leantui.core.kanban import boards

    template = ctx.root / "kaizen.db"
    db = in_process_db(template)
    try:
        started = time.perf_counter()
        made = build(db, datetime.now(UTC))
        boards.create_board(db, "Line", team_id=made["teams"][0])
    finally:
        db.close()
    ctx.state["db"] = template
    (ctx.root / "launch.py").write_text(LAUNCH, encoding="utf-8")
    print(
        json.dumps(
            {
                "setup": "kaizen",
                "suggestions": SUGGESTIONS,
                "seconds": round(time.perf_counter() - started, 1),
            }
        ),
        flush=True,
    )


def launched(ctx: Ctx, view: str) -> dict[str, float]:
    path = ctx.fresh_copy(ctx.state["db"], f"{view}.db")
    marker = NEWEST if view == "list" else METRICS_DRAWN
    argv = [PYTHON, str(ctx.root / "launch.py"), str(path), view]
    pty, ms = first_frame(argv, ctx.env, [marker])
    pty.stop()
    return {f"kaizen_{view}_first_frame": ms}


def list_frame(ctx: Ctx) -> dict[str, float]:
    return launched(ctx, "list")


def metrics_frame(ctx: Ctx) -> dict[str, float]:
    return launched(ctx, "metrics")


def keys(ctx: Ctx, presses: int) -> dict[str, Any]:
    """In `leantui`: Ctrl+K over the board `presses` times, then 4 and m."""
    path = ctx.fresh_copy(ctx.state["db"], "keys.db")
    pty, _ = first_frame([LEANTUI, "--db", str(path)], ctx.env, ["Backlog"])
    try:
        pty.settle(quiet=1.0)  # the board's full load and the garbage settled
        capture, card = [], []
        for _ in range(presses):
            capture.append(key_to_frame(pty, "\x0b", CAPTURE_TITLE, timeout=10))  # Ctrl+K
            pty.send("\x1b")  # Esc: back to the board
            card.append(key_to_frame(pty, "n", CARD_TITLE, timeout=10))
            pty.send("\x1b")
        out: dict[str, Any] = {"kaizen_capture_key": capture, "kanban_new_card_key": card}
        out["kaizen_capture_key_first"] = capture[0]
        out["kaizen_key_4_list"] = key_to_frame(pty, "4", NEWEST, timeout=10)
        out["kaizen_key_m_metrics"] = key_to_frame(pty, "m", METRICS_DRAWN, timeout=10)
        return out
    finally:
        pty.stop()


def main(argv: list[str] | None = None) -> int:
    return tui_bench(
        __doc__,
        "kaizen-tui-bench-",
        setup,
        lambda args: (textual_frame, list_frame, metrics_frame, lambda c: keys(c, args.keys)),
        runs=5,
        keys_help="Ctrl+K presses a run",
        ratio=lambda figure: figure.endswith("_first_frame"),
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
