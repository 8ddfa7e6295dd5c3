"""`leantui standup list|show` (the stand-up records) and `leantui safety set|show` (the
safety cross), from a shell or a script. Services are imported inside the commands, so
`leantui --help` stays fast; stored text is neutralised on a terminal and kept exact in
--json."""

from __future__ import annotations

import calendar
import json
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import typer

from leantui.cli.common import (
    echo_json,
    fail,
    new_typer,
    open_db,
    record_number,
    say,
    settings_of,
    table,
)
from leantui.cli.translated import LeanCommand
from leantui.core import clock, i18n
from leantui.core.i18n import t
from leantui.core.text import shown

if TYPE_CHECKING:
    from leantui.core.db.engine import Database
    from leantui.core.standup.rows import SafetyDay, StandupRecord, StandupRow

# A mark per safety state in the printed cross; a past day with no entry is "?".
MARKS = {"no_incident": "○", "near_miss": "△", "first_aid": "+", "lost_time": "✕", "no_shift": "-"}
NO_ENTRY = "?"


def _team_id(db: Database, name: str) -> int:
    from leantui.core.services.workspace import find_team

    return find_team(db, name).id


def _plain(row: Any) -> Any:
    """A row as JSON-ready data: dates and times as ISO text."""
    return json.loads(json.dumps(asdict(row), default=lambda value: value.isoformat()))


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _state(text: str) -> str:
    """A safety state by its key or its name in either language ("near_miss", "未遂事件")."""
    from leantui.core.standup.safety import STATES

    wanted = text.strip().casefold()
    for key in STATES:
        names = {key, key.replace("_", "-")}
        names |= {
            str(i18n.catalog(lang).get(f"standup.state_{key}", "")) for lang in i18n.LANGUAGES
        }
        if wanted in {name.casefold() for name in names if name}:
            return key
    return text.strip()  # the service refuses it, listing the states


def register(app: typer.Typer) -> None:
    standup = new_typer(t("standup.cli_help"), no_args_is_help=False)
    app.add_typer(standup, name="standup")
    _open(standup)
    _records(standup)
    safety = new_typer(t("standup.cli_safety_help"))
    app.add_typer(safety, name="safety")
    _safety(safety)


def _open(group: typer.Typer) -> None:
    @group.callback(invoke_without_command=True)
    def open_standup(
        ctx: typer.Context,
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("standup_tui.cli_open_team")
        ),
    ) -> None:
        """`leantui standup [--team NAME]` with no command: the app, on the stand-up."""
        if ctx.invoked_subcommand is not None:
            return
        settings = settings_of(ctx)
        database = open_db(settings, create=True)
        team_id = _team_id(database, team) if team and team.strip() else None
        from leantui.tui.app import run_tui

        status = run_tui(settings, database, "standup", team_id)
        if status:
            raise typer.Exit(status)


