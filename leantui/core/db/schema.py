"""Schema version, the stamp on new databases, and the numbered migrations.

A new database gets the latest tables from the models at once. An older one is upgraded
in place, one numbered step at a time, each step written so that it works on any
SQLAlchemy backend. Steps never rely on the current models, which keep changing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, Index, Integer, MetaData, Table, text
from sqlmodel import SQLModel

from leantui.core.db import models
from leantui.core.db.engine import stamp_application_id
from leantui.core.db.version import APPLICATION_ID, SCHEMA_VERSION

Step = Callable[[Connection], None]


def _v2_card_order_index(conn: Connection) -> None:
    """Kanban: one index on cards(column_id, position) for a column's order and its end,
    replacing the index on column_id alone (a prefix of the new one)."""
    cards = Table("cards", MetaData(), Column("column_id", Integer), Column("position", Integer))
    Index("ix_cards_column_position", cards.c.column_id, cards.c.position).create(conn)
    Index("ix_cards_column_id", cards.c.column_id).drop(conn)


# MIGRATIONS[n] upgrades a database from version n - 1 to version n.
MIGRATIONS: dict[int, Step] = {2: _v2_card_order_index}


def create_schema(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)
    conn.execute(
        SQLModel.metadata.tables["leantui_meta"]
        .insert()
        .values(id=1, schema_version=SCHEMA_VERSION, created_at=models.now())
    )
    if conn.dialect.name == "sqlite":
        stamp_application_id(conn, APPLICATION_ID)


def read_version(conn: Connection) -> int:
    return int(
        conn.execute(text("SELECT schema_version FROM leantui_meta WHERE id = 1")).scalar_one()
    )


def migrate(conn: Connection, from_version: int) -> None:
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
        conn.execute(
            text("UPDATE leantui_meta SET schema_version = :v WHERE id = 1"), {"v": version}
        )
