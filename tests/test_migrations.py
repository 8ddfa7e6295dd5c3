"""Schema upgrades with Alembic: an old database built from a frozen snapshot
(tests/data/*schema_v*.sql, from before Alembic) is upgraded in place after a backup,
keeps its data, and ends up with exactly the schema of a fresh database; the revisions
from an empty database give the models' schema; a newer database is refused untouched.
SQLite and PostgreSQL both."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from leantui.core.db import schema
from leantui.core.db.opening import open_database
from leantui.core.db.version import APPLICATION_ID, LEGACY_SENTINEL, schema_heads
from leantui.core.errors import DatabaseProblem
from leantui.core.kanban import boards, cards
from leantui.core.modules import schema_parts
from leantui.core.services import events, revisions

pytestmark = pytest.mark.both_engines

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

# The same history, for a v2 database on either engine (inserted through the reflected
# tables, so that each engine gets its own types).
AT = datetime(2025, 1, 6, 7, 30, tzinfo=UTC)
V2_ROWS: dict[str, list[dict[str, Any]]] = {
    "areas": [{"id": 1, "name": "总装车间", "created_at": AT}],
    "teams": [{"id": 1, "name": "装配一组", "area_id": 1, "created_at": AT}],
    "people": [{"id": 1, "name": "王芳", "team_id": 1, "role": "lead", "active": True}],
    "boards": [
        {"id": 1, "name": "Line 1", "team_id": 1, "area_id": 1, "archived": False, "created_at": AT}
    ],
    "board_columns": [
        {
            "id": i,
            "board_id": 1,
            "name": n,
            "kind": k,
            "position": i - 1,
            "wip_limit": w,
            "policy": "",
        }
        for i, n, k, w in (
            (1, "Backlog", "backlog", None),
            (2, "Doing", "active", 3),
            (3, "Done", "done", None),
        )
    ],
    "cards": [
        {
            "id": 1,
            "board_id": 1,
            "column_id": 1,
            "position": 0,
            "title": "更换夹具 fixture",
            "description": "",
            "owner": "王芳",
            "tags": "5S,safety",
            "priority": 2,
            "due": datetime(2025, 2, 1).date(),
            "blocked": False,
            "blocked_reason": "",
            "blocked_since": None,
            "source_type": "",
            "source_id": None,
            "created_at": AT,
            "started_at": None,
            "completed_at": None,
            "moved_at": AT,
            "archived_at": None,
            "version": 1,
        },
        {
            "id": 2,
            "board_id": 1,
            "column_id": 2,
            "position": 0,
            "title": "Label the rack",
            "description": "",
            "owner": "Li",
            "tags": "",
            "priority": 0,
            "due": None,
            "blocked": True,
            "blocked_reason": "waiting for labels",
            "blocked_since": AT,
            "source_type": "",
            "source_id": None,
            "created_at": AT,
            "started_at": AT,
            "completed_at": None,
            "moved_at": AT,
            "archived_at": None,
            "version": 3,
        },
    ],
    "events": [
        {
            "id": 1,
            "at": AT,
            "actor": "wang",
            "entity_type": "board",
            "entity_id": 1,
            "action": "create",
            "payload": '{"name": "Line 1"}',
        },
        {
            "id": 2,
            "at": AT,
            "actor": "wang",
            "entity_type": "card",
            "entity_id": 2,
            "action": "create",
            "payload": '{"column_id": 1, "column": "Backlog"}',
        },
        {
            "id": 3,
            "at": AT,
            "actor": "wang",
            "entity_type": "card",
            "entity_id": 2,
            "action": "move",
            "payload": '{"from_id": 1, "to_id": 2}',
        },
        {
            "id": 4,
            "at": AT,
            "actor": "wang",
            "entity_type": "card",
            "entity_id": 9,
            "action": "create",
            "payload": '{"column_id": 3, "column": "Done"}',
        },
        {
            "id": 5,
            "at": AT,
            "actor": "wang",
            "entity_type": "card",
            "entity_id": 9,
            "action": "delete",
            "payload": '{"title": "gone"}',
        },
        {
            "id": 6,
            "at": AT,
            "actor": "wang",
            "entity_type": "team",
            "entity_id": 1,
            "action": "create",
            "payload": '{"name": "装配一组"}',
        },
    ],
}


def raw_engine(target: str) -> Engine:
    url = target if "://" in target else f"sqlite:///{target}"
    return create_engine(url, poolclass=NullPool)


def build_v2(target: str, engine: str, with_rows: bool = True) -> None:
    """A database exactly as leantui's schema 2 made it, with a little history."""
    if engine == "sqlite":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target)
        conn.executescript((DATA / "schema_v2.sql").read_text(encoding="utf-8"))
        conn.close()
    raw = raw_engine(target)
    try:
        with raw.begin() as conn:
            if engine == "postgresql":
                conn.exec_driver_sql((DATA / "pg_schema_v2.sql").read_text(encoding="utf-8"))
            if with_rows:
                tables = MetaData()
                tables.reflect(conn)
                for name, rows in V2_ROWS.items():
                    conn.execute(tables.tables[name].insert(), rows)
                if engine == "postgresql":
                    for name in V2_ROWS:
                        conn.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                                f" (SELECT max(id) FROM {name}))"
                            )
                        )
    finally:
        raw.dispose()


