"""Events get a JSON payload (JSONB on PostgreSQL) and indexed scope columns (board, team,
area); per-scope revisions replace polling the newest event id; the old schema number
is set to the sentinel that makes a pre-Alembic leantui leave the file alone.

Revision ID: core_0002
Revises: core_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from leantui.core.db.types import JsonDoc
from leantui.core.db.version import LEGACY_SENTINEL

revision: str = "core_0002"
down_revision: str | None = "core_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.alter_column(
            "payload",
            type_=JsonDoc,
            existing_type=sa.String(),
            existing_nullable=False,
            postgresql_using="payload::jsonb",
        )
        batch.add_column(sa.Column("board_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch.create_index("ix_events_board", ["board_id", "at"])
        batch.create_index("ix_events_team", ["team_id", "at"])
        batch.create_index("ix_events_area", ["area_id", "at"])
    op.create_table(
        "revisions",
        sa.Column("scope", sa.String(), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    # Scopes of the shared records' own events; each module fills in its own.
    op.execute("UPDATE events SET area_id = entity_id WHERE entity_type = 'area'")
    op.execute(
        "UPDATE events SET team_id = entity_id,"
        " area_id = (SELECT area_id FROM teams WHERE teams.id = events.entity_id)"
        " WHERE entity_type = 'team'"
    )
    op.execute(f"UPDATE leantui_meta SET schema_version = {LEGACY_SENTINEL}")


def downgrade() -> None:
    op.drop_table("revisions")
    with op.batch_alter_table("events") as batch:
        for name in ("ix_events_area", "ix_events_team", "ix_events_board"):
            batch.drop_index(name)
        for name in ("area_id", "team_id", "board_id"):
            batch.drop_column(name)
        batch.alter_column("payload", type_=sa.String(), existing_type=JsonDoc)
