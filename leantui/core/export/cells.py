"""One value as a CSV cell: ISO 8601 dates, numbers as numbers, JSON for structured
payloads, and text guarded against formula injection (OWASP "CSV injection"): a text
cell that a spreadsheet would read as a formula gets a leading apostrophe."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

RISKY = frozenset("=+-@\t\r")
# Text that is just a number ("-5", "+3.5", "1e3") is no formula: it stays as it is.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guarded(text: str) -> str:
    if text and text[0] in RISKY and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def _datetime(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


def _json(value: Any) -> str:
    return guarded(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _bool(value: bool) -> str:
    return "true" if value else "false"


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: guarded,
    int: str,
    float: repr,
    Decimal: str,
    bool: _bool,
    datetime: _datetime,
    date: date.isoformat,
    dict: _json,
    list: _json,
}


def cell(value: Any) -> str:
    if value is None:
        return ""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    for kind, found in _BY_TYPE.items():  # subclasses (an IntEnum, say)
        if isinstance(value, kind):
            return found(value)
    return guarded(str(value))


def row(values: Sequence[Any]) -> list[str]:
    get = _BY_TYPE.get
    out = []
    for value in values:
        if value is None:
            out.append("")
            continue
        convert = get(type(value))
        out.append(convert(value) if convert is not None else cell(value))
    return out
