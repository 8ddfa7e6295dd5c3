"""What on the boards needs a team lead's attention now: the kanban stops of a stand-up.
Each board is walked right to left (closest to done first): a column over its WIP limit,
then its blocked, overdue and aging cards, top to bottom."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.hooks import Attention, Scope
from leantui.core.kanban import rules
from leantui.core.kanban.models import Board, BoardColumn, Card

KINDS = ("over_wip", "blocked", "overdue", "aging")


def _boards(scope: Scope) -> Any:
    b = Board.__table__.c  # type: ignore[attr-defined]
    query = select(b.id, b.name, b.team_id).where(b.archived.is_(False)).order_by(b.name)
    for column, value in ((b.id, scope.board_id), (b.team_id, scope.team_id)):
        if value is not None:
            query = query.where(column == value)
    if scope.area_id is not None:
        query = query.where(b.area_id == scope.area_id)
    return query


def exceptions(
    db: Database, scope: Scope, since: datetime | None, stale_days: int = rules.STALE_DAYS
) -> list[Attention]:
    """Every stop in `scope` as things stand now (`since` does not narrow a board's
    state: a card blocked last month still needs attention today)."""
    found: list[Attention] = []
    with db.read() as session:
        for board in session.execute(_boards(scope)).all():
            found.extend(_walk(session, board, stale_days))
    return found


def _walk(session: Any, board: Any, stale_days: int) -> list[Attention]:
    """One board's stops, right to left."""
    at, today = clock.now(), clock.today()
    k = BoardColumn.__table__.c  # type: ignore[attr-defined]
    c = Card.__table__.c  # type: ignore[attr-defined]
    columns = session.execute(
        select(k.id, k.name, k.kind, k.wip_limit)
        .where(k.board_id == board.id)
        .order_by(k.position.desc())
    ).all()
    held: dict[int, list[Any]] = {}
    cards = select(
        c.id,
        c.column_id,
        c.title,
        c.owner,
        c.due,
        c.blocked,
        c.blocked_reason,
        c.blocked_since,
        c.moved_at,
    ).where(c.board_id == board.id, c.archived_at.is_(None))
    for card in session.execute(cards.order_by(c.position)):
        held.setdefault(card.column_id, []).append(card)
    found: list[Attention] = []

    def stop(kind: str, entity: str, entity_id: int, title: str, **rest: Any) -> None:
        order = (board.name, len(found))
        found.append(
            Attention(
                "kanban",
                kind,
                entity,
                entity_id,
                title,
                board_id=board.id,
                team_id=board.team_id,
                order=order,
                **rest,
            )
        )

    for column in columns:
        inside = held.get(column.id, [])
        where = {"board": board.name, "column": column.name}
        if rules.over_limit(len(inside), column.wip_limit):
            facts = {**where, "count": len(inside), "limit": column.wip_limit}
            stop("over_wip", "column", column.id, column.name, facts=facts)
        for card in inside:
            facts = {**where, "owner": card.owner}
            if card.blocked:
                stop(
                    "blocked",
                    "card",
                    card.id,
                    card.title,
                    detail=card.blocked_reason,
                    since=card.blocked_since,
                    facts=facts,
                )
            if rules.is_overdue(card.due, column.kind, today):
                late = {**facts, "due": card.due, "days": (today - card.due).days}
                stop("overdue", "card", card.id, card.title, facts=late)
            if rules.is_stale(card.moved_at, column.kind, at, stale_days):
                days = {**facts, "days": rules.age_days(card.moved_at, at)}
                stop("aging", "card", card.id, card.title, since=card.moved_at, facts=days)
    return found