def _records(group: typer.Typer) -> None:
    @group.command("list", cls=LeanCommand, help=t("standup.cli_list_help"))
    def list_command(
        ctx: typer.Context,
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("standup.opt_team_filter")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.standup import services

        with open_db(settings_of(ctx)) as db:
            team_id = _team_id(db, team) if team and team.strip() else None
            found = services.list_standups(db, team_id)
        if as_json:
            echo_json([_plain(row) for row in found])
            return
        if not found:
            say(t("standup.cli_none"))
            return
        head = [
            "cli.h_id",
            "standup.h_started",
            "standup.h_ended",
            "standup.h_team",
            "standup.h_led_by",
        ]
        rows = [[t(key) for key in head]]
        for row in found:
            ended = _when(row.ended_at)[-5:] if row.ended_at else t("standup.cli_running")
            rows.append([str(row.id), _when(row.started_at), ended, row.team_name, row.led_by])
        for line in table(rows, right={0}):
            typer.echo(line)
        typer.echo(t("standup.cli_count", count=len(found)))

    @group.command("show", cls=LeanCommand, help=t("standup.cli_show_help"))
    def show(
        ctx: typer.Context,
        standup_id: str = typer.Argument(..., metavar="ID", show_default=False),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.standup import services

        number = record_number(standup_id, "standup.cli_bad_id")
        with open_db(settings_of(ctx)) as db:
            found = services.show(db, number)
        if as_json:
            echo_json(_plain(found))
            return
        for line in _record_lines(found):
            typer.echo(line)


def _head(row: StandupRow) -> str:
    ended = _when(row.ended_at)[-5:] if row.ended_at else t("standup.cli_running")
    return t(
        "standup.show_head",
        id=row.id,
        team=shown(row.team_name),
        started=_when(row.started_at),
        ended=ended,
        minutes=row.minutes,
        led_by=shown(row.led_by) or "—",
    )


def _record_lines(found: StandupRecord) -> list[str]:
    sep = t("standup.list_sep")
    lines = [_head(found)]
    lines.append(t("standup.show_present", names=sep.join(shown(n) for n in found.present) or "—"))
    lines.append(t("standup.show_absent", names=sep.join(shown(n) for n in found.absent) or "—"))
    lines.append(t("standup.show_stops", count=len(found.stops)))
    stops = [
        [
            str(stop.position + 1),
            t(f"standup.outcome_{stop.outcome}"),
            t(f"app.module_{stop.module}") if stop.module != "standup" else t("standup.escalation"),
            stop.title,
            stop.why + (f" — {stop.note}" if stop.note else ""),
        ]
        for stop in found.stops
    ]
    lines.extend("  " + line for line in table(stops, right={0}))
    lines.append(t("standup.show_actions", count=len(found.actions)))
    actions = [
        [f"#{a.card_id}", a.title, a.owner or "—", a.due.isoformat() if a.due else "—"]
        for a in found.actions
    ]
    lines.extend("  " + line for line in table(actions))
    lines.append(t("standup.show_escalations", count=len(found.escalations)))
    raised = [
        [
            f"#{e.id}",
            e.stop_title,
            e.note,
            t("standup.cleared", when=_when(e.cleared_at), by=shown(e.cleared_by))
            if e.cleared_at
            else t("standup.open"),
        ]
        for e in found.escalations
    ]
    lines.extend("  " + line for line in table(raised))
    return lines


def _safety(group: typer.Typer) -> None:
    @group.command("set", cls=LeanCommand, help=t("standup.cli_safety_set_help"))
    def set_day(
        ctx: typer.Context,
        day: str = typer.Argument(..., metavar=t("cli.mv_date"), show_default=False),
        state: str = typer.Argument(..., metavar=t("standup.mv_state"), show_default=False),
        note: str = typer.Option(
            "", "--note", metavar=t("cli.mv_text"), help=t("standup.opt_note")
        ),
        team: str = typer.Option(
            ..., "--team", metavar=t("cli.mv_name"), help=t("standup.opt_team")
        ),
    ) -> None:
        from leantui.core.standup import safety

        with open_db(settings_of(ctx), create=True) as db:
            found = safety.set_day(db, _team_id(db, team), day, _state(state), note)
        say(
            t(
                "standup.cli_safety_set",
                day=found.day.isoformat(),
                state=t(f"standup.state_{found.state}"),
            )
        )

    @group.command("show", cls=LeanCommand, help=t("standup.cli_safety_show_help"))
    def show(
        ctx: typer.Context,
        team: str = typer.Option(
            ..., "--team", metavar=t("cli.mv_name"), help=t("standup.opt_team")
        ),
        month: str | None = typer.Option(
            None, "--month", metavar="YYYY-MM", help=t("standup.opt_month")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.standup import safety

        year, number = _month(month)
        with open_db(settings_of(ctx)) as db:
            days = safety.month(db, _team_id(db, team), year, number)
        if as_json:
            echo_json([None if d is None else _plain(d) for d in days])
            return
        for line in _cross_lines(year, number, days):
            typer.echo(line)


def _month(text: str | None) -> tuple[int, int]:
    if not (text or "").strip():
        today = clock.today()
        return today.year, today.month
    try:
        found = date.fromisoformat(f"{(text or '').strip()}-01")
    except ValueError:
        fail(t("standup.bad_month", field=t("fields.month"), value=text), 2)
    return found.year, found.month


def _cross_lines(year: int, month: int, days: list[SafetyDay | None]) -> list[str]:
    """The month as a calendar, Monday first, each day with its mark; then the legend
    and what happened on the days that were not quiet."""
    today = clock.today()
    weekdays = [t(f"standup.weekday_{n}") for n in range(7)]
    rows = [weekdays]
    for week in calendar.Calendar().monthdayscalendar(year, month):
        cells = []
        for n in week:
            if n == 0:
                cells.append("")
                continue
            found = days[n - 1]
            future = date(year, month, n) > today
            mark = MARKS[found.state] if found else ("" if future else NO_ENTRY)
            cells.append(f"{n:>2}{mark}")
        rows.append(cells)
    lines = [t("standup.cross_head", year=year, month=f"{month:02}")]
    lines.extend("  " + line for line in table(rows, right=set(range(7))))
    legend = [f"{mark} {t(f'standup.state_{key}')}" for key, mark in MARKS.items()]
    lines.append("  " + "  ".join([*legend, f"{NO_ENTRY} {t('standup.no_entry')}"]))
    for found in days:
        if found is not None and found.note:
            state = t(f"standup.state_{found.state}")
            day = found.day.isoformat()
            lines.append(
                "  " + t("standup.cross_note", day=day, state=state, note=shown(found.note))
            )
    return lines
