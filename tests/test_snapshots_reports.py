"""Screenshots of the reports screen (tests/snapshot_scenes_reports.py) in English and in
Chinese, compared with tests/snapshots/reports-*.svg the way tests/test_snapshots.py
compares the others (LEANTUI_UPDATE_SNAPSHOTS=1 writes them anew)."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_snapshots import HERE, SNAPSHOTS, UPDATE, VERSIONS, drawn_with


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_reports_match_their_snapshots(language: str, tmp_path: Path) -> None:
    if not UPDATE and VERSIONS.read_text(encoding="utf-8") != drawn_with():
        pytest.skip(f"snapshots drawn with {VERSIONS.read_text().strip()}, not {drawn_with()}")
    out = SNAPSHOTS if UPDATE else tmp_path
    run = subprocess.run(
        [sys.executable, str(HERE / "snapshot_scenes_reports.py"), language, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    assert run.returncode == 0, run.stderr
    if UPDATE:
        return
    made = sorted(tmp_path.glob(f"reports*-{language}.svg"))
    assert made, "no scene was drawn"
    problems = []
    for svg in made:
        expected = SNAPSHOTS / svg.name
        if not expected.exists():
            problems.append(f"{svg.name}: no snapshot yet (LEANTUI_UPDATE_SNAPSHOTS=1)")
            continue
        if svg.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8"):
            continue
        diff = difflib.unified_diff(
            expected.with_suffix(".txt").read_text(encoding="utf-8").splitlines(),
            svg.with_suffix(".txt").read_text(encoding="utf-8").splitlines(),
            "expected",
            "now",
            lineterm="",
        )
        shown = "\n".join(diff) or "(the same text: colours or styles differ)"
        problems.append(f"{svg.name} differs; now drawn: {svg}\n{shown}")
    assert not problems, "\n\n".join(problems)
