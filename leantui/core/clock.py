"""The one source of "now", so every timestamp is aware UTC and time can be pinned:
the demo backdates its history and tests fix the clock with `pinned`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

_pinned: ContextVar[datetime | None] = ContextVar("leantui_now", default=None)


def now() -> datetime:
    return _pinned.get() or datetime.now(UTC)


def today() -> date:
    return now().astimezone().date()


@contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    """Within the block (this thread or task only), `now()` returns `moment`."""
    if moment.tzinfo is None:
        raise ValueError("pinned() needs an aware datetime")
    token = _pinned.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _pinned.reset(token)
