"""The kaizen list's first page is read with sqlite3 alone (leantui.core.kaizen.peek,
behind view.first_page): it must show exactly what the services read — every field,
the names joined in, money and dates typed alike, the same order and counts — and must
not import SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.kaizen import peek, view
from leantui.core.kaizen import suggestions as sg
from leantui.core.kaizen.rows import ListHead
from leantui.core.services import revisions, workspace

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def services_page(db: Database, limit: int, days: int) -> ListHead:
    return ListHead(
        sg.list_suggestions(db, limit=limit, overdue_days=days),
        sg.count(db),
        sg.count(db, overdue=True, overdue_days=days),
        revisions.current(db, [sg.SCOPE])[sg.SCOPE],
    )


def test_the_first_page_is_what_the_services_read(db: Database, db_path: Path) -> None:
    with clock.pinned(NOW):
        load_demo(db)
        team = workspace.create_team(db, "Night shift", "Hall 9", ["Ann"]).id
        # The same second as another, no team, every field filled in.
        at = sg.list_suggestions(db, limit=1)[0].submitted_at
        with clock.pinned(at):
            bare = sg.capture(db, "No team", "", "", None, "Nobody").id
        full = sg.capture(
            db,
            "Full",
            "p",
            "q",
            None,
            "Ann",
            team_id=team,
            category="cost",
            benefit="b",
            estimated_saving="1234.5",
        ).id
        sg.decide(db, full, "adopt", "fine", "Boss", implement_by="2026-03-20")
        sg.implement(db, full, "2026-03-10", "99.99")
        for days in (14, 3):
            for limit in (1, 5, 200):
                look = peek.first_page(db_path, limit, days, clock.today())
                assert look == services_page(db, limit, days)
        rows = {row.id: row for row in peek.first_page(db_path, 200, 14, clock.today()).rows}
    assert rows[bare].team == "" and rows[bare].team_id is None
    assert str(rows[full].actual_saving) == "99.99" and rows[full].decided_at is not None
    assert view.first_page(db, 5) == services_page(db, 5, 14)


def test_an_empty_log(db: Database, db_path: Path) -> None:
    assert peek.first_page(db_path, 10, 14, NOW.date()) == ListHead([], 0, 0, 0)


def test_overdue_is_counted_from_the_day_asked(db: Database, db_path: Path) -> None:
    with clock.pinned(NOW - timedelta(days=20)):
        sg.capture(db, "Old", "", "", None, "Ann")
    today = NOW.date()
    assert peek.first_page(db_path, 10, 14, today).overdue == 1
    assert peek.first_page(db_path, 10, 30, today).overdue == 0


def test_first_frame_needs_no_sqlalchemy(db: Database, db_path: Path) -> None:
    load_demo(db)
    db.close()
    script = f"""
import sys
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.db.opening import open_database
from leantui.tui.app import LeanApp
from leantui.tui.kaizen.screen import KaizenScreen
from leantui.core.kaizen import view
db, _ = open_database({str(db_path)!r})
head = view.first_page(db, 50)
assert head.rows and head.total >= len(head.rows)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
