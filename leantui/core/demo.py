"""Stub demo: replaced by the real demo workspace."""

from leantui.core.db.engine import Database
from leantui.core.services import boards, cards


def load_demo(db: Database) -> None:
    b = boards.create_board(db, "Demo")
    for i in range(30):
        cards.add_card(db, b.id or 0, f"卡片 card {i}")
