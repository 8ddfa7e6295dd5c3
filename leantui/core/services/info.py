"""What a database holds: where it is, its schema revisions and how many rows each
module's tables have (`leantui info`, and the demo's "is this database empty?" check)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, table

from leantui.core.db.engine import Database, display_name
from leantui.core.modules import schema_parts

# Tables whose rows make a database "hold data"; columns and events only exist beside
# them, and a module's records always hang off a team or a board.
DATA_TABLES = ("areas", "teams", "people", "boards", "cards")


@dataclass(frozen=True)
class DatabaseInfo:
    location: str  # file path, or the URL without its password
    backend: str  # "sqlite", "postgresql", …
    revisions: list[str]  # the Alembic revision of each schema part
    size_bytes: int | None  # of the SQLite file (with its -wal), None for a server
    counts: dict[str, int]  # table → rows, every module's counted tables
    labels: dict[str, str]  # table → translation key of its label


def counted_tables() -> dict[str, str]:
    """Every counted table → the translation key of its label, shared tables first."""
    return {name: f"{part.id}.count_{name}" for part in schema_parts() for name in part.counts}


def row_counts(db: Database) -> dict[str, int]:
    """Rows per counted table, in one query."""
    names = list(counted_tables())
    query = select(
        *(select(func.count()).select_from(table(name)).scalar_subquery() for name in names)
    )
    with db.read() as session:
        row = session.execute(query).one()
    return {name: int(row[i]) for i, name in enumerate(names)}


def database_info(db: Database) -> DatabaseInfo:
    from leantui.core.db import schema

    with db.read() as session:
        revisions = schema.current_revisions(session.connection())
    size = None
    path = db.path
    if path is not None:
        size = sum(
            p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()
        )
    return DatabaseInfo(
        location=display_name(db.url),
        backend=db.backend,
        revisions=sorted(revisions),
        size_bytes=size,
        counts=row_counts(db),
        labels=counted_tables(),
    )
