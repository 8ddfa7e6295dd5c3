"""LibreOffice opens the exports cleanly (tests/perf/export_libreoffice.sh): a CSV read
through `--infilter="CSV:44,34,76,1"` and the XLSX workbook, with the Chinese demo.
Runs where `soffice` is installed (about a minute), and says why it skips elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "perf" / "export_libreoffice.sh"


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed: "
    "apt-get install --no-install-recommends libreoffice-calc-nogui",
)
def test_libreoffice_opens_the_csv_and_the_workbook(tmp_path: Path) -> None:
    leantui = Path(sys.executable).with_name("leantui")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "LEANTUI": str(leantui),
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the XLSX opened" in done.stdout
