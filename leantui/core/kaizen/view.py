"""What the kaizen list reads, cheap to import: on a SQLite file its first page comes
through sqlite3 alone (peek.py), so that the list's first frame does not wait for
SQLAlchemy; everywhere else, and for every later read, the services."""

from __future__ import annotations

import sqlite3

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.kaizen import rules
from leantui.core.kaizen.rows import ListHead


def first_page(db: Database, limit: int, overdue_days: int = rules.OVERDUE_DAYS) -> ListHead:
    """The newest `limit` suggestions, the counts and the revision they were read at."""
    if db.path is not None:
        from leantui.core.kaizen import peek

        try:
            return peek.first_page(db.path, limit, overdue_days, clock.today())
        except sqlite3.Error:
            pass  # the services say what went wrong, in the user's words
    from leantui.core.kaizen import suggestions
    from leantui.core.services import revisions

    seen = revisions.current(db, [suggestions.SCOPE])[suggestions.SCOPE]
    rows = suggestions.list_suggestions(db, limit=limit, overdue_days=overdue_days)
    total = suggestions.count(db)
    overdue = suggestions.count(db, overdue=True, overdue_days=overdue_days)
    return ListHead(rows, total, overdue, seen)
