"""Screenshots of the 5S screens under test, in English and in Chinese at 80x24: the
overview of the demo's areas, an audit half-way, and a result. Drawn by this file run as
a script (a language needs a process of its own), with the helpers of
tests/snapshot_scenes.py, and compared with tests/snapshots/five_s-*.svg.

    LEANTUI_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots_five_s.py   # draw them anew
    python tests/test_snapshots_five_s.py LANGUAGE OUTDIR [SCENE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from snapshot_scenes import Scene, main  # noqa: E402
from test_snapshots import compare_scenes  # noqa: E402


async def _overview(app: Any, pilot: Any) -> Any:
    await pilot.press("2")
    for _ in range(200):
        await pilot.pause(0.02)
        screen = app.screen
        if type(screen).__name__ == "OverviewScreen" and screen.rows and not screen._loading:
            return screen
    raise RuntimeError("the 5S overview did not load")


async def overview(app: Any, pilot: Any) -> None:
    await _overview(app, pilot)


async def audit(app: Any, pilot: Any) -> None:
    """An audit of the first area, twelve items answered (one N/A), on the thirteenth."""
    await _overview(app, pilot)
    await pilot.press("n")
    app.screen.query_one("#f-auditor").value = "王芳"
    await pilot.press("ctrl+s")
    for _ in range(100):
        await pilot.pause(0.02)
        if type(app.screen).__name__ == "AuditScreen":
            break
    await pilot.press("4", "3", "x", "2", "5", "1", "4", "3", "3", "4", "3", "2")


async def result(app: Any, pilot: Any) -> None:
    await _overview(app, pilot)
    await pilot.press("o")


SCENES = [
    Scene("five_s-overview", overview),
    Scene("five_s-audit", audit),
    Scene("five_s-result", result),
]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_five_s_screens_match_their_snapshots(language: str, tmp_path: Path) -> None:
    compare_scenes(Path(__file__), language, tmp_path)


if __name__ == "__main__":
    main(sys.argv[1:], SCENES)
