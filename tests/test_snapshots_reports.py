"""Screenshots of the reports screen (tests/snapshot_scenes_reports.py) in English and in
Chinese, compared with tests/snapshots/reports-*.svg the way tests/test_snapshots.py
compares the others (LEANTUI_UPDATE_SNAPSHOTS=1 writes them anew)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots import HERE, compare_scenes


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_reports_match_their_snapshots(language: str, tmp_path: Path) -> None:
    compare_scenes(HERE / "snapshot_scenes_reports.py", language, tmp_path)
