"""The stand-up's own stops: a team's escalations not cleared yet, shown at the start of
every stand-up of that team until someone clears them. A state, so `since` narrows
nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from leantui.core.db.engine import Database
from leantui.core.hooks import Attention, Scope
from leantui.core.standup.services import open_escalations

KINDS = ("escalation",)


def exceptions(db: Database, scope: Scope, since: datetime | None) -> list[Attention]:
    from leantui.core.standup.models import StandupStop

    team_id = scope.team_id
    if team_id is None and scope.board_id is not None:
        from leantui.core.kanban.models import Board

        b = Board.__table__.c  # type: ignore[attr-defined]
        with db.read() as session:
            team_id = session.execute(select(b.team_id).where(b.id == scope.board_id)).scalar()
        if team_id is None:
            return []
    found = open_escalations(db, team_id)
    st = StandupStop.__table__.c  # type: ignore[attr-defined]
    with db.read() as session:
        query = select(st.id, st.card_id, st.board_id).where(st.id.in_([e.stop_id for e in found]))
        where = {row.id: row for row in session.execute(query)} if found else {}
    return [
        Attention(
            "standup",
            "escalation",
            "escalation",
            e.id,
            e.stop_title,
            detail=e.note,
            since=e.raised_at,
            board_id=where[e.stop_id].board_id,
            team_id=e.team_id,
            order=(e.raised_at, e.id),
            facts={
                "card_id": where[e.stop_id].card_id,
                "raised_by": e.raised_by,
                "standup_id": e.standup_id,
                "stop_id": e.stop_id,
            },
        )
        for e in found
    ]
