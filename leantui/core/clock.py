"""The one source of "now", so tests can pin time and every timestamp is aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone().date()
