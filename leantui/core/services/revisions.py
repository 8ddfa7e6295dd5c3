"""Per-scope revisions: a counter per scope ("board:12", "boards", "teams" …) bumped in
the same transaction as every change in that scope.

An open screen polls its scope's counter (one primary-key read) and re-reads only when
it moved; a write returns the revision it made, so the screen that wrote knows whether
anyone else wrote in between. Unlike the newest event id, a revision is safe on
PostgreSQL, where ids are handed out in a different order than transactions commit.

On PostgreSQL the bump is also the lock: the upsert holds the scope's row until commit,
so writers of one board take turns, and what they read after the bump (a card's column,
a column's count for the WIP limit, the end of a column) is what the last writer
committed. On SQLite, BEGIN IMMEDIATE already makes every writer take turns.
Services therefore bump first, then read."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from leantui.core.db.engine import Database
from leantui.core.db.models import Revision


def board(board_id: int) -> str:
    return f"board:{board_id}"


BOARDS = "boards"  # the list of boards: names, teams, archive state
TEAMS = "teams"  # teams, areas and people


def bump(session: Session, scope: str) -> int:
    """Count one change in `scope` and return the new revision."""
    statement = _upsert(session.get_bind().dialect.name)
    return int(session.execute(statement, {"scope": scope}).scalar_one())


@cache
def _upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING, built once per dialect (it is on the
    path of every write)."""
    from sqlalchemy import bindparam
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Revision.__table__  # type: ignore[attr-defined]
    return (
        insert(table)
        .values(scope=bindparam("scope"), revision=1)
        .on_conflict_do_update(
            index_elements=[table.c.scope], set_={"revision": table.c.revision + 1}
        )
        .returning(table.c.revision)
    )


def current(db: Database, scopes: Iterable[str]) -> dict[str, int]:
    """The revision of each scope (0 for one that never changed)."""
    wanted = list(scopes)
    with db.read() as session:
        found = dict(
            session.execute(
                select(col(Revision.scope), col(Revision.revision)).where(
                    col(Revision.scope).in_(wanted)
                )
            ).all()
        )
    return {scope: int(found.get(scope, 0)) for scope in wanted}
