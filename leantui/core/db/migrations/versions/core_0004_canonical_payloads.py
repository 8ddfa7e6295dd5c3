"""Event payloads all stored as leantui has written them since (db.types.canonical_json:
keys sorted, nothing escaped to ASCII): older ones are rewritten in that form, the same
documents, so that an export takes a stored payload as it is instead of checking each.
Only on SQLite, which keeps the text: PostgreSQL keeps JSONB.

Revision ID: core_0004
Revises: core_0003
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from leantui.core.db.types import canonical_json

revision: str = "core_0004"
down_revision: str | None = "core_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    read = sa.text("SELECT id, payload FROM events WHERE id > :last ORDER BY id LIMIT :n")
    write = sa.text("UPDATE events SET payload = :payload WHERE id = :id")
    last = 0
    while rows := bind.execute(read, {"last": last, "n": BATCH}).fetchall():
        changed = []
        for event_id, text in rows:
            try:
                stored = canonical_json(json.loads(text))
            except (TypeError, ValueError):
                continue  # not JSON (written by something else): left as it is
            if stored != text:
                changed.append({"id": event_id, "payload": stored})
        if changed:
            bind.execute(write, changed)
        last = rows[-1][0]


def downgrade() -> None:
    pass  # the same documents: any form reads back the same
