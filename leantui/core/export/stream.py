"""The rows of a Core select, streamed for an export at little more than the cost of
reading them raw: SQLAlchemy's own result processing is turned off, and each column
that needs it goes through one conversion, column by column, from either engine's raw
values (SQLite's text and integers, or the datetimes, dicts and booleans psycopg
already makes): to values (aware UTC datetimes, decoded JSON, booleans) for a
workbook, or straight to the text a CSV cell shows (`cells.cell`'s ISO 8601 UTC
timestamps, sorted JSON, true/false: a SQLite timestamp by slicing, with no datetime
made at all)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from itertools import chain
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    Select,
    String,
    and_,
    case,
    func,
    type_coerce,
)
from sqlalchemy.types import Integer, NullType, TypeEngine

from leantui.core.db.engine import Database
from leantui.core.db.types import CanonicalJSON, UtcDateTime
from leantui.core.export import cells

BATCH = 5000
_LOADS = json.loads


def _moment(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    moment: datetime = value
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment


def timestamp(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str and len(value) == 26 and value[10] == " ":
        # SQLite's "YYYY-MM-DD HH:MM:SS.ffffff" (UTC): the ISO form by slicing, the
        # microseconds left out when none, as datetime.isoformat does.
        clock = value[11:19] if value.endswith(".000000") else value[11:]
        return value[:10] + "T" + clock + "+00:00"
    return cells.cell(_moment(value))


def payload(value: Any) -> str | None:
    if value is None:
        return None
    return cells.cell(_LOADS(value) if isinstance(value, str) else value)


def _json_writer() -> Callable[[Any], str]:
    """`cells.json_text` without its guard, for decoded JSON: json's own C encoder, made
    once (JSONEncoder.encode makes one a call, which costs more than encoding a small
    payload); the public encoder wherever that one is missing or writes otherwise."""
    public: Callable[[Any], str] = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, default=str
    ).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    try:
        made = make(None, str, json.encoder.encode_basestring, None, ": ", ", ", True, False, True)  # type: ignore[misc]

        def fast(value: Any) -> str:
            return "".join(made(value, 0))

        sample = _LOADS('{"b": [1.5, null, true, "\\u00e9\\n\\"x"], "a": {"z": -1e300, "y": {}}}')
        if fast(sample) == public(sample):
            return fast
    except Exception:  # another Python's encoder: the public one serves
        pass
    return public


_WRITE_JSON = _json_writer()


def payloads(values: Sequence[Any]) -> Sequence[Any]:
    """A column of payloads as cells. SQLite's stored texts are decoded in one call a
    batch, as one JSON array: a call each costs more than the decoding. (Each text adds
    at least one item to that array, or makes it invalid: the same length means each
    added exactly its own.)"""
    if set(map(type, values)) == {str}:
        try:
            decoded = _LOADS("[" + ",".join(values) + "]")
        except ValueError:
            decoded = None
        # Objects and arrays as JSON (cells.cell writes other values otherwise).
        if (
            decoded is not None
            and len(decoded) == len(values)
            and set(map(type, decoded)) <= {dict, list}
        ):
            # Stored as an export writes them (db.types.canonical_json), as leantui
            # stores them: the texts are the cells, found by one encoding of the batch.
            if _WRITE_JSON(decoded) == "[" + ", ".join(values) + "]":
                return cells.texts(values)
            return cells.texts(list(map(_WRITE_JSON, decoded)))
    return list(map(payload, values))


def stored_payloads(values: Sequence[Any]) -> Sequence[Any]:
    """A column of payloads stored in canonical form (db.types.CanonicalJSON) as cells:
    SQLite's texts are the cells already; anything else goes through `payloads`."""
    if set(map(type, values)) == {str}:
        return cells.texts(values)
    return payloads(values)


def boolean(value: Any) -> str | None:
    return None if value is None else "true" if value else "false"


def _day(value: Any) -> date:
    found: date = date.fromisoformat(value) if isinstance(value, str) else value
    return found


def _decoded(value: Any) -> Any:
    return _LOADS(value) if isinstance(value, str) else value


