"""The kaizen screens under snapshot test (tests/test_snapshots_kaizen.py): the list, the
quick-capture form, the metrics table and a suggestion's detail, at 80x24, on the demo
workspace with the clock pinned (snapshot_scenes.py draws them).

    python tests/snapshot_scenes_kaizen.py LANGUAGE OUTDIR [SCENE ...]
"""

from __future__ import annotations

import sys
from typing import Any

from snapshot_scenes import Scene, main


async def _kaizen_list(app: Any, pilot: Any) -> Any:
    """Open the module (4) and wait (bounded) until its list is read and laid out."""
    await pilot.press("4")
    screen = app.screen
    for _ in range(200):
        await pilot.pause(0.02)
        if not screen.reading and screen.rows:
            return screen
    raise RuntimeError("the kaizen list did not load")


async def kaizen_list(app: Any, pilot: Any) -> None:
    await _kaizen_list(app, pilot)


async def kaizen_capture(app: Any, pilot: Any) -> None:
    """Ctrl+K over the board, an idea half typed."""
    from leantui.core.i18n import language

    await pilot.press("ctrl+k")
    form = app.screen
    chinese = language() == "zh_CN"
    title, problem = (
        ("扭矩扳手挂在工位旁", "每次拧紧前要走到工具柜取扳手。")
        if chinese
        else ("Torque wrench at hand", "Walk to the tool cabinet before each bolt.")
    )
    form.query_one("#f-title").value = title
    form.query_one("#f-problem").text = problem
    form.query_one("#f-submitter").focus()
    await pilot.press(*"李")


async def kaizen_metrics(app: Any, pilot: Any) -> None:
    await _kaizen_list(app, pilot)
    await pilot.press("m")
    screen = app.screen
    for _ in range(200):
        await pilot.pause(0.02)
        if not screen.reading:
            return
    raise RuntimeError("the kaizen metrics did not load")


async def kaizen_detail(app: Any, pilot: Any) -> None:
    """The suggestion overdue for a decision longest, with its history."""
    screen = await _kaizen_list(app, pilot)
    await pilot.press("o")
    for _ in range(200):
        await pilot.pause(0.02)
        if not screen.reading and screen.flt.overdue:
            break
    await pilot.press("end", "enter")


SCENES = [
    Scene("kaizen-list", kaizen_list),
    Scene("kaizen-capture", kaizen_capture),
    Scene("kaizen-metrics", kaizen_metrics),
    Scene("kaizen-detail", kaizen_detail),
]


if __name__ == "__main__":
    main(sys.argv[1:], SCENES)
