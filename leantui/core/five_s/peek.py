"""The 5S overview read from a SQLite file through sqlite3 alone.

The overview's first frame is drawn from this, so that it waits neither for SQLAlchemy's
import nor for the ORM (together more than a trivial Textual app's whole start-up): it is
reached only through `first_overview`, which reads the same rows through the services
(areas.overview) on any other database or when the file cannot be read this way.
`tests/test_five_s_peek.py` checks that both agree. Only reads, in one transaction."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from leantui.core import clock
from leantui.core.db import raw
from leantui.core.db.raw import sqlite_reading
from leantui.core.five_s import rules
from leantui.core.five_s.rows import AreaStatus

if TYPE_CHECKING:
    from leantui.core.db.engine import Database

TREND = 8  # audits.TREND: finished audits in a trend (a test keeps them equal)
SCOPE = "five_s"  # audits.OVERVIEW: the revision any 5S change bumps
DEFAULT_TEMPLATE = "5s"  # models.AreaSettings' defaults
DEFAULT_OWNER = ""


def _moment(value: object) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def overview(path: Path) -> tuple[list[AreaStatus], int]:
    """What areas.overview returns, and the module's revision read before it."""
    today = clock.today()
    with sqlite_reading(path) as conn:
        seen = raw.revision(conn, SCOPE)
        areas = conn.execute(
            "SELECT id, name FROM areas WHERE archived = 0 ORDER BY name"
        ).fetchall()
        configured = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT area_id, template, owner, cadence_days FROM five_s_areas"
            )
        }
        totals: dict[int, float | None] = {}
        finished: dict[int, list[tuple[str, int]]] = defaultdict(list)
        drafts: dict[int, int] = {}
        # Not sorted here: sorting every audit costs more than reading them; each area's
        # are put in the services' order below (the stored text sorts as SQLite sorts it).
        for audit_id, area_id, status, finished_at, total in conn.execute(
            "SELECT id, area_id, status, finished_at, total FROM five_s_audits"
        ):
            if status == "finished":
                finished[area_id].append((finished_at, audit_id))
                totals[audit_id] = total
            else:
                drafts[area_id] = max(audit_id, drafts.get(area_id, 0))
        # Corrective actions still open (audits.actions_of: a live card, not done, not
        # archived; an overdue one is open too). `card_id > 0` rather than IS NOT NULL:
        # SQLite then searches the index of linked items instead of reading every item.
        open_by_area = dict(
            conn.execute(
                "SELECT a.area_id, count(*) FROM five_s_audit_items i"
                " JOIN five_s_audits a ON a.id = i.audit_id"
                " JOIN cards c ON c.id = i.card_id"
                " JOIN board_columns k ON k.id = c.column_id"
                " WHERE i.card_id > 0 AND k.kind != 'done' AND c.archived_at IS NULL"
                " GROUP BY a.area_id"
            ).fetchall()
        )
    out = []
    for area_id, name in areas:
        template, owner, cadence = configured.get(
            area_id, (DEFAULT_TEMPLATE, DEFAULT_OWNER, rules.CADENCE_DAYS)
        )
        done = sorted(finished.get(area_id, []))
        last_id = done[-1][1] if done else None
        last_date: date | None = _moment(done[-1][0]).astimezone().date() if done else None
        total = totals.get(last_id) if last_id else None
        out.append(
            AreaStatus(
                area_id=area_id,
                name=name,
                template=template,
                owner=owner,
                cadence_days=cadence,
                last_audit_id=last_id,
                last_date=last_date,
                last_total=total,
                band=rules.band(total),
                days_since=(today - last_date).days if last_date else None,
                trend=[totals.get(audit_id) for _, audit_id in done[-TREND:]],
                open_actions=open_by_area.get(area_id, 0),
                due=rules.is_due(last_date, cadence, today),
                draft_id=drafts.get(area_id),
            )
        )
    return out, seen


def revision(path: Path) -> int:
    with sqlite_reading(path) as conn:
        return raw.revision(conn, SCOPE)


def first_overview(db: Database) -> tuple[list[AreaStatus], int]:
    """The overview and its revision: through sqlite3 on a SQLite file, else (or when
    that fails, or inside a unit of work whose changes only its own connection sees)
    through the services, which say what is wrong in the user's words."""
    if db.path is not None and not db.in_unit_of_work:
        try:
            return overview(db.path)
        except sqlite3.Error:
            pass
    from leantui.core.five_s import areas, audits
    from leantui.core.services import revisions

    found = revisions.current(db, [audits.OVERVIEW]).get(audits.OVERVIEW, 0)
    return areas.overview(db), found


def overview_revision(db: Database) -> int:
    """What the overview polls: one primary-key read."""
    if db.path is not None:
        try:
            return revision(db.path)
        except sqlite3.Error:
            pass
    from leantui.core.five_s import audits
    from leantui.core.services import revisions

    return revisions.current(db, [audits.OVERVIEW]).get(audits.OVERVIEW, 0)
