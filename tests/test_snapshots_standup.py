"""The stand-up screens' snapshots (tests/snapshot_scenes_standup.py): the lobby, a stop
and the summary at 80x24 in English and Chinese, and at 200x50 in Chinese, compared like
every other scene (test_snapshots.py; LEANTUI_UPDATE_SNAPSHOTS=1 draws them anew)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots import HERE, compare_scenes


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_standup_screens_match_their_snapshots(language: str, tmp_path: Path) -> None:
    compare_scenes(HERE / "snapshot_scenes_standup.py", language, tmp_path)
