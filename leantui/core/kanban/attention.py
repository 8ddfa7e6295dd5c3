"""What on the boards needs a team lead's attention now: the kanban stops of a stand-up.
Each board is walked right to left (closest to done first): a column over its WIP limit,
then its blocked, overdue and aging cards, top to bottom.

Read with plain DB-API rows (db/raw.py), and only the cards that can stop: blocked ones
and those in columns where a card can lapse (rules.can_lapse). A board of thousands of
cards is mostly done ones, and converting each row costs more than the query; which of
the cards read do stop is still decided by the rules below, one copy each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from leantui.core import clock
from leantui.core.db import raw
from leantui.core.db.engine import Database
from leantui.core.hooks import Attention, Scope
from leantui.core.kanban import rules

KINDS = ("over_wip", "blocked", "overdue", "aging")


def _boards(reader: raw.Reader, scope: Scope) -> list[tuple[Any, ...]]:
    where: list[str] = ["archived = ?"]
    params: list[object] = [False]
    for column, value in (("id", scope.board_id), ("team_id", scope.team_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if scope.area_id is not None:
        where.append("area_id = ?")
        params.append(scope.area_id)
    sql = "SELECT id, name, team_id FROM boards WHERE " + " AND ".join(where) + " ORDER BY name"
    return list(reader.rows(sql, params))


def exceptions(
    db: Database, scope: Scope, since: datetime | None, stale_days: int = rules.STALE_DAYS
) -> list[Attention]:
    """Every stop in `scope` as things stand now (`since` does not narrow a board's
    state: a card blocked last month still needs attention today)."""
    found: list[Attention] = []
    with raw.reading(db) as reader:
        for board in _boards(reader, scope):
            found.extend(_walk(reader, board, stale_days))
    return found


def _counts(reader: raw.Reader, board_id: int, limited: list[int]) -> dict[int, int]:
    """The live cards of the columns that have a WIP limit."""
    if not limited:
        return {}
    sql = (
        "SELECT column_id, count(*) FROM cards WHERE board_id = ? AND archived_at IS NULL"
        f" AND column_id IN {reader.in_list(limited)} GROUP BY column_id"
    )
    return {int(column): int(n) for column, n in reader.rows(sql, [board_id, *limited])}


def _cards(reader: raw.Reader, board_id: int, lapsing: list[int]) -> dict[int, list[Any]]:
    """The live cards that can stop, by column, top to bottom: the blocked ones
    anywhere, and every card of the columns where a card can lapse."""
    either = f"blocked = ? OR column_id IN {reader.in_list(lapsing)}" if lapsing else "blocked = ?"
    sql = (
        "SELECT id, column_id, title, owner, due, blocked, blocked_reason,"
        f" {reader.timestamp('blocked_since')}, {reader.timestamp('moved_at')}"
        f" FROM cards WHERE board_id = ? AND archived_at IS NULL AND ({either})"
        " ORDER BY position"
    )
    held: dict[int, list[Any]] = {}
    for row in reader.rows(sql, [board_id, True, *lapsing]):
        card_id, column_id, title, owner, due, blocked, reason, blocked_since, moved = row
        if isinstance(due, str):
            due = date.fromisoformat(due)
        card = (
            card_id,
            title,
            owner,
            due,
            bool(blocked),
            reason,
            None if blocked_since is None else reader.moment(blocked_since),
            reader.moment(moved),
        )
        held.setdefault(int(column_id), []).append(card)
    return held


def _walk(reader: raw.Reader, board: tuple[Any, ...], stale_days: int) -> list[Attention]:
    """One board's stops, right to left."""
    board_id, board_name, team_id = board
    at, today = clock.now(), clock.today()
    columns = list(
        reader.rows(
            "SELECT id, name, kind, wip_limit FROM board_columns WHERE board_id = ?"
            " ORDER BY position DESC",
            (board_id,),
        )
    )
    counts = _counts(reader, board_id, [c[0] for c in columns if c[3] is not None])
    held = _cards(reader, board_id, [c[0] for c in columns if rules.can_lapse(c[2])])
    found: list[Attention] = []

    def stop(kind: str, entity: str, entity_id: int, title: str, **rest: Any) -> None:
        found.append(
            Attention(
                "kanban",
                kind,
                entity,
                entity_id,
                title,
                board_id=board_id,
                team_id=team_id,
                order=(board_name, len(found)),
                **rest,
            )
        )

    for column_id, name, kind, limit in columns:
        where = {"board": board_name, "column": name}
        count = counts.get(column_id, 0)
        if rules.over_limit(count, limit):
            facts = {**where, "count": count, "limit": limit}
            stop("over_wip", "column", column_id, name, facts=facts)
        for card_id, title, owner, due, blocked, reason, blocked_since, moved in held.get(
            column_id, []
        ):
            facts = {**where, "owner": owner}
            if blocked:
                stop(
                    "blocked",
                    "card",
                    card_id,
                    title,
                    detail=reason,
                    since=blocked_since,
                    facts=facts,
                )
            if rules.is_overdue(due, kind, today):
                late = {**facts, "due": due, "days": (today - due).days}
                stop("overdue", "card", card_id, title, facts=late)
            if rules.is_stale(moved, kind, at, stale_days):
                days = {**facts, "days": rules.age_days(moved, at)}
                stop("aging", "card", card_id, title, since=moved, facts=days)
    return found
