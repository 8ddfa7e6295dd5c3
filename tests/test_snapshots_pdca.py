"""Screenshots of the PDCA screens (tests/snapshot_scenes_pdca.py), in English and in
Chinese, compared with the SVGs under tests/snapshots/pdca-* as tests/test_snapshots.py
does for the board:

    LEANTUI_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots_pdca.py   # write them anew"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots import HERE, compare_scenes


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_pdca_screens_match_their_snapshots(language: str, tmp_path: Path) -> None:
    compare_scenes(HERE / "snapshot_scenes_pdca.py", language, tmp_path)
