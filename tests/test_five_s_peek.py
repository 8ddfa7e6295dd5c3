"""The 5S overview's first frame is read with sqlite3 alone (leantui.core.five_s.peek):
it must show exactly what the services read (areas.overview), and import no SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.five_s import areas, audits, peek
from leantui.core.kanban import cards
from leantui.core.services import revisions, workspace


def test_the_first_overview_reads_what_the_services_read(db: Database, db_path: Path) -> None:
    load_demo(db)
    demo_areas = areas.overview(db)
    # A draft, an archived area, a new area never audited, and an action done.
    audits.start_audit(db, demo_areas[0].area_id, "王芳")
    workspace.set_area_archived(db, demo_areas[1].area_id, True)
    workspace.create_area(db, "Zz never audited")
    done = [a for s in demo_areas for a in audits.open_actions(db, s.area_id)]
    assert done
    card = cards.get_card(db, done[0].card_id)
    cards.set_archived(db, card.id, True)
    for moment in (clock.now(), clock.now() + timedelta(days=30)):
        with clock.pinned(moment):
            rows, revision = peek.overview(db_path)
            assert rows == areas.overview(db)
    assert revision == revisions.current(db, [audits.OVERVIEW])[audits.OVERVIEW] > 0
    assert peek.revision(db_path) == revision
    assert peek.first_overview(db) == (areas.overview(db), revision)
    assert peek.TREND == audits.TREND and peek.SCOPE == audits.OVERVIEW


def test_the_first_overview_of_an_empty_file(db: Database, db_path: Path) -> None:
    assert peek.overview(db_path) == ([], 0)
    assert peek.overview_revision(db) == 0


def test_the_first_overview_needs_no_sqlalchemy(db: Database, db_path: Path) -> None:
    load_demo(db)
    db.close()
    script = f"""
import sys
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.db.opening import open_database
from leantui.tui.app import LeanApp
from leantui.tui.five_s.overview import OverviewScreen
from leantui.core.five_s import peek
db, _ = open_database({str(db_path)!r})
rows, revision = peek.first_overview(db)
assert rows and revision
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
