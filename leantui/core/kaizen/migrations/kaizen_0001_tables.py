"""The kaizen table: suggestions with their workflow state, savings and follow-ups.

Revision ID: kaizen_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "kaizen_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("kaizen",)
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)
MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "kaizen_suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("submitter", sa.String(), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("problem", sa.String(), nullable=False),
        sa.Column("proposal", sa.String(), nullable=False),
        sa.Column("benefit", sa.String(), nullable=False),
        sa.Column("estimated_saving", MONEY, nullable=True),
        sa.Column("actual_saving", MONEY, nullable=True),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("submitted_at", WHEN, nullable=False),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("implement_by", sa.Date(), nullable=True),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_cycle_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_kaizen_suggestions_submitted", "kaizen_suggestions", ["submitted_at"])
    op.create_index(
        "ix_kaizen_suggestions_team_submitted", "kaizen_suggestions", ["team_id", "submitted_at"]
    )
    op.create_index(
        "ix_kaizen_suggestions_status", "kaizen_suggestions", ["status", "submitted_at"]
    )
    op.create_index("ix_kaizen_suggestions_decided", "kaizen_suggestions", ["decided_at"])
    op.create_index("ix_kaizen_suggestions_card_id", "kaizen_suggestions", ["card_id"])


def downgrade() -> None:
    op.drop_table("kaizen_suggestions")
