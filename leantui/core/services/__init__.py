"""The shared services (events, revisions, teams, validation, info). A module's services
live in its own package (leantui/core/<module>/). `Database` is re-exported for the
shells, which hold one but never reach into leantui.core.db."""

from leantui.core.db.engine import Database

__all__ = ["Database"]
