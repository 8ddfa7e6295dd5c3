"""The stand-up tables: stand-ups, their stops and attendance, escalations, safety days.

Revision ID: standup_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "standup_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("standup",)
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "standups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("led_by", sa.String(), nullable=False),
    )
    op.create_index("ix_standups_team_started", "standups", ["team_id", "started_at"])
    op.create_table(
        "standup_stops",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("standup_id", sa.Integer(), sa.ForeignKey("standups.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("entity_type", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("why", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("board_id", sa.Integer(), nullable=True),
        sa.Column("since", WHEN, nullable=True),
    )
    op.create_index(
        "ix_standup_stops_standup", "standup_stops", ["standup_id", "position"], unique=True
    )
    op.create_table(
        "standup_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("standup_id", sa.Integer(), sa.ForeignKey("standups.id"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
    )
    op.create_index(
        "ix_standup_attendance_standup", "standup_attendance", ["standup_id", "name"], unique=True
    )
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("standup_id", sa.Integer(), sa.ForeignKey("standups.id"), nullable=False),
        sa.Column("stop_id", sa.Integer(), sa.ForeignKey("standup_stops.id"), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("raised_at", WHEN, nullable=False),
        sa.Column("raised_by", sa.String(), nullable=False),
        sa.Column("cleared_at", WHEN, nullable=True),
        sa.Column("cleared_by", sa.String(), nullable=False),
    )
    op.create_index("ix_escalations_team_cleared", "escalations", ["team_id", "cleared_at"])
    op.create_table(
        "safety_days",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_safety_days_team_day", "safety_days", ["team_id", "day"], unique=True)


def downgrade() -> None:
    for name in ("safety_days", "escalations", "standup_attendance", "standup_stops", "standups"):
        op.drop_table(name)
