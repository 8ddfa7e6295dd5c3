"""The stand-up screens under snapshot test (tests/test_snapshots_standup.py): the lobby
with the safety cross, a stop and the summary, at 80x24 and (Chinese) at 200x50, on the
demo workspace with the clock pinned (snapshot_scenes.py draws them).

    python tests/snapshot_scenes_standup.py LANGUAGE OUTDIR [SCENE ...]
"""

from __future__ import annotations

import sys
from typing import Any

from snapshot_scenes import Scene, main

BIG = (200, 50)


async def _until(pilot: Any, condition: Any) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if condition():
            return
    raise RuntimeError("the stand-up did not load")


async def lobby(app: Any, pilot: Any) -> None:
    """Key 6 from the board: the team of the newest stand-up, its safety cross."""
    await pilot.press("6")
    screen = app.screen
    await _until(pilot, lambda: screen.lobby is not None and not screen.reading)


async def _walk(app: Any, pilot: Any) -> Any:
    await lobby(app, pilot)
    await pilot.press("enter")
    await _until(pilot, lambda: type(app.screen).__name__ == "WalkScreen")
    return app.screen


async def stop(app: Any, pilot: Any) -> None:
    """The first stop after the open escalation, with an action card made at it."""
    from leantui.core.i18n import language

    walk = await _walk(app, pilot)
    await pilot.press("d")
    await pilot.press("a")
    form = app.screen
    chinese = language() == "zh_CN"
    form.query_one("#f-title").value = "联系设备部排期" if chinese else "Book the repair"
    form.query_one("#f-owner").value = "周杰"
    form.query_one("#f-due").value = "2026-03-12"
    await pilot.press("enter")
    await _until(pilot, lambda: app.screen is walk)


async def summary(app: Any, pilot: Any) -> None:
    """Two stops discussed, one escalated, then the summary with one absentee."""
    await _walk(app, pilot)
    await pilot.press("d", "e", *"Need a second shift", "enter", "d", "f")
    await pilot.press("down", "space")


SCENES = [
    Scene("standup-lobby", lobby),
    Scene("standup-stop", stop),
    Scene("standup-summary", summary),
    Scene("standup-stop-200", stop, BIG),
    Scene("standup-summary-200", summary, BIG),
]


if __name__ == "__main__":
    # English at 80x24 only: the big screens are for the room, in Chinese first.
    english = sys.argv[1:2] == ["en"]
    main(sys.argv[1:], [s for s in SCENES if not (english and s.size == BIG)])
