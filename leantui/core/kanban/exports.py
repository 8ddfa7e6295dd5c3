"""The tables the kanban module can export (for the reports: `leantui export`): boards,
columns, cards and the card history, rows streamed in batches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, or_, select, type_coerce

from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.db.types import CanonicalJSON
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.kanban.models import Board, BoardColumn, Card


def _table(name: str, keys: Sequence[str], db: Database, query: Select[Any]) -> ExportTable:
    from leantui.core.export import stream

    return ExportTable(
        name,
        f"kanban.export_{name}",
        _columns(keys),
        stream.rows(db, query),
        stream.rows(db, query, text=True),
    )


def _columns(keys: Sequence[str]) -> list[ExportColumn]:
    return [ExportColumn(key, f"fields.{key}") for key in keys]


def _board_ids(scope: Scope) -> Select[Any]:
    b = Board.__table__.c  # type: ignore[attr-defined]
    query = select(b.id)
    for column, value in ((b.id, scope.board_id), (b.team_id, scope.team_id)):
        if value is not None:
            query = query.where(column == value)
    if scope.area_id is not None:
        query = query.where(b.area_id == scope.area_id)
    return query


def _in_id_order(db: Database, column: Any) -> Any:
    """The board column as SQLite's planner cannot look up by its index: the table is
    then read in id order, the export's order, where going through the board index
    meant sorting every row in a temporary tree first (half the export's time)."""
    return column + 0 if db.backend == "sqlite" else column


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    b, k, c, e = (
        Board.__table__.c,  # type: ignore[attr-defined]
        BoardColumn.__table__.c,  # type: ignore[attr-defined]
        Card.__table__.c,  # type: ignore[attr-defined]
        Event.__table__.c,  # type: ignore[attr-defined]
    )
    ids = _board_ids(scope)
    card_keys = (
        "id",
        "board",
        "column",
        "title",
        "description",
        "owner",
        "tags",
        "priority",
        "due",
        "blocked",
        "blocked_reason",
        "blocked_since",
        "source_type",
        "source_id",
        "created_at",
        "started_at",
        "completed_at",
        "moved_at",
        "archived_at",
    )
    cards = (
        select(
            c.id,
            b.name,
            k.name,
            c.title,
            c.description,
            c.owner,
            c.tags,
            c.priority,
            c.due,
            c.blocked,
            c.blocked_reason,
            c.blocked_since,
            c.source_type,
            c.source_id,
            c.created_at,
            c.started_at,
            c.completed_at,
            c.moved_at,
            c.archived_at,
        )
        .join(Board.__table__, b.id == c.board_id)  # type: ignore[attr-defined]
        .join(BoardColumn.__table__, k.id == c.column_id)  # type: ignore[attr-defined]
        .where(_in_id_order(db, c.board_id).in_(ids))
        .order_by(c.id)
    )
    history = (
        select(
            e.id,
            e.at,
            e.actor,
            e.board_id,
            e.entity_type,
            e.entity_id,
            e.action,
            type_coerce(e.payload, CanonicalJSON()).label("payload"),
        )
        .where(_in_id_order(db, e.board_id).in_(ids))
        .order_by(e.id)
    )
    # A period keeps the history within it and the cards that lived in it: made before
    # its end and not done before its start.
    if scope.since is not None:
        history = history.where(e.at >= scope.since)
        cards = cards.where(or_(c.completed_at.is_(None), c.completed_at >= scope.since))
    if scope.until is not None:
        history = history.where(e.at < scope.until)
        cards = cards.where(c.created_at < scope.until)
    board_rows = (
        select(b.id, b.name, b.team_id, b.archived, b.created_at)
        .where(b.id.in_(ids))
        .order_by(b.id)
    )
    column_rows = (
        select(k.id, k.board_id, k.name, k.kind, k.position, k.wip_limit, k.policy)
        .where(k.board_id.in_(ids))
        .order_by(k.board_id, k.position)
    )
    return [
        _table("boards", ("id", "name", "team_id", "archived", "created_at"), db, board_rows),
        _table(
            "columns",
            ("id", "board_id", "name", "kind", "position", "wip_limit", "policy"),
            db,
            column_rows,
        ),
        _table("cards", card_keys, db, cards),
        _table(
            "events",
            ("id", "at", "actor", "board_id", "entity_type", "entity_id", "action", "payload"),
            db,
            history,
        ),
    ]
