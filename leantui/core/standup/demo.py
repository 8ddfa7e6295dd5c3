"""The stand-up part of the demo workspace (filled in below)."""

from __future__ import annotations

from leantui.core.db.engine import Database
from leantui.core.hooks import DemoContext, DemoPlan


def load(db: Database, context: DemoContext) -> DemoPlan:
    return DemoPlan()