def build_v1(path: Path, with_rows: bool = True) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
        if with_rows:
            conn.executescript(f"BEGIN; {V1_ROWS} COMMIT;")
    finally:
        conn.close()


def schema_of(target: str) -> dict[str, Any]:
    """Tables, columns (name, type, nullable), indexes, unique constraints and foreign
    keys, as SQLAlchemy's inspector sees them."""
    engine = raw_engine(target)
    try:
        insp = inspect(engine)
        out: dict[str, Any] = {}
        for table in sorted(insp.get_table_names()):
            out[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
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


def stamped(target: str) -> set[str]:
    engine = raw_engine(target)
    try:
        with engine.connect() as conn:
            return schema.current_revisions(conn)
    finally:
        engine.dispose()


@pytest.fixture
def fresh(new_target: Callable[[str], str]) -> str:
    """A second, freshly created database on the same engine, to compare with."""
    place = new_target("fresh.db")
    created, _ = open_database(place, create=True)
    created.close()
    return place


def test_each_part_is_one_alembic_branch_with_its_spec_head() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        scripts = ScriptDirectory.from_config(schema.alembic_config(conn))
    assert set(scripts.get_heads()) == schema_heads()
    for part in schema_parts():
        walked = list(scripts.iterate_revisions(f"{part.id}@head", "base"))
        assert walked, part.id
        assert walked[0].revision == part.head
        assert part.id in walked[-1].branch_labels  # the branch is named after the part
        folder = part.migrations_dir()
        assert all(Path(script.path).parent == folder for script in walked), part.id


def test_a_fresh_database_is_stamped_with_every_head(db: object, target: str) -> None:
    assert stamped(target) == set(schema_heads())


def test_v2_database_is_upgraded_with_backup_and_data_kept(
    engine: str, target: str, tmp_path: Path, fresh: str
) -> None:
    build_v2(target, engine)
    db, upgrade = open_database(target, create=True)
    try:
        assert upgrade is not None
        assert upgrade.from_version == "2"
        assert set(upgrade.to_version.split(", ")) == set(schema_heads())
        if engine == "sqlite":
            # The backup sits beside the file and is the untouched v2 database.
            assert upgrade.backup is not None and upgrade.backup.parent == tmp_path / "data"
            backup = sqlite3.connect(upgrade.backup)
            assert backup.execute("SELECT schema_version FROM leantui_meta").fetchone() == (2,)
            assert backup.execute("SELECT count(*) FROM cards").fetchone() == (2,)
            backup.close()
        else:
            assert upgrade.backup is None
        assert stamped(target) == set(schema_heads())

        # The data survived and the services read it.
        assert [(b.name, b.team, b.cards) for b in boards.list_boards(db)] == [
            ("Line 1", "装配一组", 2)
        ]
        rows = cards.board_cards(db, 1)
        assert [(r.id, r.title, r.owner, r.blocked) for r in rows] == [
            (1, "更换夹具 fixture", "王芳", False),
            (2, "Label the rack", "Li", True),
        ]
        labelled = cards.get_card(db, 2)
        assert labelled.blocked_reason == "waiting for labels"
        assert labelled.started_at == AT and labelled.version == 3
        # Payloads became JSON; every kanban event found its board, deleted cards too.
        history = events.history(db, "card", 2)
        assert [(e.action, e.payload) for e in history] == [
            ("move", {"from_id": 1, "to_id": 2}),
            ("create", {"column_id": 1, "column": "Backlog"}),
        ]
        with db.read() as session:
            scopes = session.execute(
                text("SELECT id, board_id, team_id, area_id FROM events ORDER BY id")
            ).all()
        assert [tuple(row) for row in scopes] == [
            (1, 1, 1, 1),
            (2, 1, None, None),
            (3, 1, None, None),
            (4, 1, None, None),
            (5, 1, None, None),
            (6, None, 1, 1),
        ]

        # The upgraded database works: a new card goes to the end of its column, and
        # the board's revision counts it.
        change = cards.add_card(db, 1, "after the upgrade", column_id=1)
        assert change.card is not None and change.card.position == 1
        assert revisions.current(db, [revisions.board(1)]) == {"board:1": change.revision}
    finally:
        db.close()

    assert schema_of(target) == schema_of(fresh)
    # A second opening finds nothing to do and writes no second backup.
    again, second = open_database(target, create=True)
    again.close()
    assert second is None
    if engine == "sqlite":
        assert len(list((tmp_path / "data").glob("*.bak"))) == 1


def test_v1_file_is_upgraded_through_v2(engine: str, tmp_path: Path, fresh: str) -> None:
    if engine != "sqlite":
        pytest.skip("schema 1 only ever existed as a SQLite file")
    old = tmp_path / "old.db"
    build_v1(old)
    db, upgrade = open_database(old, create=True)
    try:
        assert upgrade is not None and upgrade.from_version == "1"
        assert [(r.id, r.title) for r in cards.board_cards(db, 1)] == [
            (1, "更换夹具 fixture"),
            (2, "Label the rack"),
        ]
        assert [e.action for e in events.history(db, "card", 2)] == ["block", "move", "create"]
    finally:
        db.close()
    assert schema_of(str(old)) == schema_of(fresh)
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert conn.execute("SELECT schema_version FROM leantui_meta").fetchone() == (LEGACY_SENTINEL,)
    conn.close()


def test_revisions_from_an_empty_database_give_the_models_schema(
    engine: str, target: str, fresh: str
) -> None:
    """Alembic's own check: walking every branch from base leaves nothing to autogenerate,
    and the result is the schema create_all makes."""
    raw = raw_engine(target)
    try:
        with raw.begin() as conn:
            from alembic import command

            config = schema.alembic_config(conn)
            for part in schema_parts():
                command.upgrade(config, f"{part.id}@head")
            diff = compare_metadata(MigrationContext.configure(conn), schema.metadata())
    finally:
        raw.dispose()
    assert diff == []
    # alembic_version included: a new database writes Alembic's table itself.
    assert schema_of(target) == schema_of(fresh)


def test_a_database_from_a_newer_leantui_is_refused_untouched(
    engine: str, target: str, tmp_path: Path
) -> None:
    created, _ = open_database(target, create=True)
    created.close()
    raw = raw_engine(target)
    with raw.begin() as conn:
        conn.execute(
            text(
                "UPDATE alembic_version SET version_num = 'kanban_9999'"
                " WHERE version_num = 'kanban_0002'"
            )
        )
    raw.dispose()
    before = Path(target).read_bytes() if engine == "sqlite" else b""
    with pytest.raises(DatabaseProblem) as caught:
        open_database(target, create=True)
    assert caught.value.key == "core.db_too_new"
    if engine == "sqlite":
        assert Path(target).read_bytes() == before
        assert not list(Path(target).parent.glob("*.bak"))
    assert "kanban_9999" in stamped(target)


def test_a_legacy_number_above_the_known_ones_is_refused(
    engine: str, target: str, tmp_path: Path
) -> None:
    build_v2(target, engine, with_rows=False)
    raw = raw_engine(target)
    with raw.begin() as conn:
        conn.execute(text(f"UPDATE leantui_meta SET schema_version = {LEGACY_SENTINEL + 1}"))
    raw.dispose()
    with pytest.raises(DatabaseProblem) as caught:
        open_database(target, create=True)
    assert caught.value.key == "core.db_too_new"


def test_older_payload_texts_are_stored_as_leantui_stores_them(tmp_path: Path) -> None:
    """core_0004: a payload stored in another form (keys out of order, Chinese escaped
    to ASCII) is rewritten as the same document in canonical form, so that an export
    can take the text as it is; a text that is no JSON is left as it was."""
    path = tmp_path / "data" / "older.db"
    db, _ = open_database(str(path), create=True)
    db.close()
    older = ['{"to": "完成", "from": "\\u5f85\\u529e"}', "not json", '{"a": [1, {"c": 2, "b": 3}]}']
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'core_0003'"
                     " WHERE version_num = 'core_0004'")  # fmt: skip
        for payload in older:
            conn.execute(
                "INSERT INTO events (at, actor, entity_type, entity_id, action, payload)"
                " VALUES ('2026-01-05 09:00:00.000000', 'x', 'card', 1, 'move', ?)",
                (payload,),
            )
    conn.close()
    db, upgrade = open_database(str(path), create=True)
    db.close()
    assert upgrade is not None and "core_0004" in upgrade.to_version
    conn = sqlite3.connect(path)
    stored = [row[0] for row in conn.execute("SELECT payload FROM events ORDER BY id")]
    conn.close()
    assert stored[-3:] == [
        '{"from": "待办", "to": "完成"}',
        "not json",
        '{"a": [1, {"b": 3, "c": 2}]}',
    ]
