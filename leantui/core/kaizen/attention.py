"""What in the kaizen log needs a team lead's attention now: suggestions waiting for a
decision longer than the limit (people whose ideas are not heard stop giving them), and
adopted ones not implemented by their date. Both are states, so `since` narrows
nothing: an idea left waiting since last month still needs a decision today."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.hooks import Attention, Scope
from leantui.core.kaizen import rules, suggestions

KINDS = ("decision_overdue", "implementation_late")


def _team_of_board(db: Database, board_id: int) -> int | None:
    from leantui.core.kanban.models import Board

    b = Board.__table__.c  # type: ignore[attr-defined]
    with db.read() as session:
        return session.execute(select(b.team_id).where(b.id == board_id)).scalar()


def exceptions(
    db: Database,
    scope: Scope,
    since: datetime | None,
    overdue_days: int = rules.OVERDUE_DAYS,
) -> list[Attention]:
    team_id = scope.team_id
    if team_id is None and scope.board_id is not None:
        team_id = _team_of_board(db, scope.board_id)
        if team_id is None:  # a board of no team has no suggestions of its own
            return []
    today = clock.today()
    found: list[Attention] = []
    waiting = suggestions.list_suggestions(
        db,
        team_id=team_id,
        area_id=scope.area_id,
        overdue=True,
        overdue_days=overdue_days,
        sort="submitted",
        descending=False,
    )
    for row in waiting:
        found.append(
            Attention(
                "kaizen",
                "decision_overdue",
                suggestions.ENTITY,
                row.id,
                row.title,
                detail=row.proposal,
                since=row.submitted_at,
                team_id=row.team_id,
                order=(0, row.submitted_at, row.id),
                facts={
                    "days": row.waiting_days(today),
                    "limit": overdue_days,
                    "submitter": row.submitter,
                    "status": row.status,
                    "team": row.team,
                },
            )
        )
    adopted = suggestions.list_suggestions(
        db, status="adopted", team_id=team_id, area_id=scope.area_id, sort="id", descending=False
    )
    late = sorted((r for r in adopted if r.late(today)), key=lambda r: (r.implement_by, r.id))
    for row in late:
        found.append(
            Attention(
                "kaizen",
                "implementation_late",
                suggestions.ENTITY,
                row.id,
                row.title,
                detail=row.proposal,
                since=row.decided_at,
                team_id=row.team_id,
                order=(1, row.implement_by, row.id),
                facts={
                    "implement_by": row.implement_by,
                    "days": (today - row.implement_by).days if row.implement_by else 0,
                    "submitter": row.submitter,
                    "card_id": row.card_id,
                    "team": row.team,
                },
            )
        )
    return found
