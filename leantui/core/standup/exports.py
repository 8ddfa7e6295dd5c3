"""The tables the stand-up can export (filled in below)."""

from __future__ import annotations

from leantui.core.db.engine import Database
from leantui.core.hooks import ExportTable, Scope


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    return []
