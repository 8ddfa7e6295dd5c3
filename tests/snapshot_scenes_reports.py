"""The reports screen's scenes for tests/test_snapshots_reports.py, drawn by the runner of
tests/snapshot_scenes.py (same pinned clock, time zone, demo workspace and user).

    python tests/snapshot_scenes_reports.py LANGUAGE OUTDIR [SCENE ...]
"""

from __future__ import annotations

import sys
from typing import Any

import snapshot_scenes  # beside this file: the runner's folder is on sys.path
from snapshot_scenes import Scene


async def _report(app: Any, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def reports(app: Any, pilot: Any) -> None:
    await pilot.press("5")
    await _report(app, pilot)


async def reports_lower(app: Any, pilot: Any) -> None:
    """Scrolled down to the aging cards and the modules' figures."""
    await reports(app, pilot)
    await pilot.press("pagedown", "pagedown")


async def reports_team(app: Any, pilot: Any) -> None:
    """A team's report (its boards together): the bands are column kinds."""
    await reports(app, pilot)
    await pilot.press("b", "down", "down", "down", "enter")
    await _report(app, pilot)


async def scope_list(app: Any, pilot: Any) -> None:
    await reports(app, pilot)
    await pilot.press("b")


async def export_form(app: Any, pilot: Any) -> None:
    """What to export (the folder set: the default is wherever the app was started)."""
    await reports(app, pilot)
    await pilot.press("e")
    await pilot.pause()
    app.screen.query_one("#f-folder").value = "/srv/exports"
    await pilot.pause()


SCENES = [
    Scene("reports", reports),
    Scene("reports-lower", reports_lower),
    Scene("reports-team", reports_team),
    Scene("reports-scopes", scope_list),
    Scene("reports-export", export_form),
    Scene("reports-160", reports, (160, 48)),
]


if __name__ == "__main__":
    snapshot_scenes.SCENES[:] = SCENES
    snapshot_scenes.main(sys.argv[1:])
