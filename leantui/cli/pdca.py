"""`leantui pdca …`: PDCA cycles from a script or a shell, from creating one through its
phases to the A3. Services are imported inside the commands, so `leantui --help` stays
fast; every refusal is one translated message on stderr and a non-zero status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from leantui.cli.common import (
    echo_json,
    fail,
    new_typer,
    open_db,
    record_number,
    settings_of,
    table,
)
from leantui.cli.translated import LeanCommand
from leantui.core.i18n import t
from leantui.core.text import shown

if TYPE_CHECKING:
    from leantui.core.pdca.rows import CycleChange, CycleRow, CycleView
    from leantui.core.services import Database

NEGATIVE_OK = {"ignore_unknown_options": True}  # a VALUE of "-3" is a number, not an option


def _id(text: str) -> int:
    return record_number(text, "pdca.cli_bad_id")


def _team_id(db: Database, name: str | None) -> int | None:
    from leantui.core.services import workspace

    return workspace.find_team(db, name).id if name is not None else None


def _area_id(db: Database, name: str | None) -> int | None:
    from leantui.core.services import workspace

    return None if name is None else workspace.find_area(db, name).id


def _phase(phase: str) -> str:
    from leantui.core.pdca.errors import phase_label

    return phase_label(phase)


def _met(value: bool | None) -> str:
    if value is None:
        return t("pdca.met_unknown")
    return t("pdca.met_yes") if value else t("pdca.met_no")


def _done(change: CycleChange) -> None:
    """One line saying where the cycle now stands."""
    row = change.view.row
    typer.echo(
        t(
            "pdca.cli_saved",
            id=row.id,
            title=shown(row.title),
            phase=_phase(row.phase),
            status=t(f"pdca.status_{row.status}"),
        )
    )


def _row_json(r: CycleRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "phase": r.phase,
        "status": r.status,
        "owner": r.owner,
        "team": r.team or None,
        "area": r.area or None,
        "start": r.start.isoformat(),
        "due": r.due.isoformat(),
        "days_in_phase": r.days_in_phase,
        "overdue": r.overdue,
        "latest": r.latest,
        "target_met": r.target_met,
        "parent_id": r.parent_id,
    }


def view_json(view: CycleView) -> dict[str, Any]:
    """What `leantui pdca show ID --json` prints: scripts rely on these keys."""
    row, target = view.row, view.row.target
    return {
        **_row_json(row),
        "problem": view.problem,
        "current_state": view.current_state,
        "root_cause": view.root_cause,
        "target": {
            "metric": target.metric,
            "unit": target.unit,
            "baseline": target.baseline,
            "goal": target.goal,
            "direction": target.direction,
        },
        "whys": [{"position": w.position, "why": w.why, "because": w.because} for w in view.whys],
        "countermeasures": [
            {
                "id": c.id,
                "text": c.text,
                "owner": c.owner,
                "due": c.due.isoformat() if c.due else None,
                "card_id": c.card_id,
            }
            for c in view.countermeasures
        ],
        "cards": [
            {
                "id": c.card_id,
                "title": c.card_title,
                "board": c.board,
                "column": c.column,
                "blocked": c.blocked,
                "overdue": c.overdue,
                "state": c.state,
                "countermeasure_id": c.id,
            }
            for c in view.cards
        ],
        "measurements": [
            {"date": m.measured_on.isoformat(), "value": m.value, "note": m.note}
            for m in view.measurements
        ],
        "target_met": view.target_met,
        "change_percent": view.change_percent,
        "standard": {"what": view.standard, "where": view.standard_where},
        "abandon_reason": view.abandon_reason,
        "follow_ups": [link.id for link in view.follow_ups],
        "history": [
            {
                "at": h.at.isoformat(),
                "actor": h.actor,
                "action": h.action,
                "from": h.from_phase,
                "to": h.to_phase,
                "reason": h.reason,
            }
            for h in view.history
        ],
        "version": row.version,
    }


def _show_text(view: CycleView) -> None:
    from leantui.core.pdca import a3, rules

    row, target = view.row, view.row.target
    typer.echo(t("pdca.source_cycle", id=row.id, title=shown(row.title)))
    due = row.due.isoformat() + (" " + t("pdca.overdue_mark") if row.overdue else "")
    typer.echo(
        t(
            "pdca.cli_head",
            phase=_phase(row.phase),
            days=row.days_in_phase,
            status=t(f"pdca.status_{row.status}"),
            owner=shown(row.owner),
            due=due,
        )
    )
    if target.goal is not None or target.metric:
        typer.echo(
            t(
                "pdca.cli_target",
                metric=shown(target.metric) or "—",
                baseline=rules.format_number(target.baseline),
                goal=rules.format_number(target.goal),
                unit=shown(target.unit),
                direction=t(f"pdca.direction_{target.direction}"),
            )
        )
    if view.measurements:
        change = view.change_percent
        typer.echo(
            t(
                "pdca.cli_latest",
                value=rules.format_number(row.latest),
                date=row.latest_on.isoformat() if row.latest_on else "—",
                change="—" if change is None else f"{change:+.1f}%",
                met=_met(view.target_met),
                spark=rules.sparkline([m.value for m in view.measurements]),
            )
        )
    if view.root_cause:
        typer.echo(t("pdca.a3_fact", label=t("fields.root_cause"), value=shown(view.root_cause)))
    rows = [
        [
            str(n),
            shown(c.text),
            f"#{c.card_id} {shown(c.column)}" if c.card_id else "—",
            a3.card_state(c),
        ]
        for n, c in enumerate(view.countermeasures, 1)
    ]
    for line in table(rows, right={0}):
        typer.echo("  " + line)
    typer.echo(t("pdca.cli_more"))


def register(app: typer.Typer) -> None:
    group = new_typer(t("pdca.cli_help"))
    app.add_typer(group, name="pdca")
    _reading(group)
    _writing(group)
    _phases(group)


def _reading(group: typer.Typer) -> None:
    @group.command("list", cls=LeanCommand, help=t("pdca.cli_list_help"))
    def pdca_list(
        ctx: typer.Context,
        status: str | None = typer.Option(None, "--status", help=t("pdca.opt_status")),
        owner: str | None = typer.Option(
            None, "--owner", metavar=t("cli.mv_name"), help=t("pdca.opt_owner_filter")
        ),
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("pdca.opt_area")
        ),
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("pdca.opt_team")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.pdca import cycles

        with open_db(settings_of(ctx)) as db:
            found = cycles.list_cycles(
                db,
                status=(status or "").strip().lower() or None,
                owner=owner,
                area_id=_area_id(db, area),
                team_id=_team_id(db, team),
            )
        if as_json:
            echo_json([_row_json(r) for r in found])
            return
        if not found:
            typer.echo(t("pdca.no_cycles"))
            return
        rows = [
            [
                t("cli.h_id"),
                t("pdca.h_phase"),
                t("pdca.h_days"),
                t("fields.title"),
                t("fields.owner"),
                t("fields.due"),
                t("fields.status"),
                t("pdca.h_met"),
            ]
        ]
        for r in found:
            status_text = t(f"pdca.status_{r.status}")
            if r.overdue:
                status_text = t("pdca.overdue_mark")
            rows.append(
                [
                    str(r.id),
                    r.phase,
                    str(r.days_in_phase) if r.status == "open" else "",
                    shown(r.title),
                    shown(r.owner),
                    r.due.isoformat(),
                    status_text,
                    _met(r.target_met),
                ]
            )
        for line in table(rows, right={0, 2}):
            typer.echo(line)

    @group.command("show", cls=LeanCommand, help=t("pdca.cli_show_help"))
    def pdca_show(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        as_a3: bool = typer.Option(False, "--a3", help=t("pdca.opt_a3")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.pdca import a3, cycles

        if as_a3 and as_json:
            fail(t("pdca.cli_a3_or_json"), 2)
        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            view = cycles.view(db, number)
        if as_json:
            echo_json(view_json(view))
        elif as_a3:
            typer.echo(a3.markdown(a3.from_view(view)), nl=False)
        else:
            _show_text(view)

    @group.command("metrics", cls=LeanCommand, help=t("pdca.cli_metrics_help"))
    def pdca_metrics(
        ctx: typer.Context,
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("pdca.opt_area")
        ),
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("pdca.opt_team")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.hooks import Scope
        from leantui.core.pdca import cycles

        with open_db(settings_of(ctx)) as db:
            scope = Scope(team_id=_team_id(db, team), area_id=_area_id(db, area))
            found = cycles.metrics_of(db, scope)

        def share(value: Any) -> dict[str, Any] | None:
            if value is None:
                return None
            return {"count": value.count, "of": value.of, "percent": value.percent}

        if as_json:
            echo_json(
                {
                    "cycles": found.cycles,
                    "open": found.open,
                    "on_time_closure": share(found.on_time),
                    "target_met": share(found.target_met),
                    "days_per_phase": found.days_per_phase,
                    "open_per_owner": found.open_per_owner,
                }
            )
            return

        def ratio(value: Any) -> str:
            if value is None:
                return "—"
            return t("pdca.share", percent=f"{value.percent:.0f}", count=value.count, of=value.of)

        typer.echo(t("pdca.m_cycles", count=found.cycles, open=found.open))
        typer.echo(t("pdca.m_on_time", value=ratio(found.on_time)))
        typer.echo(t("pdca.m_target_met", value=ratio(found.target_met)))
        days = [
            f"{phase} {'—' if value is None else f'{value:.1f}'}"
            for phase, value in found.days_per_phase.items()
        ]
        typer.echo(t("pdca.m_days", value=" · ".join(days)))
        owners = [f"{shown(owner)} {count}" for owner, count in found.open_per_owner.items()]
        typer.echo(t("pdca.m_owners", value=" · ".join(owners) or "—"))


def _writing(group: typer.Typer) -> None:
    def fields(
        title: str | None,
        owner: str | None,
        due: str | None,
        start: str | None,
        problem: str | None,
        metric: str | None,
        unit: str | None,
        baseline: str | None,
        goal: str | None,
        direction: str | None,
    ) -> dict[str, Any]:
        given = {
            "title": title,
            "owner": owner,
            "due": due,
            "start": start,
            "problem": problem,
            "metric": metric,
            "unit": unit,
            "baseline": baseline,
            "goal": goal,
            "direction": direction,
        }
        return {name: value for name, value in given.items() if value is not None}

    text_option: Any = {"metavar": t("cli.mv_text")}

    # The cycle's fields, as options of both `add` and `edit` (an OptionInfo is only a
    # default value, so one serves both commands).
    opts: dict[str, Any] = {
        "title": typer.Option(None, "--title", help=t("pdca.opt_title"), **text_option),
        "owner": typer.Option(None, "--owner", metavar=t("cli.mv_name"), help=t("pdca.opt_owner")),
        "due": typer.Option(None, "--due", metavar=t("cli.mv_date"), help=t("pdca.opt_due")),
        "start": typer.Option(None, "--start", metavar=t("cli.mv_date"), help=t("pdca.opt_start")),
        "team": typer.Option(None, "--team", metavar=t("cli.mv_name"), help=t("pdca.opt_team")),
        "area": typer.Option(None, "--area", metavar=t("cli.mv_name"), help=t("pdca.opt_area")),
        "problem": typer.Option(None, "--problem", help=t("pdca.opt_problem"), **text_option),
        "metric": typer.Option(None, "--metric", help=t("pdca.opt_metric"), **text_option),
        "unit": typer.Option(None, "--unit", help=t("pdca.opt_unit"), **text_option),
        "baseline": typer.Option(
            None, "--baseline", metavar=t("cli.mv_number"), help=t("pdca.opt_baseline")
        ),
        "goal": typer.Option(None, "--goal", metavar=t("cli.mv_number"), help=t("pdca.opt_goal")),
        "direction": typer.Option(
            None, "--direction", metavar="higher|lower", help=t("pdca.opt_direction")
        ),
    }

    @group.command("add", cls=LeanCommand, help=t("pdca.cli_add_help"))
    def pdca_add(
        ctx: typer.Context,
        title: str | None = opts["title"],
        owner: str | None = opts["owner"],
        due: str | None = opts["due"],
        start: str | None = opts["start"],
        team: str | None = opts["team"],
        area: str | None = opts["area"],
        problem: str | None = opts["problem"],
        metric: str | None = opts["metric"],
        unit: str | None = opts["unit"],
        baseline: str | None = opts["baseline"],
        goal: str | None = opts["goal"],
        direction: str | None = opts["direction"],
    ) -> None:
        from leantui.core.pdca import cycles

        given = fields(title, owner, due, start, problem, metric, unit, baseline, goal, direction)
        with open_db(settings_of(ctx)) as db:
            change = cycles.create_cycle(
                db,
                given.pop("title", ""),
                given.pop("owner", ""),
                given.pop("due", None),
                team_id=_team_id(db, team),
                area_id=_area_id(db, area),
                **given,
            )
        _done(change)

    @group.command("edit", cls=LeanCommand, help=t("pdca.cli_edit_help"))
    def pdca_edit(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        title: str | None = opts["title"],
        owner: str | None = opts["owner"],
        due: str | None = opts["due"],
        start: str | None = opts["start"],
        team: str | None = opts["team"],
        area: str | None = opts["area"],
        problem: str | None = opts["problem"],
        metric: str | None = opts["metric"],
        unit: str | None = opts["unit"],
        baseline: str | None = opts["baseline"],
        goal: str | None = opts["goal"],
        direction: str | None = opts["direction"],
    ) -> None:
        from leantui.core.pdca import cycles

        number = _id(cycle_id)
        given = fields(title, owner, due, start, problem, metric, unit, baseline, goal, direction)
        with open_db(settings_of(ctx)) as db:
            if team is not None:
                given["team_id"] = _team_id(db, team)
            if area is not None:
                given["area_id"] = _area_id(db, area)
            change = cycles.edit_cycle(db, number, None, **given)
        _done(change)

    @group.command("plan", cls=LeanCommand, help=t("pdca.cli_plan_help"))
    def pdca_plan(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        current_state: str | None = typer.Option(
            None, "--current-state", help=t("pdca.opt_current_state"), **text_option
        ),
        why: Annotated[
            list[str] | None,
            typer.Option("--why", help=t("pdca.opt_why"), metavar=t("cli.mv_text")),
        ] = None,
        because: Annotated[
            list[str] | None,
            typer.Option("--because", help=t("pdca.opt_because"), metavar=t("cli.mv_text")),
        ] = None,
        root_cause: str | None = typer.Option(
            None, "--root-cause", help=t("pdca.opt_root_cause"), **text_option
        ),
    ) -> None:
        from leantui.core.pdca import plan

        number = _id(cycle_id)
        whys, becauses = list(why or []), list(because or [])
        if len(becauses) > len(whys):
            fail(t("pdca.cli_because_without_why"), 2)
        lines = list(zip(whys, becauses + [""] * (len(whys) - len(becauses)), strict=True))
        if current_state is None and not lines and root_cause is None:
            fail(t("pdca.cli_nothing_to_plan"), 2)
        with open_db(settings_of(ctx)) as db:
            change = plan.set_plan(
                db,
                number,
                current_state=current_state,
                whys=lines or None,
                root_cause=root_cause,
            )
        _done(change)

    @group.command("action", cls=LeanCommand, help=t("pdca.cli_action_help"))
    def pdca_action(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        text: str = typer.Argument(..., metavar=t("cli.mv_text"), show_default=False),
        owner: str = typer.Option(
            "", "--owner", metavar=t("cli.mv_name"), help=t("pdca.opt_action_owner")
        ),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("pdca.opt_action_due")
        ),
    ) -> None:
        from leantui.core.pdca import plan

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = plan.add_countermeasure(db, number, text, owner=owner, due=due)
        _done(change)

    @group.command("do", cls=LeanCommand, help=t("pdca.cli_do_help"))
    def pdca_do(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        board: str | None = typer.Option(
            None, "--board", metavar=t("cli.mv_name"), help=t("cli.opt_board")
        ),
        reason: str | None = typer.Option(
            None, "--override-reason", metavar=t("cli.mv_text"), help=t("cli.opt_reason")
        ),
    ) -> None:
        from leantui.core.kanban import boards
        from leantui.core.pdca import plan

        number = _id(cycle_id)
        if not (board or "").strip():
            fail(t("cli.need_board"), 2)
        with open_db(settings_of(ctx)) as db:
            found = boards.find_board(db, (board or "").strip())
            change = plan.put_on_board(db, number, found.id, override_reason=reason)
        if not change.action:
            typer.echo(t("pdca.cli_no_new_cards"))
        for card in change.view.cards:
            typer.echo(t("pdca.cli_card", id=card.card_id, title=shown(card.card_title)))
        _done(change)

    @group.command(
        "measure",
        cls=LeanCommand,
        help=t("pdca.cli_measure_help"),
        context_settings=NEGATIVE_OK,
    )
    def pdca_measure(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        value: str = typer.Argument(..., metavar=t("pdca.mv_value"), show_default=False),
        on: str | None = typer.Option(
            None, "--date", metavar=t("cli.mv_date"), help=t("pdca.opt_date")
        ),
        note: str = typer.Option("", "--note", metavar=t("cli.mv_text"), help=t("pdca.opt_note")),
    ) -> None:
        from leantui.core.pdca import checks, rules

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = checks.measure(db, number, value, on=on, note=note)
        view = change.view
        change_percent = view.change_percent
        typer.echo(
            t(
                "pdca.cli_measured",
                id=view.id,
                value=rules.format_number(change.payload["value"]),
                date=change.payload["date"].isoformat(),
                change="—" if change_percent is None else f"{change_percent:+.1f}%",
                met=_met(view.target_met),
            )
        )


def _phases(group: typer.Typer) -> None:
    @group.command("advance", cls=LeanCommand, help=t("pdca.cli_advance_help"))
    def pdca_advance(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        yes: bool = typer.Option(False, "--yes", help=t("pdca.opt_yes_no_actions")),
    ) -> None:
        from leantui.core.pdca import phases
        from leantui.core.pdca.errors import NoDoActions

        number = _id(cycle_id)
        db = open_db(settings_of(ctx))
        try:
            change = phases.advance(db, number, confirm=yes)
        except NoDoActions as exc:
            fail(exc.message() + "\n" + t("pdca.cli_confirm_with_yes"))
        finally:
            db.close()
        _done(change)

    @group.command("back", cls=LeanCommand, help=t("pdca.cli_back_help"))
    def pdca_back(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        reason: str = typer.Option(
            "", "--reason", metavar=t("cli.mv_text"), help=t("pdca.opt_back_reason")
        ),
        to: str | None = typer.Option(None, "--to", metavar="P|D|C", help=t("pdca.opt_to")),
    ) -> None:
        from leantui.core.pdca import phases

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = phases.go_back(db, number, reason, to=to)
        _done(change)

    @group.command("standardize", cls=LeanCommand, help=t("pdca.cli_standardize_help"))
    def pdca_standardize(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        what: str = typer.Option(
            "", "--what", metavar=t("cli.mv_text"), help=t("pdca.opt_standard")
        ),
        where: str = typer.Option(
            "", "--where", metavar=t("cli.mv_text"), help=t("pdca.opt_standard_where")
        ),
    ) -> None:
        from leantui.core.pdca import phases

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = phases.standardize(db, number, what, where)
        _done(change)

    @group.command("follow-up", cls=LeanCommand, help=t("pdca.cli_follow_up_help"))
    def pdca_follow_up(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("pdca.opt_due")
        ),
        start: str | None = typer.Option(
            None, "--start", metavar=t("cli.mv_date"), help=t("pdca.opt_start")
        ),
        owner: str | None = typer.Option(
            None, "--owner", metavar=t("cli.mv_name"), help=t("pdca.opt_follow_up_owner")
        ),
        baseline: str | None = typer.Option(None, "--baseline", help=t("pdca.opt_new_baseline")),
        goal: str | None = typer.Option(None, "--goal", help=t("pdca.opt_new_goal")),
    ) -> None:
        from leantui.core.pdca import phases

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = phases.follow_up(
                db, number, due, start=start, owner=owner, baseline=baseline, goal=goal
            )
        typer.echo(t("pdca.cli_followed_up", id=number, new=change.view.id))
        _done(change)

    @group.command("abandon", cls=LeanCommand, help=t("pdca.cli_abandon_help"))
    def pdca_abandon(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
        reason: str = typer.Option(
            "", "--reason", metavar=t("cli.mv_text"), help=t("pdca.opt_abandon_reason")
        ),
    ) -> None:
        from leantui.core.pdca import phases

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = phases.abandon(db, number, reason)
        _done(change)

    @group.command("close", cls=LeanCommand, help=t("pdca.cli_close_help"))
    def pdca_close(
        ctx: typer.Context,
        cycle_id: str = typer.Argument(..., metavar="ID", show_default=False),
    ) -> None:
        from leantui.core.pdca import phases

        number = _id(cycle_id)
        with open_db(settings_of(ctx)) as db:
            change = phases.close(db, number)
        _done(change)
