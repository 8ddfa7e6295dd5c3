"""The board of every kanban event, in the scope columns core_0002 added: from the card
or column when it still exists, else from the event that created it.

Revision ID: kanban_0002
Revises: kanban_0001
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from leantui.core.db.types import JsonDoc

revision: str = "kanban_0002"
down_revision: str | None = "kanban_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

events = sa.table(
    "events",
    sa.column("id", sa.Integer()),
    sa.column("entity_type", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("payload", JsonDoc),
    sa.column("board_id", sa.Integer()),
)


def upgrade() -> None:
    op.execute(
        "UPDATE events SET board_id = entity_id,"
        " team_id = (SELECT team_id FROM boards WHERE boards.id = events.entity_id),"
        " area_id = (SELECT area_id FROM boards WHERE boards.id = events.entity_id)"
        " WHERE entity_type = 'board'"
    )
    op.execute(
        "UPDATE events SET board_id ="
        " (SELECT board_id FROM board_columns WHERE board_columns.id = events.entity_id)"
        " WHERE entity_type = 'column'"
    )
    op.execute(
        "UPDATE events SET board_id ="
        " (SELECT board_id FROM cards WHERE cards.id = events.entity_id)"
        " WHERE entity_type = 'card'"
    )
    # Deleted columns and cards: their create event says where they were.
    conn = op.get_bind()
    column_board: dict[Any, Any] = dict(
        conn.execute(sa.text("SELECT id, board_id FROM board_columns")).all()
    )
    created = conn.execute(
        sa.select(events.c.entity_type, events.c.entity_id, events.c.payload).where(
            events.c.board_id.is_(None),
            events.c.action == "create",
            events.c.entity_type.in_(["column", "card"]),
        )
    ).all()
    for kind, entity_id, payload in created:
        if kind == "column":
            board_id = (payload or {}).get("board_id")
            column_board.setdefault(entity_id, board_id)
    for kind, entity_id, payload in created:
        board_id = (
            (payload or {}).get("board_id")
            if kind == "column"
            else column_board.get((payload or {}).get("column_id"))
        )
        if board_id is not None:
            conn.execute(
                events.update()
                .where(events.c.entity_type == kind, events.c.entity_id == entity_id)
                .values(board_id=board_id)
            )


def downgrade() -> None:
    pass
