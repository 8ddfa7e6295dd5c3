"""The flow report read from a real database on both engines: the history written by the
card services (a card moved back out of Done, a card deleted after it was done, a WIP
override), every event read in one streamed query whatever the number of cards."""

from __future__ import annotations

import marshal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from leantui.core.clock import pinned
from leantui.core.db import raw
from leantui.core.db.engine import Database
from leantui.core.demo import load_demo
from leantui.core.errors import ValidationError
from leantui.core.hooks import Scope
from leantui.core.kanban import boards, cards
from leantui.core.metrics import flow, periods, read, report
from leantui.core.metrics.modules import module_figures
from leantui.core.metrics.report import flow_report, history_period
from leantui.core.modules import SHARED

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, ISO week 10


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


@pytest.fixture
def history(db: Database) -> int:
    """Board "Line" (Backlog, Ready, Doing ≤3, Done):
    A: created d0, Doing d1, Done d3, back to Doing d4, Done d6 → lead 6, cycle 5
    B: created d0, Doing d1, Done d2, deleted d5            → lead 2, cycle 1
    C: created d0, Doing d2 (over the limit), blocked d2–d4 → open, aging
    D: Doing d1, E: Doing d1.5 (over the limit), both still there"""
    board = boards.create_board(db, "Line")
    backlog, _ready, doing, done = (c.id for c in boards.columns(db, board.id))
    with pinned(at(0)):
        a, b, c, d, e = (cards.add_card(db, board.id, title, backlog).card_id for title in "ABCDE")
    with pinned(at(1)):
        for card in (a, b, d):
            cards.move_card(db, card, doing)
    with pinned(at(1.5)):
        cards.move_card(db, e, doing, override_reason="extra hands")  # the fourth
    with pinned(at(2)):
        cards.move_card(db, b, done)
        cards.move_card(db, c, doing, override_reason="urgent order")
        cards.block_card(db, c, "waiting for parts")
    with pinned(at(3)):
        cards.move_card(db, a, done)
    with pinned(at(4)):
        cards.move_card(db, a, doing, override_reason="rework")
        cards.unblock_card(db, c)
    with pinned(at(5)):
        cards.delete_card(db, b)
    with pinned(at(6)):
        cards.move_card(db, a, done)
    return board.id


def test_flow_report_from_the_history(db: Database, history: int) -> None:
    period = periods.Period(date(2026, 3, 2), date(2026, 3, 15))
    with pinned(at(7)):
        report = flow_report(db, Scope(board_id=history), period, tz=UTC)
    assert [(c.title, c.lead_days, c.cycle_days) for c in report.done] == [
        ("B", 2.0, 1.0),
        ("A", 6.0, 5.0),
    ]
    assert report.lead[50] == 2.0 and report.lead[85] == 6.0
    assert report.cycle[50] == 1.0 and report.cycle[85] == 5.0
    assert report.throughput == [("2026-W10", 2), ("2026-W11", 0)]
    assert [b.label for b in report.bands] == ["Backlog", "Ready", "Doing", "Done"]
    done = report.bands[3].counts
    assert done[:8] == [0, 0, 1, 2, 1, 0, 1, 1]  # B d2–d5, A d3 and from d6
    assert report.wip[:8] == [0, 4, 4, 3, 4, 4, 3, 3]
    assert [(o.title, o.column, o.reason) for o in report.overrides] == [
        ("E", "Doing", "extra hands"),
        ("C", "Doing", "urgent order"),
        ("A", "Doing", "rework"),
    ]
    assert report.blocked_days == 2.0
    assert [(x.title, x.age_days) for x in report.aging] == [("D", 6.0), ("E", 5.5), ("C", 5.0)]
    assert [x.over_p85 for x in report.aging] == [True, True, False]


def test_moments_are_read_to_the_microsecond(db: Database) -> None:
    """The moments the flows read (seconds since the epoch, worked out by the database)
    are the moments written, to the microsecond: 22.999863 s is not read as 23 s."""
    board = boards.create_board(db, "Line")
    backlog = boards.columns(db, board.id)[0].id
    written = [T0 + timedelta(seconds=22, microseconds=us) for us in (999_863, 999_999, 1, 0)]
    for moment in written:
        with pinned(moment):
            cards.add_card(db, board.id, "A", backlog)
    with raw.reading(db) as reader:
        read_back = [flow.moment(fact[0]) for fact in read.card_facts(reader, [board.id])]
    assert read_back == written


