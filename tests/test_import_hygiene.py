"""The headless core never imports Textual, the CLI imports it only to open the TUI,
and `leantui --help` does not even load SQLAlchemy. Checked in fresh interpreters,
since this test process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "sqlalchemy", "sqlmodel")

IMPORT_EACH = r"""
import importlib, json, pkgutil, sys
import leantui.core, leantui.cli
found = {}
for package in (leantui.core, leantui.cli):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations" in info.name:  # Alembic's scripts run only under Alembic
            continue
        importlib.import_module(info.name)
        found[info.name] = "textual" in sys.modules
print(json.dumps(found))
"""

RUN_MAIN = r"""
import atexit, json, sys
def report():
    heavy = [m for m in ("textual", "sqlalchemy", "sqlmodel") if m in sys.modules]
    sys.stderr.write("\nLOADED " + json.dumps(heavy) + "\n")
atexit.register(report)
from leantui.cli.main import main
main(sys.argv[1:])
"""


def loaded_after(*args: str) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_MAIN, *args], capture_output=True, text=True, timeout=60
    )
    marker = done.stderr.rsplit("LOADED ", 1)
    assert len(marker) == 2, done.stderr
    return json.loads(marker[1]), done


def test_no_core_or_cli_module_imports_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert "leantui.core.db.engine" in found and "leantui.cli.main" in found
    assert "leantui.core.services.info" in found and "leantui.core.demo" in found
    offenders = [name for name, textual in found.items() if textual]
    assert offenders == [], f"imports Textual: {offenders[0] if offenders else ''}"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--lang", "zh_CN", "--help"],
        ["--version"],
        ["info", "--help"],
        ["card", "add", "--help"],
        ["board"],
    ],
)
def test_help_loads_neither_textual_nor_sqlalchemy(args: list[str]) -> None:
    loaded, done = loaded_after(*args)
    assert "Traceback" not in done.stderr
    assert loaded == [], f"`leantui {' '.join(args)}` imported {loaded}"


@pytest.mark.parametrize(
    "args",
    [
        ["info"],
        ["demo"],
        ["board", "list"],
        ["card", "list", "--board", "nope"],
        ["backup", "{tmp}/copy.db"],
    ],
)
def test_subcommands_never_import_textual(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "leantui.db"
    loaded, done = loaded_after("--db", str(db), *(a.format(tmp=tmp_path) for a in args))
    assert "Traceback" not in done.stderr
    assert "textual" not in loaded


OPEN_APP = r"""
import json, sys
import leantui.tui.app as tui

def run_tui(settings, database):  # the app itself is tested elsewhere: what came before it
    print(json.dumps({"typer": "typer" in sys.modules, "db": database.url,
                      "language": settings.language, "user": settings.user}))
    return 0

tui.run_tui = run_tui
from leantui.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{db}"],
        ["--db={db}", "--lang", "zh_CN"],
        ["--user", "王芳", "--db", "{db}", "--lang=zh_CN"],
    ],
)
def test_opening_the_app_does_not_load_the_command_line_parser(
    tmp_path: Path, args: list[str]
) -> None:
    """Bare `leantui` (root options only) opens the app without Typer: its import and the
    building of every command cost ~0.2 s of each start."""
    db = tmp_path / "leantui.db"
    words = [a.format(db=db) for a in args]
    done = subprocess.run(
        [sys.executable, "-c", OPEN_APP, *words], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["typer"] is False
    assert seen["db"].endswith("leantui.db") and db.exists()
    assert "Created a new database" in done.stderr or "新建数据库" in done.stderr
    assert seen["language"] == ("zh_CN" if "zh_CN" in " ".join(words) else "en")
    assert seen["user"] == ("王芳" if "王芳" in words else seen["user"])


def test_only_root_options_open_the_app_without_typer() -> None:
    from leantui.cli.main import app_options

    assert app_options([]) == {}
    assert app_options(["--db", "x.db", "--lang=zh_CN"]) == {"--db": "x.db", "--lang": "zh_CN"}
    for typer_reads in (
        ["info"],
        ["--help"],
        ["--version"],
        ["--db"],  # no value: Typer says so
        ["--db", "--lang"],
        ["--db", "a", "--db", "b"],
        ["--db", "a", "info"],
        ["-h"],
    ):
        assert app_options(typer_reads) is None, typer_reads
