"""Screenshots of the 5S screens under test, in English and in Chinese at 80x24: the
overview of the demo's areas, an audit half-way, and a result. Drawn by this file run as
a script (a language needs a process of its own), with the helpers of
tests/snapshot_scenes.py, and compared with tests/snapshots/five_s-*.svg.

    LEANTUI_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots_five_s.py   # draw them anew
    python tests/test_snapshots_five_s.py LANGUAGE OUTDIR [SCENE ...]
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from snapshot_scenes import Scene, _demo, shoot  # noqa: E402
from test_snapshots import SNAPSHOTS, UPDATE, VERSIONS, drawn_with  # noqa: E402


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


def main(argv: list[str]) -> None:
    language, out, names = argv[0], Path(argv[1]), set(argv[2:])
    os.environ["TZ"] = "UTC"
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    time.tzset()
    from leantui.core import i18n

    i18n.set_language(language)  # before leantui.tui is imported
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = _demo(folder)
        for index, scene in enumerate(SCENES):
            if names and scene.name not in names:
                continue
            db_file = folder / f"scene{index}.db"
            shutil.copy(demo, db_file)
            svg, text = asyncio.run(shoot(scene, db_file, language))
            (out / f"{scene.name}-{language}.svg").write_text(svg, encoding="utf-8")
            (out / f"{scene.name}-{language}.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_five_s_screens_match_their_snapshots(language: str, tmp_path: Path) -> None:
    if not UPDATE and VERSIONS.read_text(encoding="utf-8") != drawn_with():
        pytest.skip(f"snapshots drawn with {VERSIONS.read_text().strip()}, not {drawn_with()}")
    out = SNAPSHOTS if UPDATE else tmp_path
    run = subprocess.run(
        [sys.executable, __file__, language, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    assert run.returncode == 0, run.stderr
    if UPDATE:
        return
    problems = []
    for scene in SCENES:
        name = f"{scene.name}-{language}"
        made, expected = tmp_path / f"{name}.svg", SNAPSHOTS / f"{name}.svg"
        if not expected.exists():
            problems.append(f"{name}: no snapshot yet (LEANTUI_UPDATE_SNAPSHOTS=1)")
        elif made.read_text(encoding="utf-8") != expected.read_text(encoding="utf-8"):
            now = (tmp_path / f"{name}.txt").read_text(encoding="utf-8")
            problems.append(f"{name} differs; now drawn: {made}\n{now}")
    assert not problems, "\n\n".join(problems)


if __name__ == "__main__":
    main(sys.argv[1:])