def test_the_summary_alone_says_what_the_whole_report_says(db: Database, history: int) -> None:
    period = periods.Period(date(2026, 3, 2), date(2026, 3, 15))
    with pinned(at(7)):
        summary = flow_report(db, Scope(board_id=history), period, tz=UTC, charts=False)
        whole = flow_report(db, Scope(board_id=history), period, tz=UTC)
    assert not summary.charted and whole.charted
    assert summary.bands == summary.wip == summary.aging == summary.throughput == []
    for figure in ("done", "lead", "cycle", "wip_now", "blocked_days", "overrides", "name"):
        assert getattr(summary, figure) == getattr(whole, figure), figure
    assert whole.wip_now == whole.wip[-1]


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the plain reads run from now on."""
    found: list[str] = []
    rows = raw.Reader.rows

    def seen(self: raw.Reader, sql: str, params: Any = ()) -> Any:
        found.append(sql)
        return rows(self, sql, params)

    monkeypatch.setattr(raw.Reader, "rows", seen)
    return found


def test_events_are_read_in_one_query_and_kept(
    db: Database, history: int, statements: list[str]
) -> None:
    """No query per card; another period, or the same one again, reads no history while
    nothing changed; a change is seen at once."""
    report.clear_cache()
    scope = Scope(board_id=history)

    def histories() -> int:
        found = [s for s in statements if "FROM events" in s and "ORDER BY id" in s]
        statements.clear()
        return len(found)

    with pinned(at(7)):
        flow_report(db, scope, periods.preset("4weeks", date(2026, 3, 8)))
        assert histories() == 2  # the column history and the card history, once each
        again = flow_report(db, scope, periods.preset("week", date(2026, 3, 8)))
        assert histories() == 0 and len(again.done) == 2
        cards.delete_card(db, cards.add_card(db, history, "F").card_id)
        statements.clear()
        changed = flow_report(db, scope, periods.preset("week", date(2026, 3, 8)))
        assert histories() == 2 and changed.cards_seen == again.cards_seen + 1


def test_metric_tables_are_exported_through_the_shared_spec(db: Database) -> None:
    load_demo(db)
    tables = {t.name: t for t in SHARED.export_tables(db, Scope())}
    assert set(tables) == {"metric_throughput", "metric_lead_cycle", "metric_cfd", "metric_aging"}
    for table in tables.values():
        rows = list(table.rows)
        assert rows and all(len(row) == len(table.columns) for row in rows), table.name


def test_module_figures_come_through_the_core(db: Database) -> None:
    load_demo(db)
    board = boards.list_boards(db)[0]
    figures = module_figures(db, Scope(board_id=board.id))
    assert figures.five_s and all(a.trend for a in figures.five_s)
    assert figures.pdca_cycles > 0
    assert figures.kaizen and figures.kaizen[0].submitted > 0


def test_periods() -> None:
    wednesday = date(2026, 5, 13)
    assert periods.preset("week", wednesday) == periods.Period(date(2026, 5, 11), wednesday, "week")
    assert periods.preset("4weeks", wednesday).start == date(2026, 4, 16)
    quarter = periods.preset("quarter", wednesday)
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert periods.preset("quarter", date(2026, 1, 2)).start == date(2025, 10, 1)
    assert periods.custom("2026-01-01", "2026-01-31").days == 31
    for start, end in (("2026-02-01", "2026-01-01"), ("soon", "2026-01-01")):
        with pytest.raises(ValidationError):
            periods.custom(start, end)


def test_history_period_starts_at_the_first_card_event(db: Database, history: int) -> None:
    with pinned(at(10)):
        found = history_period(db, Scope(board_id=history), tz=UTC)
    assert (found.start, found.end) == (date(2026, 3, 2), date(2026, 3, 12))


@pytest.mark.sqlite_only
def test_the_reports_first_frame_needs_no_sqlalchemy(db: Database, history: int) -> None:
    """The screen, the default board and its flow report, on a SQLite file: sqlite3 alone
    (SQLAlchemy's import costs more than Textual's whole start-up)."""
    path = db.path
    db.close()
    script = f"""
