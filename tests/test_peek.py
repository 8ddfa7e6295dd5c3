"""The board's first frame is read with sqlite3 alone (leantui.core.db.peek): it must
show exactly what the services read, and must not import SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from leantui.core.db import peek
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.rows import ColumnRow
from leantui.core.services import boards, cards


def services_view(db: Database, preferred: str, per_column: int) -> peek.FirstLook:
    board_id = boards.default_board_id(db, preferred)
    assert board_id is not None
    columns = [
        ColumnRow(c.id or 0, c.name, c.kind, c.wip_limit, c.policy)
        for c in boards.columns(db, board_id)
    ]
    head = cards.board_head(db, board_id, [c.id for c in columns], per_column)
    return peek.FirstLook(
        db.change_marker(), boards.board_info(db, board_id), columns, head.rows, head.counts
    )


def test_first_look_reads_what_the_services_read(db: Database, db_path: Path) -> None:
    load_demo(db)
    second = boards.list_boards(db)[1].name
    cards.block_card(db, cards.board_cards(db, boards.find_board(db, second).id or 0)[0].id, "x")
    for preferred in ("", second, "no such board"):
        assert peek.first_look(db_path, preferred, 5) == services_view(db, preferred, 5)


def test_first_look_skips_archived_boards_and_sees_none(db: Database, db_path: Path) -> None:
    assert not peek.any_board(db_path)
    assert peek.first_look(db_path, "", 5).board is None
    board = boards.create_board(db, "Line 1")
    boards.set_board_archived(db, board.id or 0, True)
    assert peek.any_board(db_path)
    look = peek.first_look(db_path, "Line 1", 5)
    assert look.board is None and look.marker == db.change_marker()


def test_first_frame_needs_no_sqlalchemy(db: Database, db_path: Path) -> None:
    load_demo(db)
    db.close()
    script = f"""
import sys
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.db.opening import open_database
from leantui.tui.app import LeanApp
from leantui.tui.kanban.board import read_board
db, _ = open_database({str(db_path)!r})
snapshot = read_board(db, None, "", head=True)
assert snapshot.rows and snapshot.board is not None
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
