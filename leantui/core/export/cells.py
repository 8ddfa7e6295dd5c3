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
    if value.tzinfo is not None and value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat()


# One encoder for every payload (json.dumps with options builds one a call); keys
# sorted, as PostgreSQL's JSONB does not keep their order: both engines export alike.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


def json_text(value: Any) -> str:
    return guarded(_JSON(value))


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
    dict: json_text,
    list: json_text,
}
# What the csv module writes right as it is: None as an empty cell, numbers by str().
_AS_IS = frozenset({type(None), int, float, Decimal})


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


def row(values: Sequence[Any]) -> list[Any]:
    """The row for csv.writer: None, numbers and safe text go as they are (the common
    case, tested inline for speed), the rest through `cell`."""
    return [
        v
        if (kind := type(v)) in _AS_IS or (kind is str and (not v or v[0] not in RISKY))
        else cell(v)
        for v in values
    ]


_NONE = type(None)


def _when(v: Any) -> Any:
    return None if v is None else _datetime(v)


def _payload(v: Any) -> Any:
    return None if v is None else json_text(v)


def _any(v: Any) -> Any:
    return v if type(v) in _AS_IS else cell(v)


# A risky first character right after the separator `texts` joins a column's cells with.
_RISKY_AFTER = re.compile("\0[" + re.escape("".join(sorted(RISKY))) + "]")


def texts(values: Sequence[Any]) -> Sequence[Any]:
    """A column of text (and None) guarded: searched as one joined string, so that a
    column with no risky cell (nearly every one) costs no call per cell. A value holding
    the separator can only make the search find too much, never too little."""
    joined = "\0".join(filter(None, values))
    if joined[:1] not in RISKY and _RISKY_AFTER.search(joined) is None:
        return values
    return [v if not v or v[0] not in RISKY else guarded(v) for v in values]


def column(values: Sequence[Any]) -> Sequence[Any]:
    """One column of a batch of rows as cells: a column whose values are all of one kind
    goes through one function (or none at all), which is what makes a long export cost
    little more than writing the raw rows."""
    kinds = set(map(type, values))
    kinds.discard(_NONE)
    if kinds <= _AS_IS:
        return values
    if kinds == {str}:
        return texts(values)
    if kinds == {datetime}:
        return tuple(map(_when, values))
    if kinds <= {dict, list}:
        return tuple(map(_payload, values))
    return tuple(map(_any, values))


def batch(rows: Sequence[Sequence[Any]]) -> Any:
    """Many rows for csv.writer at once, converted column by column."""
    if not rows:
        return rows
    return zip(*map(column, zip(*rows, strict=True)), strict=True)
