"""`leantui kaizen …`: suggestions from a script or a shell: add, list, show, review,
decide, done, card, cycle and stats. Services are imported inside the commands, so
`leantui --help` stays fast; they check everything before they write, so bad input gets
a message naming the field, a non-zero status, and nothing saved. The currency and the
decision limit come from the config's [kaizen] table."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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
from leantui.core import clock, i18n
from leantui.core.i18n import t
from leantui.core.kaizen import rules
from leantui.core.kaizen.rules import category_name, status_name
from leantui.core.text import shown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from leantui.core.kaizen.rows import MonthStats, SuggestionDetail, SuggestionRow
    from leantui.core.services import Database


def _named(kind: str, keys: Iterable[str], text: str | None) -> str | None:
    """The key whose name, in either language or as the key itself, is `text`."""
    wanted = (text or "").strip().casefold()
    for key in keys:
        names = {key, key.replace("_", "-")}
        for lang in i18n.LANGUAGES:
            name = i18n.catalog(lang).get(f"kaizen.{kind}_{key}", "")
            if isinstance(name, str):
                names.add(name)
        if wanted in {name.casefold() for name in names if name}:
            return key
    return None


def _category(text: str | None) -> str:
    """A category by its key or its name in either language ("motion", "动作")."""
    wanted = (text or "").strip()
    # An unknown one goes on: the service refuses it, listing the categories.
    return (_named("category", rules.CATEGORIES, wanted) or wanted) if wanted else ""


def _status(text: str | None) -> str | None:
    """A status by its key or its name in either language ("under-review", "已采纳")."""
    wanted = (text or "").strip()
    return (_named("status", rules.STATUSES, wanted) or wanted) if wanted else None


def _number(text: str) -> int:
    return record_number(text, "kaizen.cli_bad_id")


def _team_id(db: Database, name: str | None) -> int | None:
    from leantui.core.services import workspace

    return workspace.find_team(db, name).id if name and name.strip() else None


def _area_id(db: Database, name: str | None) -> int | None:
    from leantui.core.services import workspace

    return workspace.find_area(db, name or "").id if (name or "").strip() else None


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row_json(row: SuggestionRow, days: int) -> dict[str, Any]:
    today = clock.today()
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status,
        "submitter": row.submitter,
        "team": row.team or None,
        "team_id": row.team_id,
        "area": row.area or None,
        "area_id": row.area_id,
        "category": row.category or None,
        "submitted_at": row.submitted_at.isoformat(),
        "decided_at": _when(row.decided_at),
        "reviewer": row.reviewer or None,
        "estimated_saving": _amount(row.estimated_saving),
        "actual_saving": _amount(row.actual_saving),
        "currency": row.currency,
        "implement_by": row.implement_by.isoformat() if row.implement_by else None,
        "implemented_on": row.implemented_on.isoformat() if row.implemented_on else None,
        "overdue": row.overdue(today, days),
        "late": row.late(today),
        "card_id": row.card_id,
        "follow_up_cycle_id": row.follow_up_cycle_id,
    }


def _detail_json(found: SuggestionDetail, days: int) -> dict[str, Any]:
    row = found.suggestion
    card = found.card
    return {
        **_row_json(row, days),
        "problem": row.problem,
        "proposal": row.proposal,
        "benefit": row.benefit,
        "reason": row.reason,
        "version": row.version,
        "card": None
        if card is None
        else {
            "id": card.card_id,
            "title": card.title,
            "board": card.board,
            "column": card.column,
            "state": card.state,
        },
        "cycle": None
        if found.cycle is None
        else {
            "id": found.cycle.cycle_id,
            "title": found.cycle.title,
            "phase": found.cycle.phase or None,
            "status": found.cycle.status,
        },
        "history": [
            {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "payload": e.payload}
            for e in found.history
        ],
    }


def _stats_json(stats: MonthStats) -> dict[str, Any]:
    return {
        "team": stats.team or None,
        "team_id": stats.team_id,
        "month": stats.month,
        "submitted": stats.submitted,
        "submitters": stats.submitters,
        "headcount": stats.headcount,
        "participation": stats.participation,
        "decided": stats.decided,
        "adopted": stats.adopted,
        "rejected": stats.rejected,
        "implemented": stats.implemented,
        "adoption_rate": stats.adoption_rate,
        "implementation_rate": stats.implementation_rate,
        "median_days": stats.median_days,
        "estimated_saving": str(stats.estimated_saving),
        "actual_saving": str(stats.actual_saving),
        "currency": stats.currency,
    }


def _done_line(row: SuggestionRow) -> str:
    return t(
        "kaizen.cli_now",
        id=row.id,
        title=shown(row.title),
        status=status_name(row.status),
    )


def register(app: typer.Typer) -> None:
    group = new_typer(t("kaizen.cli_help"))
    app.add_typer(group, name="kaizen")
    _capture(group)
    _reading(group)
    _workflow(group)
    _stats(group)


def _capture(group: typer.Typer) -> None:
    @group.command("add", cls=LeanCommand, help=t("kaizen.cli_add_help"))
    def add(
        ctx: typer.Context,
        title: str = typer.Option(
            "", "--title", metavar=t("cli.mv_text"), help=t("kaizen.opt_title")
        ),
        submitter: str = typer.Option(
            "", "--submitter", metavar=t("cli.mv_name"), help=t("kaizen.opt_submitter")
        ),
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("kaizen.opt_team")
        ),
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("kaizen.opt_area")
        ),
        category: str = typer.Option(
            "", "--category", metavar=t("kaizen.mv_category"), help=t("kaizen.opt_category")
        ),
        problem: str = typer.Option(
            "", "--problem", metavar=t("cli.mv_text"), help=t("kaizen.opt_problem")
        ),
        proposal: str = typer.Option(
            "", "--proposal", metavar=t("cli.mv_text"), help=t("kaizen.opt_proposal")
        ),
        benefit: str = typer.Option(
            "", "--benefit", metavar=t("cli.mv_text"), help=t("kaizen.opt_benefit")
        ),
        saving: str = typer.Option(
            "", "--saving", metavar=t("kaizen.mv_amount"), help=t("kaizen.opt_saving")
        ),
        add_person: bool = typer.Option(False, "--add-person", help=t("kaizen.opt_add_person")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kaizen import suggestions

        settings = settings_of(ctx)
        with open_db(settings) as db:
            row = suggestions.capture(
                db,
                title,
                problem,
                proposal,
                _area_id(db, area),
                submitter,
                team_id=_team_id(db, team),
                category=_category(category),
                benefit=benefit,
                estimated_saving=saving,
                currency=settings.kaizen.currency,
                add_person=add_person,
            )
        if as_json:
            echo_json(_row_json(row, settings.kaizen.decision_days))
            return
        typer.echo(
            t(
                "kaizen.cli_added",
                id=row.id,
                title=shown(row.title),
                submitter=shown(row.submitter),
                team=shown(row.team) or t("kaizen.no_team"),
            )
        )


def _reading(group: typer.Typer) -> None:
    @group.command("list", cls=LeanCommand, help=t("kaizen.cli_list_help"))
    def list_command(
        ctx: typer.Context,
        status: str | None = typer.Option(
            None, "--status", metavar=t("kaizen.mv_status"), help=t("kaizen.opt_status")
        ),
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("kaizen.opt_team_filter")
        ),
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("kaizen.opt_area_filter")
        ),
        category: str | None = typer.Option(
            None, "--category", metavar=t("kaizen.mv_category"), help=t("kaizen.opt_category")
        ),
        submitter: str | None = typer.Option(
            None, "--submitter", metavar=t("cli.mv_name"), help=t("kaizen.opt_submitter_filter")
        ),
        month: str | None = typer.Option(
            None, "--month", metavar="YYYY-MM", help=t("kaizen.opt_month")
        ),
        overdue: bool = typer.Option(False, "--overdue", help=t("kaizen.opt_overdue")),
        sort: str = typer.Option(
            "submitted", "--sort", metavar=t("kaizen.mv_sort"), help=t("kaizen.opt_sort")
        ),
        ascending: bool = typer.Option(False, "--asc", help=t("kaizen.opt_asc")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kaizen import suggestions

        settings = settings_of(ctx)
        days = settings.kaizen.decision_days
        with open_db(settings) as db:
            found = suggestions.list_suggestions(
                db,
                status=_status(status),
                team_id=_team_id(db, team),
                area_id=_area_id(db, area),
                category=_category(category) or None,
                submitter=submitter,
                month=month,
                overdue=overdue,
                overdue_days=days,
                sort=sort.strip().lower(),
                descending=not ascending,
            )
        if as_json:
            echo_json([_row_json(row, days) for row in found])
            return
        if not found:
            typer.echo(t("kaizen.no_suggestions"))
            return
        today = clock.today()
        rows = [
            [
                t("cli.h_id"),
                t("kaizen.h_date"),
                t("kaizen.h_status"),
                t("kaizen.h_title"),
                t("kaizen.h_submitter"),
                t("kaizen.h_team"),
                t("kaizen.h_category"),
                t("kaizen.h_saving"),
            ]
        ]
        for row in found:
            state = status_name(row.status)
            if row.overdue(today, days):
                state += " " + t("kaizen.overdue_mark")
            elif row.late(today):
                state += " " + t("kaizen.late_mark")
            saving = row.actual_saving if row.status == "implemented" else row.estimated_saving
            rows.append(
                [
                    str(row.id),
                    rules.local_date(row.submitted_at).isoformat(),
                    state,
                    shown(i18n.fit(row.title, 40)),
                    shown(row.submitter),
                    shown(row.team) or "—",
                    category_name(row.category),
                    rules.money(saving) if saving is not None else "—",
                ]
            )
        for line in table(rows, right={0, 7}):
            typer.echo(line)
        late = sum(1 for row in found if row.overdue(today, days))
        summary = t("kaizen.cli_count", count=len(found))
        if late:
            summary += t("kaizen.cli_sep") + t("kaizen.cli_overdue_count", count=late)
        typer.echo(summary)

    @group.command("show", cls=LeanCommand, help=t("kaizen.cli_show_help"))
    def show(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kaizen import suggestions

        number = _number(suggestion_id)
        settings = settings_of(ctx)
        with open_db(settings) as db:
            found = suggestions.detail(db, number)
        days = settings.kaizen.decision_days
        if as_json:
            echo_json(_detail_json(found, days))
            return
        for line in _detail_lines(found, days):
            typer.echo(line)


# What `kaizen show` lists, in this order (labels: fields.<name>).
DETAIL_FIELDS = (
    "submitter",
    "team",
    "area",
    "category",
    "submitted_at",
    "problem",
    "proposal",
    "benefit",
    "estimated_saving",
    "reviewer",
    "decided_at",
    "reason",
    "implement_by",
    "implemented_on",
    "actual_saving",
    "follow_up_cycle_id",
    "card_id",
)


def _detail_lines(found: SuggestionDetail, days: int) -> list[str]:
    row = found.suggestion
    today = clock.today()
    state = status_name(row.status)
    if row.overdue(today, days):
        state += " · " + t("kaizen.waiting_days", count=row.waiting_days(today))
    elif row.late(today):
        state += " · " + t("kaizen.late_mark")
    lines = [t("kaizen.show_head", id=row.id, title=shown(row.title), status=state)]
    values: dict[str, str] = {
        "submitter": shown(row.submitter),
        "team": shown(row.team),
        "area": shown(row.area),
        "category": category_name(row.category) if row.category else "",
        "submitted_at": row.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        "problem": shown(row.problem),
        "proposal": shown(row.proposal),
        "benefit": shown(row.benefit),
        "estimated_saving": rules.money(row.estimated_saving, row.currency)
        if row.estimated_saving is not None
        else "",
        "reviewer": shown(row.reviewer),
        "decided_at": row.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if row.decided_at
        else "",
        "reason": shown(row.reason),
        "implement_by": row.implement_by.isoformat() if row.implement_by else "",
        "implemented_on": row.implemented_on.isoformat() if row.implemented_on else "",
        "actual_saving": rules.money(row.actual_saving, row.currency)
        if row.actual_saving is not None
        else "",
        "follow_up_cycle_id": f"#{row.follow_up_cycle_id}" if row.follow_up_cycle_id else "",
        "card_id": "",
    }
    if found.cycle is not None:
        cycle = found.cycle
        values["follow_up_cycle_id"] = f"#{cycle.cycle_id} {shown(cycle.title)} ({cycle.state()})"
    if found.card is not None:
        card = found.card
        where = t(f"kaizen.card_{card.state}", board=shown(card.board), column=shown(card.column))
        values["card_id"] = f"#{card.card_id} {shown(card.title)} ({where})"
    pairs = [[t(f"fields.{name}"), values[name]] for name in DETAIL_FIELDS if values[name]]
    lines.extend("  " + line for line in table(pairs))
    lines.append(t("kaizen.history"))
    history = [
        [
            e.at.astimezone().strftime("%Y-%m-%d %H:%M"),
            shown(e.actor),
            shown(rules.event_text(e.action, e.payload)),
        ]
        for e in reversed(found.history)
    ]
    lines.extend("  " + line for line in table(history))
    return lines


def _workflow(group: typer.Typer) -> None:
    @group.command("review", cls=LeanCommand, help=t("kaizen.cli_review_help"))
    def review(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        reviewer: str | None = typer.Option(
            None, "--reviewer", metavar=t("cli.mv_name"), help=t("kaizen.opt_reviewer")
        ),
    ) -> None:
        from leantui.core.kaizen import suggestions

        number = _number(suggestion_id)
        with open_db(settings_of(ctx)) as db:
            row = suggestions.review(db, number, reviewer)
        typer.echo(_done_line(row))

    @group.command("decide", cls=LeanCommand, help=t("kaizen.cli_decide_help"))
    def decide(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        decision: str = typer.Argument(..., metavar="adopt|reject", show_default=False),
        reason: str = typer.Option(
            "", "--reason", metavar=t("cli.mv_text"), help=t("kaizen.opt_reason")
        ),
        reviewer: str | None = typer.Option(
            None, "--reviewer", metavar=t("cli.mv_name"), help=t("kaizen.opt_reviewer")
        ),
        by: str | None = typer.Option(
            None, "--by", metavar=t("cli.mv_date"), help=t("kaizen.opt_implement_by")
        ),
    ) -> None:
        from leantui.core.kaizen import suggestions

        number = _number(suggestion_id)
        with open_db(settings_of(ctx)) as db:
            row = suggestions.decide(db, number, decision, reason, reviewer, implement_by=by)
        typer.echo(_done_line(row))

    @group.command("done", cls=LeanCommand, help=t("kaizen.cli_done_help"))
    def done(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        saving: str = typer.Option(
            "", "--saving", metavar=t("kaizen.mv_amount"), help=t("kaizen.opt_actual_saving")
        ),
        day: str | None = typer.Option(
            None, "--date", metavar=t("cli.mv_date"), help=t("kaizen.opt_done_date")
        ),
    ) -> None:
        from leantui.core.kaizen import suggestions

        number = _number(suggestion_id)
        with open_db(settings_of(ctx)) as db:
            row = suggestions.implement(db, number, day, saving)
        typer.echo(_done_line(row))

    @group.command("card", cls=LeanCommand, help=t("kaizen.cli_card_help"))
    def card(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        board: str = typer.Option(
            "", "--board", metavar=t("cli.mv_name"), help=t("kaizen.opt_board")
        ),
        owner: str | None = typer.Option(
            None, "--owner", metavar=t("cli.mv_name"), help=t("kaizen.opt_card_owner")
        ),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("kaizen.opt_card_due")
        ),
    ) -> None:
        from leantui.core.kaizen import suggestions
        from leantui.core.kanban import boards

        number = _number(suggestion_id)
        if not board.strip():
            fail(t("cli.need_board"), 2)
        with open_db(settings_of(ctx)) as db:
            target = boards.find_board(db, board.strip())
            row = suggestions.create_card(db, number, target.id, owner, due)
        typer.echo(t("kaizen.cli_card_made", id=row.id, card=row.card_id, board=shown(target.name)))

    @group.command("cycle", cls=LeanCommand, help=t("kaizen.cli_cycle_help"))
    def cycle(
        ctx: typer.Context,
        suggestion_id: str = typer.Argument(..., metavar="ID", show_default=False),
        owner: str | None = typer.Option(
            None, "--owner", metavar=t("cli.mv_name"), help=t("kaizen.opt_cycle_owner")
        ),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("kaizen.opt_cycle_due")
        ),
    ) -> None:
        from leantui.core.kaizen import suggestions

        number = _number(suggestion_id)
        with open_db(settings_of(ctx)) as db:
            row = suggestions.create_cycle(db, number, owner, due)
        typer.echo(t("kaizen.cli_cycle_made", id=row.id, cycle=row.follow_up_cycle_id))


def _stats(group: typer.Typer) -> None:
    @group.command("stats", cls=LeanCommand, help=t("kaizen.cli_stats_help"))
    def stats(
        ctx: typer.Context,
        team: str | None = typer.Option(
            None, "--team", metavar=t("cli.mv_name"), help=t("kaizen.opt_team_filter")
        ),
        months: int = typer.Option(
            rules.TREND_MONTHS, "--months", min=1, max=600, help=t("kaizen.opt_months")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kaizen import metrics

        settings = settings_of(ctx)
        with open_db(settings) as db:
            trends = metrics.recent(
                db, months, _team_id(db, team), currency=settings.kaizen.currency
            )
        found = [one for trend in trends for one in trend.months]
        if as_json:
            echo_json([_stats_json(one) for one in found])
            return
        if not found:
            typer.echo(t("kaizen.no_teams"))
            return
        for trend in trends:
            typer.echo(shown(trend.team) or t("kaizen.no_team"))
            rows = [
                [
                    t("kaizen.h_month"),
                    t("kaizen.h_submitted"),
                    t("kaizen.h_decided"),
                    t("kaizen.h_adoption"),
                    t("kaizen.h_implementation"),
                    t("kaizen.h_participation"),
                    t("kaizen.h_median_days"),
                    t("kaizen.h_estimated"),
                    t("kaizen.h_actual"),
                ]
            ]
            for one in trend.months:
                rows.append(
                    [
                        one.month,
                        str(one.submitted),
                        str(one.decided),
                        rules.percent(one.adoption_rate),
                        rules.percent(one.implementation_rate),
                        rules.percent(one.participation),
                        "—" if one.median_days is None else f"{one.median_days:.1f}",
                        rules.money(one.estimated_saving),
                        rules.money(one.actual_saving),
                    ]
                )
            for line in table(rows, right=set(range(1, 9))):
                typer.echo("  " + line)
