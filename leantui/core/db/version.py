"""What start-up checks a file against, without importing SQLAlchemy or Alembic: the
stamp that marks a SQLite file as leantui's, the Alembic heads this leantui writes, and
the numbers leantui used before Alembic."""

from __future__ import annotations

APPLICATION_ID = 0x4C45414E  # "LEAN", in SQLite's header: marks the file as ours

# Before Alembic, leantui_meta.schema_version numbered the schema (1, 2). A file now
# holds LEGACY_SENTINEL there, so that a leantui from before Alembic calls it "newer"
# and leaves it alone.
LEGACY_VERSIONS = (1, 2)
LEGACY_SENTINEL = 3


def schema_heads() -> frozenset[str]:
    """The newest revision of every schema part: a file stamped with exactly these is
    current."""
    from leantui.core.modules import schema_parts

    return frozenset(part.head for part in schema_parts())
