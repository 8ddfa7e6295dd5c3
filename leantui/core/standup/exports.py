"""The tables the stand-up can export: stand-ups, their stops with what became of them,
who attended, and the safety cross's days. Stand-ups and days have dates of their own, so
a period narrows them (and the stops and attendance of the stand-ups in it). Rows are
streamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Team
from leantui.core.hooks import ExportColumn, ExportTable, Scope
from leantui.core.standup.models import SafetyDay, Standup, StandupAttendance, StandupStop

BATCH = 1000
STANDUP_COLUMNS = ("id", "team", "started_at", "ended_at", "minutes", "led_by", "stops")
STOP_COLUMNS = (
    "standup_id",
    "position",
    "module",
    "kind",
    "entity_type",
    "entity_id",
    "title",
    "why",
    "outcome",
    "note",
    "card_id",
)
ATTENDANCE_COLUMNS = ("standup_id", "team", "name", "present")
SAFETY_COLUMNS = ("team", "day", "state", "note")


def _columns(keys: Sequence[str]) -> list[ExportColumn]:
    return [ExportColumn(key, f"fields.{key}") for key in keys]


def _c(model: Any) -> Any:
    return model.__table__.c


def _t(model: Any) -> Any:
    return model.__table__


def _in_scope(query: Any, team_column: Any, scope: Scope) -> Any:
    """Narrowed to the scope's team, the teams of its area, or its board's team."""
    tm = _c(Team)
    if scope.team_id is not None:
        query = query.where(team_column == scope.team_id)
    if scope.area_id is not None:
        query = query.where(team_column.in_(select(tm.id).where(tm.area_id == scope.area_id)))
    if scope.board_id is not None:
        from leantui.core.kanban.models import Board

        b = _c(Board)
        query = query.where(team_column.in_(select(b.team_id).where(b.id == scope.board_id)))
    return query


def _standups(scope: Scope) -> Any:
    """The ids of the stand-ups in scope and period."""
    s = _c(Standup)
    query = _in_scope(select(s.id), s.team_id, scope)
    if scope.since is not None:
        query = query.where(s.started_at >= scope.since)
    if scope.until is not None:
        query = query.where(s.started_at < scope.until)
    return query


def _stream(db: Database, query: Any) -> Iterator[Sequence[Any]]:
    with db.read() as session:
        yield from session.execute(query.execution_options(yield_per=BATCH))


def _standup_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    s, st, tm = _c(Standup), _c(StandupStop), _c(Team)
    stops = select(func.count()).where(st.standup_id == s.id).scalar_subquery()
    query = (
        select(s.id, tm.name, s.started_at, s.ended_at, s.minutes, s.led_by, stops)
        .select_from(_t(Standup).join(_t(Team), tm.id == s.team_id))
        .where(s.id.in_(_standups(scope)))
        .order_by(s.started_at, s.id)
    )
    return _stream(db, query)


def _stop_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    st = _c(StandupStop)
    query = (
        select(*(st[name] for name in STOP_COLUMNS))
        .where(st.standup_id.in_(_standups(scope)))
        .order_by(st.standup_id, st.position)
    )
    return _stream(db, query)


def _attendance_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    a, s, tm = _c(StandupAttendance), _c(Standup), _c(Team)
    query = (
        select(a.standup_id, tm.name, a.name, a.present)
        .select_from(
            _t(StandupAttendance)
            .join(_t(Standup), s.id == a.standup_id)
            .join(_t(Team), tm.id == s.team_id)
        )
        .where(a.standup_id.in_(_standups(scope)))
        .order_by(a.standup_id, a.id)
    )
    return _stream(db, query)


def _safety_rows(db: Database, scope: Scope) -> Iterator[Sequence[Any]]:
    d, tm = _c(SafetyDay), _c(Team)
    query = _in_scope(
        select(tm.name, d.day, d.state, d.note).select_from(
            _t(SafetyDay).join(_t(Team), tm.id == d.team_id)
        ),
        d.team_id,
        scope,
    )
    if scope.since is not None:
        query = query.where(d.day >= scope.since.astimezone().date())
    if scope.until is not None:
        query = query.where(d.day < scope.until.astimezone().date())
    return _stream(db, query.order_by(tm.name, d.day))


def tables(db: Database, scope: Scope) -> list[ExportTable]:
    return [
        ExportTable(
            "standups",
            "standup.export_standups",
            _columns(STANDUP_COLUMNS),
            _standup_rows(db, scope),
        ),
        ExportTable(
            "standup_stops", "standup.export_stops", _columns(STOP_COLUMNS), _stop_rows(db, scope)
        ),
        ExportTable(
            "standup_attendance",
            "standup.export_attendance",
            _columns(ATTENDANCE_COLUMNS),
            _attendance_rows(db, scope),
        ),
        ExportTable(
            "safety_days",
            "standup.export_safety_days",
            _columns(SAFETY_COLUMNS),
            _safety_rows(db, scope),
        ),
    ]
