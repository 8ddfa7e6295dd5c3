"""Odd schema versions, stored by hand or by a broken tool, in Alembic's table and in the
number from before Alembic: each is refused with a message naming the database and the
value, nothing is changed and no backup copy is written. A copy is written only when an
upgrade really starts, and never over another. (Issue 7, item 8.) Both engines."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from test_migrations import build_v2, raw_engine
from typer.testing import CliRunner

from leantui.cli.main import build_app, settle_language
from leantui.core.db import files, schema
from leantui.core.db.engine import display_name, to_url
from leantui.core.db.opening import open_database
from leantui.core.errors import DatabaseProblem

pytestmark = pytest.mark.both_engines

runner = CliRunner()


def fresh_db(target: str) -> None:
    db, _ = open_database(target, create=True)
    db.close()


def set_revisions(target: str, revisions: list[str]) -> None:
    raw = raw_engine(target)
    with raw.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        for revision in revisions:
            conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    raw.dispose()


def refused(target: str, engine: str, key: str) -> str:
    """open_database and `leantui info` both refuse, naming the database; a file is
    left byte for byte, with no .bak beside it."""
    folder = Path(target).parent if engine == "sqlite" else None
    before = {p.name: p.read_bytes() for p in folder.iterdir()} if folder else {}
    with pytest.raises(DatabaseProblem) as caught:
        open_database(target, create=True)
    assert caught.value.key == key
    message = caught.value.message()
    assert display_name(to_url(target)) in message
    settle_language(["info"])
    result = runner.invoke(build_app(), ["--db", target, "info"], prog_name="leantui")
    assert result.exit_code == 1
    assert display_name(to_url(target)) in result.stderr
    assert "did not expect" not in result.stderr and "Traceback" not in result.output
    if folder:
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        assert not list(folder.glob("*.bak"))
    return message


@pytest.mark.parametrize(
    "revisions",
    [
        [],  # an empty alembic_version table
        ["abc"],
        [""],
        ["core_0002; DROP TABLE cards", "kanban_0002"],
        ["core_00x2", "kanban_0002"],
        ["core_0000", "kanban_0002"],
        ["core_0001", "core_0002", "kanban_0002"],  # two revisions of one part
        ["core_0002"],  # kanban's tables are there, its revision is not
    ],
)
def test_odd_alembic_revisions(target: str, engine: str, revisions: list[str]) -> None:
    fresh_db(target)
    set_revisions(target, revisions)
    message = refused(target, engine, "core.db_bad_version")
    assert "does not know" in message
    if any(revisions):
        assert any(repr(revision) in message for revision in revisions), message


@pytest.mark.parametrize("revision", ["kanban_9999", "andon_0001"])
def test_a_revision_of_a_newer_leantui(target: str, engine: str, revision: str) -> None:
    fresh_db(target)
    set_revisions(target, ["core_0002", revision])
    assert "newer leantui" in refused(target, engine, "core.db_too_new")


@pytest.mark.parametrize("value", ["-1", "0", "NULL", "'abc'", "2.5"])
def test_odd_numbers_from_before_alembic(target: str, engine: str, value: str) -> None:
    if engine == "postgresql" and value in ("'abc'", "2.5"):
        pytest.skip("an INTEGER column on PostgreSQL holds no text or fraction")
    build_v2(target, engine, with_rows=False)
    raw = raw_engine(target)
    with raw.begin() as conn:
        if value == "NULL":
            conn.execute(text("DELETE FROM leantui_meta"))
        else:
            conn.execute(text(f"UPDATE leantui_meta SET schema_version = {value}"))
    raw.dispose()
    message = refused(target, engine, "core.db_bad_version")
    shown = {"NULL": "—", "'abc'": "'abc'"}.get(value, value)
    assert f"({shown})" in message


# --- the copy before an upgrade ------------------------------------------------------------


@pytest.mark.sqlite_only
def test_an_upgrade_in_the_same_second_keeps_both_copies(
    target: str, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two upgrades within one second (the copy is named by the second): the second
    copy gets a name of its own instead of overwriting the first."""
    monkeypatch.setattr(files, "stamp_now", lambda: "20260101-120000")
    path = Path(target)
    build_v2(target, engine)
    original = path.read_bytes()
    copies = []
    for _ in range(2):
        path.write_bytes(original)
        db, upgrade = open_database(target)
        db.close()
        assert upgrade is not None and upgrade.backup is not None
        copies.append(upgrade.backup)
    assert copies[0] != copies[1]
    assert [c.name for c in copies] == [
        f"{path.name}.20260101-120000.bak",
        f"{path.name}.20260101-120000-2.bak",
    ]
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("SELECT schema_version FROM leantui_meta").fetchone() == (2,)
        conn.close()
    assert sorted(p.name for p in path.parent.glob("*.bak")) == sorted(c.name for c in copies)


@pytest.mark.sqlite_only
def test_a_failed_upgrade_leaves_the_file_and_no_copy(
    target: str, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def full(conn: object, legacy: object) -> None:
        raise OperationalError("ALTER", {}, sqlite3.OperationalError("database or disk is full"))

    path = Path(target)
    build_v2(target, engine)
    before = path.read_bytes()
    monkeypatch.setattr(schema, "upgrade", full)
    with pytest.raises(DatabaseProblem) as caught:
        open_database(target)
    assert caught.value.key == "core.db_disk_full"
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.bak"))
