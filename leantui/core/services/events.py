"""The append-only history. Every service change calls `record` inside its own
transaction, so a change and its event are committed together or not at all."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Event


def current_actor() -> str:
    try:
        return os.environ.get("LEANTUI_USER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def record(
    session: Session,
    entity_type: str,
    entity_id: int,
    action: str,
    payload: dict[str, Any] | None = None,
    actor: str | None = None,
) -> Event:
    event = Event(
        actor=current_actor() if actor is None else actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        payload=json.dumps(
            {k: _plain(v) for k, v in (payload or {}).items()}, ensure_ascii=False, default=str
        ),
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    actor: str
    action: str
    payload: dict[str, Any]


def history(db: Database, entity_type: str, entity_id: int) -> list[HistoryEntry]:
    """Events of one record, newest first."""
    with db.read() as session:
        rows = session.exec(
            select(Event)
            .where(Event.entity_type == entity_type, Event.entity_id == entity_id)
            .order_by(col(Event.id).desc())
        ).all()
        return [
            HistoryEntry(e.id or 0, e.at, e.actor, e.action, json.loads(e.payload)) for e in rows
        ]
