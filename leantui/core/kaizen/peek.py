"""The kaizen list's first frame from a SQLite file, through sqlite3 alone: the newest
suggestions (the list's default order: submitted, newest first), how many there are and
how many wait for a decision past the limit. Reached only through `view.first_page`;
the services read the same everywhere else, and tests/test_kaizen_peek.py checks that
both agree. Only reads, in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from leantui.core.db.raw import revision, sqlite_reading
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import ListHead, SuggestionRow

SCOPE = "kaizen"  # suggestions.SCOPE (that module imports SQLAlchemy)
_SELECT = (
    "SELECT s.id, s.title, s.submitter, s.team_id, coalesce(t.name, ''), s.area_id,"
    " coalesce(a.name, ''), s.category, s.problem, s.proposal, s.benefit,"
    " s.estimated_saving, s.actual_saving, s.currency, s.status, s.reviewer, s.reason,"
    " s.submitted_at, s.decided_at, s.implement_by, s.implemented_on, s.card_id,"
    " s.follow_up_cycle_id, s.version"
    " FROM kaizen_suggestions s LEFT JOIN teams t ON t.id = s.team_id"
    " LEFT JOIN areas a ON a.id = s.area_id"
    " ORDER BY s.submitted_at DESC, s.id DESC LIMIT ?"
)
CENTS = Decimal("0.01")


def _moment(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENTS)


def _row(found: tuple[Any, ...]) -> SuggestionRow:
    values = list(found)
    values[11], values[12] = _money(values[11]), _money(values[12])
    values[17], values[18] = _moment(values[17]), _moment(values[18])
    values[19], values[20] = _day(values[19]), _day(values[20])
    return SuggestionRow(*values)


def first_page(path: Path, limit: int, overdue_days: int, today: date) -> ListHead:
    cutoff = rules.overdue_cutoff(today, overdue_days).astimezone(UTC)
    with sqlite_reading(path) as conn:
        seen = revision(conn, SCOPE)
        rows = [_row(found) for found in conn.execute(_SELECT, (limit,))]
        total = conn.execute("SELECT count(*) FROM kaizen_suggestions").fetchone()[0]
        overdue = conn.execute(
            "SELECT count(*) FROM kaizen_suggestions WHERE status IN (?, ?) AND submitted_at < ?",
            (*rules.WAITING, cutoff.strftime("%Y-%m-%d %H:%M:%S.%f")),
        ).fetchone()[0]
    return ListHead(rows, int(total), int(overdue), seen)
