"""What the flow metrics read: the boards of a scope, their columns (live ones from the
table, deleted ones from their events) and every card event of those boards, in one
streamed query (no query per card)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.hooks import Scope
from leantui.core.kanban.models import Board, BoardColumn
from leantui.core.metrics.flow import ColumnInfo, Fact

BATCH = 5000


def boards_of(db: Database, scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the scope's boards: one board, a team's, an area's, or all."""
    b = Board.__table__.c  # type: ignore[attr-defined]
    query = select(b.id, b.name).order_by(b.name)
    if scope.board_id is not None:
        query = query.where(b.id == scope.board_id)
    if scope.team_id is not None:
        query = query.where(b.team_id == scope.team_id)
    if scope.area_id is not None:
        query = query.where(b.area_id == scope.area_id)
    with db.read() as session:
        return [(int(i), str(n)) for i, n in session.execute(query)]


def columns_of(db: Database, board_ids: list[int]) -> dict[int, ColumnInfo]:
    """Every column the boards have or had: deleted ones from their column events (their
    last known name and kind, placed after the live ones)."""
    if not board_ids:
        return {}
    c = BoardColumn.__table__.c  # type: ignore[attr-defined]
    e = Event.__table__.c  # type: ignore[attr-defined]
    found: dict[int, ColumnInfo] = {}
    with db.read() as session:
        for cid, board, name, kind, position in session.execute(
            select(c.id, c.board_id, c.name, c.kind, c.position).where(c.board_id.in_(board_ids))
        ):
            found[int(cid)] = ColumnInfo(int(cid), int(board), str(name), str(kind), int(position))
        gone: dict[int, dict[str, Any]] = {}
        for cid, board, action, payload in session.execute(
            select(e.entity_id, e.board_id, e.action, e.payload)
            .where(e.entity_type == "column", e.board_id.in_(board_ids))
            .order_by(e.id)
        ):
            if cid in found:
                continue
            known = gone.setdefault(int(cid), {"board": int(board), "name": "", "kind": "queue"})
            if action == "create":
                known.update(name=payload.get("name", ""), kind=payload.get("kind", "queue"))
            elif action == "edit":
                for key in ("name", "kind"):
                    if key in payload:
                        known[key] = payload[key][1]
            elif action == "delete":
                known["name"] = payload.get("name", known["name"])
    for n, (cid, known) in enumerate(sorted(gone.items())):
        found[cid] = ColumnInfo(
            cid, known["board"], str(known["name"]), str(known["kind"]), 1000 + n, live=False
        )
    return found


def card_facts(db: Database, board_ids: list[int]) -> Iterator[Fact]:
    """Every card event of the boards that the flow depends on, in the order they were
    written, streamed (reorders within a column change nothing here)."""
    if not board_ids:
        return
    e = Event.__table__.c  # type: ignore[attr-defined]
    query = (
        select(e.at, e.entity_id, e.board_id, e.action, e.payload, e.actor)
        .where(e.entity_type == "card", e.board_id.in_(board_ids), e.action != "reorder")
        .order_by(e.id)
        .execution_options(yield_per=BATCH)
    )
    with db.read() as session:
        for at, card_id, board_id, action, payload, actor in session.execute(query):
            yield Fact(at, card_id, board_id, action, payload or {}, actor or "")


def first_event(db: Database, board_ids: list[int]) -> datetime | None:
    if not board_ids:
        return None
    e = Event.__table__.c  # type: ignore[attr-defined]
    query = select(func.min(e.at)).where(e.entity_type == "card", e.board_id.in_(board_ids))
    with db.read() as session:
        found: datetime | None = session.execute(query).scalar()
    return found
