"""The append-only history. Every service change calls `record` inside its own
transaction, so a change and its event are committed together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from leantui.core.actor import current_actor
from leantui.core.db.engine import Database
from leantui.core.db.models import Event

__all__ = ["HistoryEntry", "current_actor", "history", "newest", "record"]


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates and times as ISO text, lists and dicts walked."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    session: Session,
    entity_type: str,
    entity_id: int,
    action: str,
    payload: dict[str, Any] | None = None,
    *,
    board_id: int | None = None,
    team_id: int | None = None,
    area_id: int | None = None,
    actor: str | None = None,
) -> Event:
    event = Event(
        actor=current_actor() if actor is None else actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        payload=_plain(payload or {}),
        board_id=board_id,
        team_id=team_id,
        area_id=area_id,
    )
    session.add(event)
    return event


def newest(session: Session) -> int:
    """The newest event's id (0 before any): every change writes one, so what was read
    at the same id still holds (save for what the clock alone changes)."""
    table = Event.__table__  # type: ignore[attr-defined]
    return int(session.execute(select(func.max(table.c.id))).scalar() or 0)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    actor: str
    action: str
    payload: dict[str, Any]


def history(db: Database, entity_type: str, entity_id: int) -> list[HistoryEntry]:
    """Events of one record, newest first."""
    table = Event.__table__  # type: ignore[attr-defined]
    query = (
        select(table.c.id, table.c.at, table.c.actor, table.c.action, table.c.payload)
        .where(table.c.entity_type == entity_type, table.c.entity_id == entity_id)
        .order_by(col(Event.id).desc())
    )
    with db.read() as session:
        return [HistoryEntry(*row) for row in session.execute(query)]
