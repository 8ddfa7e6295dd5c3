"""The board's first frame is read with sqlite3 alone (leantui.core.kanban.peek, behind
view.load_board): it must show exactly what the services read, archived boards and cards
left out, and must not import SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.kanban import boards, cards, peek, view
from leantui.core.kanban.rows import BoardHead


def services_view(db: Database, preferred: str, per_column: int) -> BoardHead:
    """The same look, through the services (SQLAlchemy)."""
    board_id = boards.default_board_id(db, preferred)
    assert board_id is not None
    columns = boards.columns(db, board_id)
    rows, counts = cards.board_head(db, board_id, [c.id for c in columns], per_column)
    return BoardHead(
        boards.board_info(db, board_id),
        columns,
        rows,
        counts,
        view.board_revision(db, board_id),
    )


def test_first_look_reads_what_the_services_read(db: Database, db_path: Path) -> None:
    load_demo(db)
    second = boards.list_boards(db)[1]
    shown = cards.board_cards(db, second.id)
    cards.block_card(db, shown[0].id, "x")
    # Archived cards and boards are in the file but never on the first frame.
    for row in shown[1:4]:
        cards.set_archived(db, row.id, True)
    hidden = boards.create_board(db, "A hidden board sorts first")
    boards.set_board_archived(db, hidden.id, True)
    for preferred in ("", second.name, "no such board", hidden.name):
        look = peek.first_look(db_path, preferred, 5)
        assert look == services_view(db, preferred, 5)
        assert look.board is not None and look.board.id != hidden.id
    look = peek.first_look(db_path, second.name, 200)
    archived = {row.id for row in shown[1:4]}
    assert look.rows and not archived & {row.id for row in look.rows}
    assert sum(look.counts.values()) == len(shown) - 3


def test_first_look_skips_archived_boards_and_sees_none(db: Database, db_path: Path) -> None:
    assert not peek.any_board(db_path)
    assert peek.first_look(db_path, "", 5).board is None
    board = boards.create_board(db, "Line 1")
    boards.set_board_archived(db, board.id, True)
    assert peek.any_board(db_path)
    assert view.any_board(db)
    look = peek.first_look(db_path, "Line 1", 5)
    assert look.board is None


def test_load_board_uses_the_first_look_only_for_the_head(db: Database) -> None:
    load_demo(db)
    head = view.load_board(db, None, "", head=True)
    whole = view.load_board(db, None, "", head=False)
    assert head.board == whole.board and head.columns == whole.columns
    assert head.revision == whole.revision > 0
    assert head.counts == whole.counts
    assert set(head.rows) <= set(whole.rows)


def test_first_frame_needs_no_sqlalchemy(db: Database, db_path: Path) -> None:
    load_demo(db)
    db.close()
    script = f"""
import sys
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.db.opening import open_database
from leantui.tui.app import LeanApp
from leantui.core.kanban import view
db, _ = open_database({str(db_path)!r}, create=True)
snapshot = view.load_board(db, None, "", head=True)
assert snapshot.rows and snapshot.board is not None
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
