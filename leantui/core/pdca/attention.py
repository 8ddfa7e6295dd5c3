"""What in PDCA needs a team lead's attention: open cycles overdue or due within 7
days, countermeasure cards blocked or overdue, and cycles in Check without a
measurement for 14 days."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.hooks import Attention, Scope
from leantui.core.pdca import cycles, rules

KINDS = ("overdue", "due_soon", "check_quiet", "card_blocked", "card_overdue")


def exceptions(db: Database, scope: Scope, since: datetime | None) -> list[Attention]:
    """Every stop in `scope` as things stand now (`since` does not narrow them: a cycle
    overdue since last month still needs attention today)."""
    today = clock.today()
    rows = [r for r in cycles.rows_in_scope(db, scope) if r.status == "open"]
    found: list[Attention] = []

    def stop(kind: str, entity: str, entity_id: int, title: str, **rest: Any) -> None:
        found.append(
            Attention(
                "pdca",
                kind,
                entity,
                entity_id,
                title,
                order=(KINDS.index(kind), len(found)),
                **rest,
            )
        )

    for row in rows:
        facts = {"owner": row.owner, "phase": row.phase, "due": row.due, "cycle_id": row.id}
        if row.overdue:
            late = {**facts, "days": (today - row.due).days}
            stop("overdue", cycles.ENTITY, row.id, row.title, team_id=row.team_id, facts=late)
        elif row.due_soon:
            soon = {**facts, "days": (row.due - today).days}
            stop("due_soon", cycles.ENTITY, row.id, row.title, team_id=row.team_id, facts=soon)
        if rules.check_is_quiet(row.phase, row.status, row.phase_since, row.latest_on, today):
            quiet = {**facts, "last_measured": row.latest_on}
            stop(
                "check_quiet",
                cycles.ENTITY,
                row.id,
                row.title,
                since=row.phase_since,
                team_id=row.team_id,
                facts=quiet,
            )
    by_id = {row.id: row for row in rows}
    for action in cycles.countermeasures_of(db, list(by_id)):
        if action.card_id is None or action.state not in ("open", "overdue"):
            continue
        if scope.board_id is not None and action.board_id != scope.board_id:
            continue
        row = by_id[action.cycle_id]
        facts = {
            "cycle_id": row.id,
            "cycle": row.title,
            "board": action.board,
            "column": action.column,
            "owner": action.owner or row.owner,
        }
        where = {"board_id": action.board_id, "team_id": row.team_id}
        if action.blocked:
            stop(
                "card_blocked",
                "card",
                action.card_id,
                action.card_title,
                detail=action.blocked_reason,
                facts=facts,
                **where,
            )
        if action.overdue and action.card_due is not None:
            late = {**facts, "due": action.card_due, "days": (today - action.card_due).days}
            stop("card_overdue", "card", action.card_id, action.card_title, facts=late, **where)
    return sorted(found, key=lambda a: a.order)