import sys
from datetime import date
from leantui.core import i18n
i18n.set_language("en")
from leantui.core.db.opening import open_database
from leantui.core.metrics import periods
from leantui.core.metrics.report import default_scope, flow_report
from leantui.tui.reports.screen import ReportsScreen
db, _ = open_database({str(path)!r})
scope = default_scope(db, "")
report = flow_report(db, scope, periods.Period(date(2026, 3, 2), date(2026, 3, 9)))
assert report.name == "Line" and len(report.done) == 2, report
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _figures(r: report.FlowReport) -> tuple[Any, ...]:
    return (r.done, r.lead, r.cycle, r.bands, r.wip, r.throughput, r.aging, r.overrides,
            r.blocked_days, r.cards_seen)  # fmt: skip


def _fresh(db: Database, scope: Scope, period: periods.Period) -> report.FlowReport:
    """The report from the whole history: nothing kept in memory or on disk."""
    report.clear_cache()
    for record in kept_records():
        record.unlink()
    return flow_report(db, scope, period)


def kept_records() -> list[Any]:
    from leantui.core.paths import user_cache_dir

    return sorted((user_cache_dir() / "flows").glob("*.flows"))


def test_flows_kept_on_disk_are_brought_up_to_date(db: Database, history: int) -> None:
    """A later start reads the flows from disk and replays only what was written since;
    the figures are those of a replay of the whole history. (Only a SQLite file's.)"""
    scope, period = Scope(board_id=history), periods.preset("4weeks", date(2026, 3, 8))
    backlog, _ready, doing, done = (c.id for c in boards.columns(db, history))
    with pinned(at(7)):
        first = flow_report(db, scope, period)
        assert len(kept_records()) == (1 if db.path else 0)
        report.clear_cache()  # a new start
        assert _figures(flow_report(db, scope, period)) == _figures(first)
        f = cards.add_card(db, history, "F", backlog).card_id
        cards.move_card(db, f, doing, override_reason="line stop")
        cards.block_card(db, f, "tooling")
        a = next(c.id for c in cards.board_cards(db, history) if c.title == "A")
        cards.move_card(db, a, backlog)  # out of Done again
        report.clear_cache()
        later = flow_report(db, scope, period)
        assert _figures(later) == _figures(_fresh(db, scope, period))
        assert later.cards_seen == first.cards_seen + 1 and len(later.done) == 1
        cards.move_card(db, a, done)  # from memory, brought up to date
        assert _figures(flow_report(db, scope, period)) == _figures(_fresh(db, scope, period))


def test_a_column_changed_since_replays_everything(db: Database, history: int) -> None:
    """The flows were built with the columns' kinds: a kind changed since (Ready made
    active: its cards started earlier) makes the whole history replayed."""
    scope, period = Scope(board_id=history), periods.preset("4weeks", date(2026, 3, 8))
    with pinned(at(7)):
        flow_report(db, scope, period)
        ready = boards.columns(db, history)[1]
        boards.update_column(db, ready.id, ready.name, "active", ready.wip_limit, ready.policy)
        report.clear_cache()
        assert _figures(flow_report(db, scope, period)) == _figures(_fresh(db, scope, period))


def test_a_damaged_or_foreign_record_is_not_used(db: Database, history: int) -> None:
    if db.path is None:
        pytest.skip("records are kept for SQLite files")
    scope, period = Scope(board_id=history), periods.preset("4weeks", date(2026, 3, 8))
    with pinned(at(7)):
        right = flow_report(db, scope, period)
        (record,) = kept_records()
        whole = record.read_bytes()
        data = marshal.loads(whole)
        foreign = marshal.dumps({**data, "mark": "x" + data["mark"]})
        older = marshal.dumps({**data, "version": 1})
        for damaged in (
            whole[: len(whole) // 2],
            marshal.dumps([]),
            b"{not marshal",
            foreign,
            older,
        ):
            record.write_bytes(damaged)
            report.clear_cache()
            assert _figures(flow_report(db, scope, period)) == _figures(right)
            assert record.read_bytes() == whole  # written again, whole