def _maybe(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


Converters = dict[type, Callable[[Any], Any]]
# (CanonicalJSON before JSON: the first type a column is an instance of decides.)
AS_TEXT: Converters = {
    UtcDateTime: timestamp,
    CanonicalJSON: stored_payloads,
    JSON: payload,
    Boolean: boolean,
}
# The converters that take a whole column of a batch at once, for a cell each.
_BATCHED: dict[Callable[[Any], Any], Callable[[Sequence[Any]], Iterable[Any]]] = {
    payload: payloads,
    stored_payloads: stored_payloads,
}
AS_VALUES: Converters = {
    UtcDateTime: _maybe(_moment),
    Date: _maybe(_day),
    JSON: _maybe(_decoded),
    Boolean: _maybe(bool),
}


def _converter(kind: TypeEngine[Any], table: Converters) -> Callable[[Any], Any] | None:
    for base, convert in table.items():
        if isinstance(kind, base):
            return convert
    return None  # text, numbers, dates: as they come


def _sqlite_iso(column: Any) -> Any:
    """SQLite's "YYYY-MM-DD HH:MM:SS.ffffff" as `timestamp` writes it, by SQLite itself
    (a value stored in any other form comes as it is)."""
    clock = case(
        (column.endswith(".000000"), func.substr(column, 12, 8)),
        else_=func.substr(column, 12),
    )
    iso = func.substr(column, 1, 10) + "T" + clock + "+00:00"
    return case(
        (and_(func.length(column) == 26, func.substr(column, 11, 1) == " "), iso),
        else_=column,
    )


def _sqlite_bool(column: Any) -> Any:
    """SQLite's 1 and 0 as `boolean` writes them."""
    return case((column == 1, "true"), (column == 0, "false"), else_=None)


IN_SQLITE: dict[Callable[[Any], Any], tuple[Callable[[Any], Any], TypeEngine[Any]]] = {
    timestamp: (_sqlite_iso, String()),
    boolean: (_sqlite_bool, Integer()),
}


def _chunks(conn: Connection, query: Select[Any], sqlite: bool, batch: int) -> Iterator[Any]:
    """The raw rows in lists. SQLite's cursor streams by itself, and is read directly
    (no row objects made); elsewhere a server-side cursor, through the result."""
    if not sqlite:
        yield from conn.execute(query.execution_options(yield_per=batch)).partitions()
        return
    result = conn.execute(query)
    try:
        while chunk := result.cursor.fetchmany(batch):
            yield chunk
    finally:
        result.close()


def _each(convert: Callable[[Any], Any]) -> Callable[[Sequence[Any]], Iterable[Any]]:
    return lambda values: map(convert, values)


def _as_text(convert: Callable[[Any], Any] | None) -> Callable[[Sequence[Any]], Iterable[Any]]:
    """A column's conversion to cells. What a converter makes is a cell already; what
    comes as it is (or as SQLite made it) is still checked, since SQLite keeps a value
    of any type in any column."""
    if convert is None:
        return cells.column
    return _BATCHED.get(convert) or _each(convert)


def rows(
    db: Database, query: Select[Any], *, text: bool = False, batch: int = BATCH
) -> Iterator[Sequence[Any]]:
    """The query's rows, as values or (`text`) as CSV cells, read `batch` at a time."""
    columns = list(query.selected_columns)
    table = AS_TEXT if text else AS_VALUES
    in_sql = text and db.backend == "sqlite"
    selected, converters = [], []
    for n, column in enumerate(columns):
        convert = _converter(column.type, table)
        if in_sql and convert in IN_SQLITE:  # no call per cell at all
            made, raw_type = IN_SQLITE[convert]
            selected.append(made(type_coerce(column, raw_type)))
            convert = None
        else:
            selected.append(type_coerce(column, NullType()))
        if text:
            converters.append((n, _as_text(convert)))
        elif convert is not None:
            converters.append((n, _each(convert)))
    raw = query.with_only_columns(*selected, maintain_column_froms=True)
    # Chained in C: no generator is resumed for each row.
    return chain.from_iterable(_converted(db, raw, converters, batch))


def _converted(
    db: Database,
    raw: Select[Any],
    converters: list[tuple[int, Callable[[Sequence[Any]], Iterable[Any]]]],
    batch: int,
) -> Iterator[Iterable[Sequence[Any]]]:
    with db.read() as session:
        for chunk in _chunks(session.connection(), raw, db.backend == "sqlite", batch):
            if not converters:
                yield chunk
                continue
            values: list[Any] = list(zip(*chunk, strict=True))
            changed = False
            for n, convert in converters:
                made = convert(values[n])
                changed = changed or made is not values[n]
                values[n] = made
            # A batch whose every cell was one already (most of them) goes as it came.
            yield zip(*values, strict=True) if changed else chunk
