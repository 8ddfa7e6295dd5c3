from leantui.core.db.engine import Database
from leantui.core.kanban import boards


def test_fresh_database_has_no_boards(db: Database) -> None:
    assert boards.list_boards(db) == []
    boards.create_board(db, "Line 1")
    assert [b.name for b in boards.list_boards(db)] == ["Line 1"]
