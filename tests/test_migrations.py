"""Schema upgrades: an old database built from a frozen snapshot (tests/data/schema_v*.sql)
is upgraded in place after a backup, keeps its data, and ends up with exactly the schema of
a fresh database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect

from leantui.core.db import schema
from leantui.core.db.opening import open_database
from leantui.core.errors import DatabaseProblem
from leantui.core.services import boards, cards, events

DATA = Path(__file__).parent / "data"

# Rows typed into a v1 database the way leantui 0.1 wrote them (naive UTC text).
V1_ROWS = """
INSERT INTO areas (id, name, created_at) VALUES (1, '总装车间', '2025-01-06 07:30:00.000000');
INSERT INTO teams (id, name, area_id, created_at)
    VALUES (1, '装配一组', 1, '2025-01-06 07:30:00.000000');
INSERT INTO people (id, name, team_id, role, active) VALUES (1, '王芳', 1, 'lead', 1);
INSERT INTO boards (id, name, team_id, area_id, archived, created_at)
    VALUES (1, 'Line 1', 1, 1, 0, '2025-01-06 07:30:00.000000');
INSERT INTO board_columns (id, board_id, name, kind, position, wip_limit, policy) VALUES
    (1, 1, 'Backlog', 'backlog', 0, NULL, ''),
    (2, 1, 'Doing', 'active', 1, 3, 'Pull when free'),
    (3, 1, 'Done', 'done', 2, NULL, '');
INSERT INTO cards (id, board_id, column_id, position, title, description, owner, tags,
    priority, due, blocked, blocked_reason, blocked_since, source_type, source_id,
    created_at, started_at, completed_at, moved_at, archived_at, version) VALUES
    (1, 1, 1, 0, '更换夹具 fixture', '', '王芳', '5S,safety', 2, '2025-02-01', 0, '', NULL,
     '', NULL, '2025-01-06 08:00:00.000000', NULL, NULL, '2025-01-06 08:00:00.000000',
     NULL, 1),
    (2, 1, 2, 0, 'Label the rack', '', 'Li', '', 0, NULL, 1, 'waiting for labels',
     '2025-01-07 09:00:00.000000', '', NULL, '2025-01-06 08:05:00.000000',
     '2025-01-07 08:00:00.000000', NULL, '2025-01-07 08:00:00.000000', NULL, 3);
INSERT INTO events (id, at, actor, entity_type, entity_id, action, payload) VALUES
    (1, '2025-01-06 07:30:00.000000', 'wang', 'board', 1, 'create', '{"name": "Line 1"}'),
    (2, '2025-01-06 08:00:00.000000', 'wang', 'card', 1, 'create', '{}'),
    (3, '2025-01-06 08:05:00.000000', 'wang', 'card', 2, 'create', '{}'),
    (4, '2025-01-07 08:00:00.000000', 'wang', 'card', 2, 'move', '{"from_id": 1, "to_id": 2}'),
    (5, '2025-01-07 09:00:00.000000', 'wang', 'card', 2, 'block',
     '{"reason": "waiting for labels"}');
"""


def build_v1(path: Path, with_rows: bool = True) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
        if with_rows:
            conn.executescript(f"BEGIN; {V1_ROWS} COMMIT;")
    finally:
        conn.close()


def sqlite_version_of(path: Path) -> tuple[int, int]:
    """(application_id, schema_version) read with plain sqlite3, opened read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("SELECT schema_version FROM leantui_meta").fetchone()[0]
        return app_id, version
    finally:
        conn.close()


