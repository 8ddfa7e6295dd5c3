"""Cards done per ISO week, from the history (for the workbook's summary chart): a
card counts once, in the week of its last move into a done column, and not at all when
it was moved out of done again since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from leantui.core.db.engine import Database
from leantui.core.db.models import Event
from leantui.core.hooks import Scope
from leantui.core.kanban.models import Board, BoardColumn

BATCH = 5000


def weekly(db: Database, scope: Scope) -> list[tuple[str, int]]:
    """[("2026-W05", 7), …] in week order; weeks without a done card are left out."""
    b, k = Board.__table__.c, BoardColumn.__table__.c  # type: ignore[attr-defined]
    e = Event.__table__.c  # type: ignore[attr-defined]
    boards = select(b.id)
    for column, value in (
        (b.id, scope.board_id),
        (b.team_id, scope.team_id),
        (b.area_id, scope.area_id),
    ):
        if value is not None:
            boards = boards.where(column == value)
    query = (
        select(e.entity_id, e.at, e.payload)
        .where(e.board_id.in_(boards), e.entity_type == "card", e.action == "move")
        .order_by(e.id)
    )
    done_at: dict[int, datetime | None] = {}
    with db.read() as session:
        done = {row[0] for row in session.execute(select(k.id).where(k.kind == "done"))}
        for card_id, at, payload in session.execute(query.execution_options(yield_per=BATCH)):
            facts = payload if isinstance(payload, dict) else {}
            if facts.get("to_id") in done:
                done_at[card_id] = at
            elif facts.get("from_id") in done:
                done_at[card_id] = None
    counts: dict[str, int] = {}
    for at in done_at.values():
        if at is None:
            continue
        if scope.since is not None and at < scope.since:
            continue
        if scope.until is not None and at >= scope.until:
            continue
        year, week, _ = at.astimezone().isocalendar()
        key = f"{year}-W{week:02d}"
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items())
