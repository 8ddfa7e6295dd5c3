"""Creating and upgrading the schema, with Alembic.

Each schema part (the shared tables, then one per module: leantui/core/modules.py) is an
Alembic branch with its own folder of revisions, labelled with the part's id. Branches
do not name each other: a part may rely on every part registered before it, because
parts are upgraded one after another in registry order. A new database gets every table
from the models at once and is stamped with every head; an older one is upgraded
(after opening.py has copied it).
A file from before Alembic (leantui_meta.schema_version 1 or 2) is first brought to
schema 2 by the one pre-Alembic step, stamped with the baselines, then upgraded.

Alembic is imported only here, and only to upgrade: its import costs about 0.4 s, which a
new or current file never pays. This module is imported when a database is created or
upgraded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    inspect,
    text,
)
from sqlmodel import SQLModel

from leantui.core.clock import now
from leantui.core.db.engine import stamp_application_id
from leantui.core.db.version import APPLICATION_ID, LEGACY_SENTINEL, schema_heads
from leantui.core.modules import schema_parts

if TYPE_CHECKING:
    from alembic.config import Config

    from leantui.core.module_spec import ModuleSpec

# The revisions that describe schema 2, the last one before Alembic.
BASELINES = ("core_0001", "kanban_0001")


def metadata() -> MetaData:
    """Every part's tables."""
    for part in schema_parts():
        part.load(part.models)
    return SQLModel.metadata


def part_tables(part: ModuleSpec) -> set[str]:
    """The tables a schema part's models define."""
    models = part.load(part.models)
    return {
        table.name
        for obj in vars(models).values()
        if isinstance(obj, type)
        and obj.__module__ == models.__name__
        and (table := getattr(obj, "__table__", None)) is not None
    }


def alembic_config(conn: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    # `path_separator` since Alembic 1.16, `version_path_separator` before it.
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_path_separator", "os")
    config.set_main_option(
        "version_locations", os.pathsep.join(str(p.migrations_dir()) for p in schema_parts())
    )
    config.attributes["connection"] = conn
    return config


def create_schema(conn: Connection) -> None:
    """Every table of every part, the stamp and the Alembic heads.

    The database is known to be empty (opening.py checked), so nothing is looked up
    first; and the heads are written as Alembic's `stamp` writes them, without Alembic:
    its stamp runs env.py and every revision file (0.15 s) after its import (0.4 s),
    on a first start that has nothing to migrate."""
    metadata().create_all(conn, checkfirst=False)
    conn.execute(
        SQLModel.metadata.tables["leantui_meta"]
        .insert()
        .values(id=1, schema_version=LEGACY_SENTINEL, created_at=now())
    )
    if conn.dialect.name == "sqlite":
        stamp_application_id(conn, APPLICATION_ID)
    versions = _alembic_version_table()
    versions.create(conn)
    conn.execute(versions.insert(), [{"version_num": head} for head in sorted(schema_heads())])


def _alembic_version_table() -> Table:
    """Alembic's table of the current revisions, as its MigrationContext defines it."""
    return Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )


def current_revisions(conn: Connection) -> set[str]:
    if "alembic_version" not in inspect(conn).get_table_names():
        return set()
    return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def unknown_revisions(conn: Connection, revisions: set[str]) -> list[str]:
    """Revisions in the file that this leantui does not have: a newer leantui wrote it."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    scripts = ScriptDirectory.from_config(alembic_config(conn))
    unknown = []
    for revision in sorted(revisions):
        try:
            scripts.get_revision(revision)
        except CommandError:
            unknown.append(revision)
    return unknown


def needs_upgrade(revisions: set[str]) -> bool:
    return revisions != schema_heads()


def _v2_card_order_index(conn: Connection) -> None:
    """Schema 1 to 2 (before Alembic): one index on cards(column_id, position) for a
    column's order and its end, replacing the index on column_id alone."""
    cards = Table("cards", MetaData(), Column("column_id", Integer), Column("position", Integer))
    Index("ix_cards_column_position", cards.c.column_id, cards.c.position).create(conn)
    Index("ix_cards_column_id", cards.c.column_id).drop(conn)


def upgrade(conn: Connection, legacy: int | None) -> None:
    """Bring an older database to the heads, in the caller's transaction. `legacy` is the
    schema number of a file from before Alembic, None for one Alembic stamped."""
    from alembic import command

    config = alembic_config(conn)
    if legacy is not None:
        if legacy < 2:
            _v2_card_order_index(conn)
        command.stamp(config, list(BASELINES))
    for part in schema_parts():
        command.upgrade(config, f"{part.id}@head")
