"""What a database holds: where it is, its schema version and how many rows each shared
table has (`leantui info`, and the demo's "is this database empty?" check)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Area, Board, BoardColumn, Card, Event, Person, Team
from leantui.core.db.opening import display_name
from leantui.core.db.schema import read_version

# Name shown by `leantui info` (and used in its JSON) → table.
COUNTED = {
    "areas": Area,
    "teams": Team,
    "people": Person,
    "boards": Board,
    "columns": BoardColumn,
    "cards": Card,
    "events": Event,
}

# Rows that make a database "hold data"; columns and events only exist beside them.
DATA_TABLES = ("areas", "teams", "people", "boards", "cards")


@dataclass(frozen=True)
class DatabaseInfo:
    location: str  # file path, or the URL without its password
    backend: str  # "sqlite", "postgresql", …
    schema_version: int
    size_bytes: int | None  # of the SQLite file (with its -wal), None for a server
    counts: dict[str, int]  # keys and order of COUNTED


def row_counts(db: Database) -> dict[str, int]:
    """Rows per table of COUNTED, in one query."""
    query = select(
        *(
            select(func.count()).select_from(model).scalar_subquery().label(name)
            for name, model in COUNTED.items()
        )
    )
    with db.read() as session:
        row = session.execute(query).one()
    return {name: int(row[i]) for i, name in enumerate(COUNTED)}


def database_info(db: Database) -> DatabaseInfo:
    with db.read() as session:
        version = read_version(session.connection())
    size = None
    path = db.path
    if path is not None:
        size = sum(
            p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
        )
    return DatabaseInfo(
        location=display_name(db.url),
        backend=db.engine.dialect.name,
        schema_version=version,
        size_bytes=size,
        counts=row_counts(db),
    )
