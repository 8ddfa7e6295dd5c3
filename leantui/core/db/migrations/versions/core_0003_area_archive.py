"""Areas can be archived (a line that closed keeps its history).

Revision ID: core_0003
Revises: core_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "core_0003"
down_revision: str | None = "core_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not batch mode: other tables refer to areas, and a SQLite table rebuild would drop
    # it under their foreign keys. Adding a column with a default needs no rebuild.
    op.add_column(
        "areas", sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    with op.batch_alter_table("areas") as batch:
        batch.drop_column("archived")