def schema_of(path: Path) -> dict[str, Any]:
    """Tables, columns (name, type, nullable, primary key), indexes, unique constraints
    and foreign keys, as SQLAlchemy's inspector sees them."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        insp = inspect(engine)
        out: dict[str, Any] = {}
        for table in sorted(insp.get_table_names()):
            out[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("primary_key"))
                    for c in insp.get_columns(table)
                ],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
                "foreign_keys": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in insp.get_foreign_keys(table)
                ),
            }
        return out
    finally:
        engine.dispose()


def test_snapshot_is_version_1() -> None:
    assert "schema_version, created_at) VALUES (1, 1," in (DATA / "schema_v1.sql").read_text()
    assert set(schema.MIGRATIONS) == set(range(2, schema.SCHEMA_VERSION + 1))


def test_v1_database_is_upgraded_with_backup_and_data_kept(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    build_v1(old)
    assert sqlite_version_of(old) == (schema.APPLICATION_ID, 1)

    db, upgrade = open_database(old)
    try:
        assert upgrade is not None
        assert (upgrade.from_version, upgrade.to_version) == (1, schema.SCHEMA_VERSION)
        assert upgrade.to_version == 2

        # The backup sits beside the file and is the untouched v1 database, data included.
        assert upgrade.backup is not None
        assert upgrade.backup.parent == old.parent
        assert upgrade.backup.exists()
        assert sqlite_version_of(upgrade.backup) == (schema.APPLICATION_ID, 1)
        assert ("ix_cards_column_id", ("column_id",), False) in (
            schema_of(upgrade.backup)["cards"]["indexes"]
        )
        backup_conn = sqlite3.connect(upgrade.backup)
        assert backup_conn.execute("SELECT count(*) FROM cards").fetchone() == (2,)
        backup_conn.close()

        # The data survived and the services read it.
        assert sqlite_version_of(old) == (schema.APPLICATION_ID, schema.SCHEMA_VERSION)
        summaries = boards.list_boards(db)
        assert [(b.name, b.team_id, b.cards) for b in summaries] == [("Line 1", 1, 2)]
        assert [(c.name, c.kind, c.wip_limit) for c in boards.columns(db, 1)] == [
            ("Backlog", "backlog", None),
            ("Doing", "active", 3),
            ("Done", "done", None),
        ]
        rows = cards.board_cards(db, 1)
        assert [(r.id, r.title, r.owner, r.blocked) for r in rows] == [
            (1, "更换夹具 fixture", "王芳", False),
            (2, "Label the rack", "Li", True),
        ]
        labelled = cards.get_card(db, 2)
        assert labelled.blocked_reason == "waiting for labels"
        assert labelled.started_at is not None and labelled.started_at.year == 2025
        assert labelled.version == 3
        assert [e.action for e in events.history(db, "card", 2)] == ["block", "move", "create"]

        # The upgraded file works: a new card goes to the end of its column.
        card = cards.add_card(db, 1, "after the upgrade", column_id=1)
        assert card.position == 1
    finally:
        db.close()

    # Same schema as a database created fresh by this version.
    fresh = tmp_path / "fresh.db"
    fresh_db, fresh_upgrade = open_database(fresh)
    fresh_db.close()
    assert fresh_upgrade is None
    upgraded_schema = schema_of(old)
    assert upgraded_schema == schema_of(fresh)
    assert ("ix_cards_column_position", ("column_id", "position"), False) in (
        upgraded_schema["cards"]["indexes"]
    )

    # A second opening finds nothing to do and writes no second backup.
    again, second = open_database(old)
    again.close()
    assert second is None
    assert sorted(p.name for p in tmp_path.glob("old.db.*.bak")) == [upgrade.backup.name]


def test_every_snapshot_upgrades_to_the_fresh_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    fresh_db, _ = open_database(fresh)
    fresh_db.close()
    snapshots = sorted(DATA.glob("schema_v*.sql"))
    assert snapshots, "keep a schema_v<n>.sql snapshot per released schema version"
    for snapshot in snapshots:
        old = tmp_path / f"{snapshot.stem}.db"
        conn = sqlite3.connect(old)
        conn.executescript(snapshot.read_text(encoding="utf-8"))
        conn.close()
        version = int(snapshot.stem.removeprefix("schema_v"))
        db, upgrade = open_database(old)
        db.close()
        if version == schema.SCHEMA_VERSION:
            assert upgrade is None
        else:
            assert upgrade is not None and upgrade.from_version == version
        assert schema_of(old) == schema_of(fresh), snapshot.name


def test_newer_schema_is_refused_and_file_unchanged(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    build_v1(newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE leantui_meta SET schema_version = ?", (schema.SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    before = newer.read_bytes()

    with pytest.raises(DatabaseProblem) as caught:
        open_database(newer)

    assert caught.value.key == "core.db_too_new"
    assert caught.value.args_["version"] == schema.SCHEMA_VERSION + 1
    assert caught.value.args_["known"] == schema.SCHEMA_VERSION
    assert str(newer) in caught.value.message()
    assert newer.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]
