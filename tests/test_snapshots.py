"""Screenshots under test: every scene of tests/snapshot_scenes.py, in English and in
Chinese, compared with the SVG committed under tests/snapshots/ (and its plain-text twin,
whose diff shows a layout change at a glance).

    LEANTUI_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py   # write them anew

then look at the changed ones (rsvg-convert -o x.png x.svg) before committing. An SVG
depends on the exact Textual and Rich that drew it: on other versions (the dependency
floors of .ci/run) the comparison is skipped, saying why."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "snapshots"
VERSIONS = SNAPSHOTS / "VERSIONS"
UPDATE = bool(os.environ.get("LEANTUI_UPDATE_SNAPSHOTS"))


def drawn_with() -> str:
    return f"textual=={version('textual')} rich=={version('rich')}\n"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screens_match_their_snapshots(language: str, tmp_path: Path) -> None:
    compare_scenes(HERE / "snapshot_scenes.py", language, tmp_path)


def compare_scenes(script: Path, language: str, tmp_path: Path) -> None:
    """Draw the scenes of `script` (a runner like snapshot_scenes.py) in `language` and
    compare each with its snapshot; with LEANTUI_UPDATE_SNAPSHOTS, write them anew."""
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        VERSIONS.write_text(drawn_with(), encoding="utf-8")
    elif VERSIONS.read_text(encoding="utf-8") != drawn_with():
        pytest.skip(f"snapshots drawn with {VERSIONS.read_text().strip()}, not {drawn_with()}")
    out = SNAPSHOTS if UPDATE else tmp_path
    run = subprocess.run(
        [sys.executable, str(script), language, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    assert run.returncode == 0, run.stderr
    if UPDATE:
        return
    made = sorted(tmp_path.glob(f"*-{language}.svg"))
    assert made, "no scene was drawn"
    problems = []
    for svg in made:
        expected = SNAPSHOTS / svg.name
        if not expected.exists():
            problems.append(f"{svg.name}: no snapshot yet (LEANTUI_UPDATE_SNAPSHOTS=1)")
            continue
        if svg.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8"):
            continue
        text = svg.with_suffix(".txt")
        diff = difflib.unified_diff(
            expected.with_suffix(".txt").read_text(encoding="utf-8").splitlines(),
            text.read_text(encoding="utf-8").splitlines(),
            "expected",
            "now",
            lineterm="",
        )
        shown = "\n".join(diff) or "(the same text: colours or styles differ)"
        problems.append(f"{svg.name} differs; now drawn: {svg}\n{shown}")
    assert not problems, "\n\n".join(problems)
