"""The PDCA tables: cycles, whys, countermeasures, measurements.

Revision ID: pdca_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pdca_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("pdca",)
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pdca_cycles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("problem", sa.String(), nullable=False),
        sa.Column("metric", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("goal", sa.Float(), nullable=True),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=True),
        sa.Column("area_id", sa.Integer(), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("phase_since", WHEN, nullable=False),
        sa.Column("current_state", sa.String(), nullable=False),
        sa.Column("root_cause", sa.String(), nullable=False),
        sa.Column("standard", sa.String(), nullable=False),
        sa.Column("standard_where", sa.String(), nullable=False),
        sa.Column("abandon_reason", sa.String(), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("pdca_cycles.id"), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_pdca_cycles_status_due", "pdca_cycles", ["status", "due"])
    op.create_index("ix_pdca_cycles_team_id", "pdca_cycles", ["team_id"])
    op.create_index("ix_pdca_cycles_area_id", "pdca_cycles", ["area_id"])
    op.create_index("ix_pdca_cycles_parent_id", "pdca_cycles", ["parent_id"])
    op.create_table(
        "pdca_whys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cycle_id", sa.Integer(), sa.ForeignKey("pdca_cycles.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("why", sa.String(), nullable=False),
        sa.Column("because", sa.String(), nullable=False),
    )
    op.create_index("ix_pdca_whys_cycle", "pdca_whys", ["cycle_id", "position"], unique=True)
    op.create_table(
        "pdca_countermeasures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cycle_id", sa.Integer(), sa.ForeignKey("pdca_cycles.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index(
        "ix_pdca_countermeasures_cycle", "pdca_countermeasures", ["cycle_id", "position"]
    )
    op.create_index("ix_pdca_countermeasures_card_id", "pdca_countermeasures", ["card_id"])
    op.create_table(
        "pdca_measurements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cycle_id", sa.Integer(), sa.ForeignKey("pdca_cycles.id"), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_pdca_measurements_cycle", "pdca_measurements", ["cycle_id", "measured_on"])


def downgrade() -> None:
    for table in ("pdca_measurements", "pdca_countermeasures", "pdca_whys", "pdca_cycles"):
        op.drop_table(table)
