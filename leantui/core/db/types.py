"""Column types that behave the same on SQLite and PostgreSQL, whatever SQLModel version
maps Python types to: timestamps are aware UTC on the way in and out, and JSON is JSONB
on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """`timestamp with time zone` on PostgreSQL; on SQLite the UTC time as text without
    an offset (the format leantui has always written). A naive datetime is refused: it
    would be read back as UTC whatever zone it meant."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("leantui stores aware datetimes only (use clock.now())")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a raw SQLite read of a value written elsewhere
            value = datetime.fromisoformat(value)
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JsonDoc = JSON().with_variant(JSONB(), "postgresql")

# How a JSON document is stored as text (SQLite): keys sorted and nothing escaped to
# ASCII, the form an export writes (stream.payloads) -- so exporting a stored payload
# only has to check it, not rewrite it (an event's, not even that: CanonicalJSON) --
# and Chinese text takes half the bytes.
canonical_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class CanonicalJSON(JSON):
    """A JSON column whose stored text is `canonical_json`'s: every write stores that
    form, and migration core_0004 rewrote older event payloads in it. Selected as this
    type (`type_coerce`), an export takes a SQLite payload's text as it is."""

    cache_ok = True
