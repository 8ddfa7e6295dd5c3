"""The PDCA screens under snapshot test (tests/test_snapshots_pdca.py), drawn by the
runner of tests/snapshot_scenes.py (same pinned clock, demo workspace, user and sizes):

    python tests/snapshot_scenes_pdca.py LANGUAGE OUTDIR [SCENE ...]

The demo's first cycle in the list is the one in Check with six measurements."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import snapshot_scenes
from snapshot_scenes import Scene


async def _list(app: Any, pilot: Any) -> None:
    await pilot.press("3")
    for _ in range(200):
        await pilot.pause(0.02)
        if getattr(app.screen, "loaded", False):
            return
    raise RuntimeError("the list of cycles did not load")


async def cycle_list(app: Any, pilot: Any) -> None:
    await _list(app, pilot)


async def cycle(app: Any, pilot: Any) -> None:
    await _list(app, pilot)
    await pilot.press("enter")
    await pilot.pause(0.3)
    app.screen._show_phase()  # once laid out: the Check section at the top
    await pilot.pause()


async def a3(app: Any, pilot: Any) -> None:
    await _list(app, pilot)
    await pilot.press("v")
    for _ in range(100):
        await pilot.pause(0.02)
        if getattr(app.screen, "a3", None) is not None:
            return
    raise RuntimeError("the A3 did not load")


async def form_error(app: Any, pilot: Any) -> None:
    """A new cycle whose goal is its baseline, and Chinese text on several lines: the
    message at the field, everything typed kept."""
    await _list(app, pilot)
    await pilot.press("n")
    form = app.screen
    form.query_one("#f-title").value = "减少包装线换型时间"
    form.query_one("#f-problem").text = "换型平均 45 分钟。\n夜班更长。"
    form.query_one("#f-baseline").value = "45"
    form.query_one("#f-goal").value = "45"
    form.query_one("#f-due").value = "2026-04-30"
    await pilot.press("ctrl+s")


SCENES = [
    Scene("pdca-list", cycle_list),
    Scene("pdca-cycle", cycle),
    Scene("pdca-a3", a3),
    Scene("pdca-form-error", form_error),
    Scene("pdca-a3-160", a3, (160, 48)),
]


if __name__ == "__main__":
    snapshot_scenes.SCENES[:] = SCENES
    snapshot_scenes.main(sys.argv[1:])
