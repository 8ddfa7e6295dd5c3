"""What the flow metrics read: the boards of a scope, their columns (live ones from the
table, deleted ones from their events) and every card event of those boards, in one
streamed query (no query per card).

Plain DB-API reads (db/raw.py): the reports screen's first frame does not wait for
SQLAlchemy, and the payload fields the flow needs are picked out by the database
instead of decoding every JSON payload in Python."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from leantui.core.db.raw import Reader
from leantui.core.hooks import Scope
from leantui.core.kanban import rules
from leantui.core.metrics.flow import ColumnInfo

# The card actions the flow depends on (an edit only when it renames the card).
FLOW_ACTIONS = ("create", "move", "block", "unblock", "archive", "restore", "delete")


def boards_of(reader: Reader, scope: Scope) -> list[tuple[int, str]]:
    """(id, name) of the scope's boards: one board, a team's, an area's, or all."""
    where, params = [], []
    for column, value in (("id", scope.board_id), ("team_id", scope.team_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if scope.area_id is not None:
        where.append("area_id = ?")
        params.append(scope.area_id)
    sql = "SELECT id, name FROM boards" + (" WHERE " + " AND ".join(where) if where else "")
    return [(int(i), str(n)) for i, n in reader.rows(sql + " ORDER BY name", params)]


def default_scope(reader: Reader, preferred: str) -> Scope | None:
    """The default board (rules.pick_default) among the live boards, as a scope."""
    live = reader.rows("SELECT id, name FROM boards WHERE archived = ?", (False,))
    board_id = rules.pick_default([(int(i), str(n)) for i, n in live], preferred)
    return None if board_id is None else Scope(board_id=board_id)


def scope_name(reader: Reader, scope: Scope) -> str:
    """The board's or the team's name ("" for any other scope, or one that is gone)."""
    if scope.board_id is not None:
        found = reader.value("SELECT name FROM boards WHERE id = ?", (scope.board_id,))
    elif scope.team_id is not None:
        found = reader.value("SELECT name FROM teams WHERE id = ?", (scope.team_id,))
    else:
        found = None
    return str(found or "")


def last_event(reader: Reader) -> int:
    """The newest event's id: every change writes one, so a report read at the same id
    would read the same history."""
    return int(reader.value("SELECT max(id) FROM events") or 0)


def columns_of(reader: Reader, board_ids: list[int]) -> dict[int, ColumnInfo]:
    """Every column the boards have or had: deleted ones from their column events (their
    last known name and kind, placed after the live ones)."""
    if not board_ids:
        return {}
    found: dict[int, ColumnInfo] = {}
    for cid, board, name, kind, position in reader.rows(
        "SELECT id, board_id, name, kind, position FROM board_columns"
        f" WHERE board_id IN {reader.in_list(board_ids)}",
        board_ids,
    ):
        found[int(cid)] = ColumnInfo(int(cid), int(board), str(name), str(kind), int(position))
    gone: dict[int, dict[str, Any]] = {}
    name, kind = reader.json("payload", "name"), reader.json("payload", "kind")
    new_name, new_kind = reader.json("payload", "name", 1), reader.json("payload", "kind", 1)
    wanted = set(board_ids)
    # All column events, picked out here: few, and found by the entity index, where a
    # board_id condition could lead SQLite through the board's every event.
    for cid, board, action, *values in reader.rows(
        f"SELECT entity_id, board_id, action, {name}, {kind}, {new_name}, {new_kind}"
        " FROM events WHERE entity_type = 'column' ORDER BY id"
    ):
        if board not in wanted:
            continue
        if cid in found:
            continue
        known = gone.setdefault(int(cid), {"board": int(board), "name": "", "kind": "queue"})
        if action == "create":
            known.update(name=values[0] or "", kind=values[1] or "queue")
        elif action == "edit":
            for key, value in (("name", values[2]), ("kind", values[3])):
                if value is not None:
                    known[key] = value
        elif action == "delete" and values[0] is not None:
            known["name"] = values[0]
    for n, (cid, known) in enumerate(sorted(gone.items())):
        found[cid] = ColumnInfo(
            cid, known["board"], str(known["name"]), str(known["kind"]), 1000 + n, live=False
        )
    return found


SCAN_SHARE = 0.2  # of all events, from which reading the whole table is the faster way


def _plan(reader: Reader, board_ids: list[int]) -> str:
    """SQLite has no statistics to choose by (nothing here runs ANALYZE): when the boards
    hold much of the history, one pass over the table in its own order beats looking up
    each of their rows from the board index (twice as fast at 10,000 cards)."""
    if not reader.sqlite:
        return ""
    everything = int(reader.value("SELECT max(id) FROM events") or 0)
    theirs = reader.value(
        f"SELECT count(*) FROM events WHERE board_id IN {reader.in_list(board_ids)}", board_ids
    )
    return " NOT INDEXED" if theirs >= SCAN_SHARE * everything else ""


def event_mark(reader: Reader, event_id: int) -> str:
    """What tells event `event_id` of this history from one of another history (a file
    restored or replaced since): its moment and what it was about."""
    found = list(
        reader.rows(
            "SELECT at, entity_type, entity_id, action FROM events WHERE id = ?", (event_id,)
        )
    )
    return repr(found)


def columns_changed(reader: Reader, board_ids: list[int], after: int) -> bool:
    """Whether any column of the boards changed after event `after` (a kind the flows
    were built with may be another now)."""
    return (
        reader.value(
            f"SELECT count(*) FROM events WHERE id > ? AND entity_type = 'column'"
            f" AND board_id IN {reader.in_list(board_ids)}",
            [after, *board_ids],
        )
        > 0
    )


def card_facts(reader: Reader, board_ids: list[int], after: int = 0) -> Iterator[tuple[Any, ...]]:
    """Every card event of the boards that the flow depends on, in the order they were
    written (those after event `after`), streamed as the database gives them: laid out
    as `Fact`s, the fields the flow reads picked out of the payloads by the database."""
    if not board_ids:
        return iter(())
    j = reader.json
    column = (
        f"CASE WHEN action = 'move' THEN {j('payload', 'to_id')}"
        f" WHEN action IN ('create', 'restore') THEN {j('payload', 'column_id')} END"
    )
    title = (
        f"CASE WHEN action = 'create' THEN {j('payload', 'title')}"
        f" WHEN action = 'edit' THEN {j('payload', 'title', 1)} END"
    )
    unblocked = (
        f"CASE WHEN action = 'move' AND {reader.has('payload', 'unblocked')}"
        f" THEN {j('payload', 'unblocked')} END"
    )
    override = reader.has("payload", "override_reason")
    named = (
        f"CASE WHEN {override} THEN COALESCE({j('payload', 'to')}, {j('payload', 'column')}) END"
    )
    reason = f"CASE WHEN {override} THEN {j('payload', 'override_reason')} END"
    actor = f"CASE WHEN {override} THEN actor END"  # only an override shows who
    actions = reader.in_list(FLOW_ACTIONS)
    return reader.rows(
        f"SELECT {reader.epoch('at')}, entity_id, board_id, action, {column}, {title},"
        f" {unblocked}, {named}, {reason}, {actor}"
        f" FROM events{_plan(reader, board_ids) if not after else ''}"
        f" WHERE id > ? AND entity_type = 'card' AND board_id IN {reader.in_list(board_ids)}"
        f" AND (action IN {actions} OR (action = 'edit' AND {reader.has('payload', 'title')}))"
        " ORDER BY id",
        [after, *board_ids, *FLOW_ACTIONS],
    )


def first_event(reader: Reader, board_ids: list[int]) -> datetime | None:
    if not board_ids:
        return None
    found = reader.value(
        f"SELECT {reader.timestamp('min(at)')} FROM events WHERE entity_type = 'card'"
        f" AND board_id IN {reader.in_list(board_ids)}",
        board_ids,
    )
    return None if found is None else reader.moment(found)
