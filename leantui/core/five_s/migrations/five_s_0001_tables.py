"""The 5S tables: area settings, audits with their items, red tags.

Revision ID: five_s_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from leantui.core.db.types import JsonDoc

revision: str = "five_s_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("five_s",)
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "five_s_areas",
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), primary_key=True),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=False),
    )
    op.create_table(
        "five_s_audits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=False),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("title", JsonDoc, nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("na_allowed", sa.Boolean(), nullable=False),
        sa.Column("levels", JsonDoc, nullable=False),
        sa.Column("auditor", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN, nullable=True),
        sa.Column("total", sa.Float(), nullable=True),
    )
    op.create_index("ix_five_s_audits_area_started", "five_s_audits", ["area_id", "started_at"])
    op.create_table(
        "five_s_audit_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("five_s_audits.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("s", sa.String(), nullable=False),
        sa.Column("text", JsonDoc, nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("na", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("answered_at", WHEN, nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_five_s_audit_items_audit", "five_s_audit_items", ["audit_id", "position"])
    op.create_index("ix_five_s_audit_items_card_id", "five_s_audit_items", ["card_id"])
    op.create_table(
        "five_s_red_tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("tagged_by", sa.String(), nullable=False),
        sa.Column("tagged_at", WHEN, nullable=False),
        sa.Column("decision_due", sa.Date(), nullable=True),
        sa.Column("disposition", sa.String(), nullable=False),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_five_s_red_tags_area_id", "five_s_red_tags", ["area_id"])


def downgrade() -> None:
    for table in ("five_s_red_tags", "five_s_audit_items", "five_s_audits", "five_s_areas"):
        op.drop_table(table)
