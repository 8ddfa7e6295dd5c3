"""`leantui template …`, `area …`, `audit …` and `redtag …`: the 5S module from a script
or a shell. Services are imported inside the commands, so `leantui --help` stays fast."""

from __future__ import annotations

from pathlib import Path
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
from leantui.core.i18n import t
from leantui.core.text import shown

if TYPE_CHECKING:
    from leantui.core.rows import AreaRow
    from leantui.core.services import Database


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _area(db: Database, name: str | None) -> AreaRow:
    from leantui.core.services import workspace

    if not (name or "").strip():
        fail(t("five_s.cli_need_area"), 2)
    return workspace.find_area(db, name or "")


def _number(text: str, what: str) -> int:
    return record_number(text, "five_s.cli_bad_id", what=what)


def register(app: typer.Typer) -> None:
    _templates(app)
    _areas(app)
    _audits(app)
    _red_tags(app)


def _templates(app: typer.Typer) -> None:
    group = new_typer(t("five_s.cli_template_help"))
    app.add_typer(group, name="template")

    @group.command("list", cls=LeanCommand, help=t("five_s.cli_template_list_help"))
    def template_list() -> None:
        from leantui.core.five_s import templates

        loaded = templates.load_all()
        rows = [[t("five_s.h_name"), t("five_s.h_title"), t("five_s.h_items"), t("five_s.h_where")]]
        for template in loaded.templates.values():
            where = t("five_s.shipped") if template.shipped else str(template.path)
            rows.append(
                [
                    template.name,
                    shown(templates.text_in(template.title)),
                    str(len(template.items)),
                    where,
                ]
            )
        for line in table(rows, right={2}):
            typer.echo(line)
        for problem in loaded.problems:
            typer.echo(problem.message(), err=True)

    @group.command("show", cls=LeanCommand, help=t("five_s.cli_template_show_help"))
    def template_show(
        name: str = typer.Argument(..., metavar=t("cli.mv_name"), show_default=False),
    ) -> None:
        from leantui.core.five_s import templates

        found = templates.get(name.strip())
        typer.echo(
            t(
                "five_s.template_head",
                title=shown(templates.text_in(found.title)),
                name=found.name,
                version=found.version,
                low=found.scale_min,
                high=found.scale_max,
            )
        )
        for level, meaning in found.levels.items():
            typer.echo(f"  {level}  {shown(templates.text_in(meaning))}")
        rows = [
            [
                item.key,
                t(f"five_s.s_{item.s}"),
                f"{item.weight:g}",
                shown(templates.text_in(item.text)),
            ]
            for item in found.items
        ]
        for line in table(rows):
            typer.echo("  " + line)

    @group.command("check", cls=LeanCommand, help=t("five_s.cli_template_check_help"))
    def template_check(
        path: str = typer.Argument(..., metavar=t("cli.mv_path"), show_default=False),
    ) -> None:
        from leantui.core.five_s import templates

        found = templates.parse(Path(path))
        typer.echo(t("five_s.template_ok", path=path, name=found.name, items=len(found.items)))

    @group.command("import", cls=LeanCommand, help=t("five_s.cli_template_import_help"))
    def template_import(
        path: str = typer.Argument(..., metavar=t("cli.mv_path"), show_default=False),
        force: bool = typer.Option(False, "--force", help=t("five_s.opt_force_template")),
    ) -> None:
        from leantui.core.five_s import templates

        found = templates.import_file(Path(path), force=force)
        typer.echo(t("five_s.template_imported", name=found.name, path=found.path))

    @group.command("export", cls=LeanCommand, help=t("five_s.cli_template_export_help"))
    def template_export(
        name: str = typer.Argument(..., metavar=t("cli.mv_name"), show_default=False),
    ) -> None:
        from leantui.core.five_s import templates

        typer.echo(templates.source_text(templates.get(name.strip())), nl=False)


def _areas(app: typer.Typer) -> None:
    group = new_typer(t("five_s.cli_area_help"))
    app.add_typer(group, name="area")

    @group.command("list", cls=LeanCommand, help=t("five_s.cli_area_list_help"))
    def area_list(
        ctx: typer.Context,
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.five_s import areas

        with open_db(settings_of(ctx)) as db:
            found = areas.overview(db)
        if as_json:
            echo_json(
                [
                    {
                        "id": a.area_id,
                        "name": a.name,
                        "template": a.template,
                        "owner": a.owner,
                        "cadence_days": a.cadence_days,
                        "last_audit": a.last_audit_id,
                        "last_date": a.last_date.isoformat() if a.last_date else None,
                        "last_total": a.last_total,
                        "band": a.band,
                        "open_actions": a.open_actions,
                        "due": a.due,
                        "draft": a.draft_id,
                    }
                    for a in found
                ]
            )
            return
        if not found:
            typer.echo(t("five_s.no_areas"))
            return
        rows = [
            [
                t("cli.h_id"),
                t("five_s.h_area"),
                t("five_s.h_last"),
                t("five_s.h_score"),
                t("five_s.h_band"),
                t("five_s.h_actions"),
                t("five_s.h_due"),
            ]
        ]
        for a in found:
            rows.append(
                [
                    str(a.area_id),
                    shown(a.name),
                    a.last_date.isoformat() if a.last_date else "—",
                    _percent(a.last_total),
                    t(f"five_s.band_{a.band}") if a.band else "—",
                    str(a.open_actions),
                    t("five_s.due_mark") if a.due else "",
                ]
            )
        for line in table(rows, right={0, 3, 5}):
            typer.echo(line)

    @group.command("add", cls=LeanCommand, help=t("five_s.cli_area_add_help"))
    def area_add(
        ctx: typer.Context,
        name: str = typer.Argument(..., metavar=t("cli.mv_name"), show_default=False),
        template: str | None = typer.Option(None, "--template", help=t("five_s.opt_template")),
        owner: str | None = typer.Option(None, "--owner", help=t("cli.opt_owner")),
        cadence: str | None = typer.Option(None, "--cadence", help=t("five_s.opt_cadence")),
    ) -> None:
        from leantui.core.five_s import areas
        from leantui.core.services import workspace

        with open_db(settings_of(ctx)) as db, db.write():
            area = workspace.create_area(db, name)
            areas.set_settings(db, area.id, template, owner, cadence)
        typer.echo(t("five_s.area_added", name=shown(area.name), id=area.id))

    @group.command("set", cls=LeanCommand, help=t("five_s.cli_area_set_help"))
    def area_set(
        ctx: typer.Context,
        name: str = typer.Argument(..., metavar=t("cli.mv_name"), show_default=False),
        template: str | None = typer.Option(None, "--template", help=t("five_s.opt_template")),
        owner: str | None = typer.Option(None, "--owner", help=t("cli.opt_owner")),
        cadence: str | None = typer.Option(None, "--cadence", help=t("five_s.opt_cadence")),
        rename: str | None = typer.Option(None, "--rename", help=t("five_s.opt_rename")),
    ) -> None:
        from leantui.core.five_s import areas
        from leantui.core.services import workspace

        with open_db(settings_of(ctx)) as db:
            area = _area(db, name)
            with db.write():
                if rename is not None:
                    area = workspace.rename_area(db, area.id, rename)
                areas.set_settings(db, area.id, template, owner, cadence)
        typer.echo(t("five_s.area_saved", name=shown(area.name)))

    for command, archived in (("archive", True), ("restore", False)):

        @group.command(command, cls=LeanCommand, help=t(f"five_s.cli_area_{command}_help"))
        def area_archive(
            ctx: typer.Context,
            name: str = typer.Argument(..., metavar=t("cli.mv_name"), show_default=False),
            archived: bool = typer.Option(archived, hidden=True),
        ) -> None:
            from leantui.core.services import workspace

            with open_db(settings_of(ctx)) as db:
                area = workspace.set_area_archived(db, _area(db, name).id, archived)
            key = "five_s.area_archived_done" if archived else "five_s.area_restored"
            typer.echo(t(key, name=shown(area.name)))


def _audit_json(result: Any) -> dict[str, Any]:
    from leantui.core.five_s import templates

    audit = result.audit
    return {
        "id": audit.id,
        "area": audit.area,
        "template": audit.template,
        "template_version": audit.template_version,
        "auditor": audit.auditor,
        "status": audit.status,
        "started_at": audit.started_at.isoformat(),
        "finished_at": audit.finished_at.isoformat() if audit.finished_at else None,
        "scale_max": audit.scale_max,
        "total": result.total,
        "band": result.band,
        "by_s": result.by_s,
        "items": [
            {
                "id": item.id,
                "key": item.key,
                "s": item.s,
                "text": templates.text_in(item.text),
                "weight": item.weight,
                "score": item.score,
                "na": item.na,
                "comment": item.comment,
                "card_id": item.card_id,
            }
            for item in result.items
        ],
        "actions": [
            {"card_id": a.card_id, "title": a.title, "column": a.column, "state": a.state}
            for a in result.actions
        ],
    }


def _audits(app: typer.Typer) -> None:
    group = new_typer(t("five_s.cli_audit_help"))
    app.add_typer(group, name="audit")

    @group.command("list", cls=LeanCommand, help=t("five_s.cli_audit_list_help"))
    def audit_list(
        ctx: typer.Context,
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("five_s.opt_area")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.five_s import audits

        with open_db(settings_of(ctx)) as db:
            area_id = _area(db, area).id if area is not None else None
            found = audits.list_audits(db, area_id)
        if as_json:
            echo_json(
                [
                    {
                        "id": a.id,
                        "area": a.area,
                        "template": a.template,
                        "auditor": a.auditor,
                        "status": a.status,
                        "started_at": a.started_at.isoformat(),
                        "finished_at": a.finished_at.isoformat() if a.finished_at else None,
                        "total": a.total,
                    }
                    for a in found
                ]
            )
            return
        if not found:
            typer.echo(t("five_s.no_audits"))
            return
        rows = [
            [
                t("cli.h_id"),
                t("five_s.h_area"),
                t("five_s.h_date"),
                t("five_s.h_score"),
                t("five_s.h_auditor"),
                t("five_s.h_status"),
            ]
        ]
        for a in found:
            when = a.finished_at or a.started_at
            rows.append(
                [
                    str(a.id),
                    shown(a.area),
                    when.astimezone().date().isoformat(),
                    _percent(a.total),
                    shown(a.auditor),
                    t(f"five_s.status_{a.status}"),
                ]
            )
        for line in table(rows, right={0, 3}):
            typer.echo(line)

    @group.command("show", cls=LeanCommand, help=t("five_s.cli_audit_show_help"))
    def audit_show(
        ctx: typer.Context,
        audit_id: str = typer.Argument(..., metavar="ID", show_default=False),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.five_s import audits, templates

        number = _number(audit_id, t("five_s.audit_word"))
        with open_db(settings_of(ctx)) as db:
            result = audits.result(db, number)
        if as_json:
            echo_json(_audit_json(result))
            return
        audit = result.audit
        typer.echo(
            t(
                "five_s.audit_head",
                id=audit.id,
                area=shown(audit.area),
                title=shown(templates.text_in(audit.title)),
                status=t(f"five_s.status_{audit.status}"),
                auditor=shown(audit.auditor),
            )
        )
        band = t(f"five_s.band_{result.band}") if result.band else "—"
        typer.echo(t("five_s.audit_total", total=_percent(result.total), band=band))
        for s, value in result.by_s.items():
            typer.echo(f"  {t(f'five_s.s_{s}')}  {_percent(value)}")
        rows = []
        for item in result.items:
            score = (
                t("five_s.na_mark") if item.na else ("·" if item.score is None else str(item.score))
            )
            rows.append(
                [
                    score,
                    t(f"five_s.s_{item.s}"),
                    shown(templates.text_in(item.text)),
                    shown(item.comment),
                ]
            )
        for line in table(rows, right={0}):
            typer.echo("  " + line)


def _red_tags(app: typer.Typer) -> None:
    group = new_typer(t("five_s.cli_redtag_help"))
    app.add_typer(group, name="redtag")

    @group.command("add", cls=LeanCommand, help=t("five_s.cli_redtag_add_help"))
    def redtag_add(
        ctx: typer.Context,
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("five_s.opt_area")
        ),
        item: str | None = typer.Option(
            None, "--item", metavar=t("cli.mv_text"), help=t("five_s.opt_item")
        ),
        location: str = typer.Option(
            "", "--location", metavar=t("cli.mv_text"), help=t("five_s.opt_location")
        ),
        reason: str = typer.Option(
            "", "--reason", metavar=t("cli.mv_text"), help=t("five_s.opt_tag_reason")
        ),
        quantity: str = typer.Option("1", "--quantity", help=t("five_s.opt_quantity")),
        by: str = typer.Option("", "--by", metavar=t("cli.mv_name"), help=t("five_s.opt_by")),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("five_s.opt_decision_due")
        ),
    ) -> None:
        from leantui.core.five_s import redtags

        with open_db(settings_of(ctx)) as db:
            found = _area(db, area)
            tag = redtags.add_tag(
                db,
                found.id,
                item or "",
                location=location,
                reason=reason,
                quantity=quantity,
                tagged_by=by,
                decision_due=due,
            )
        typer.echo(t("five_s.red_tag_added", id=tag.id, item=shown(tag.item), area=shown(tag.area)))

    @group.command("list", cls=LeanCommand, help=t("five_s.cli_redtag_list_help"))
    def redtag_list(
        ctx: typer.Context,
        area: str | None = typer.Option(
            None, "--area", metavar=t("cli.mv_name"), help=t("five_s.opt_area")
        ),
        undecided: bool = typer.Option(False, "--open", help=t("five_s.opt_open_tags")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core import clock
        from leantui.core.five_s import redtags

        with open_db(settings_of(ctx)) as db:
            area_id = _area(db, area).id if area is not None else None
            found = redtags.list_tags(db, area_id, undecided=undecided)
        today = clock.today()
        if as_json:
            echo_json(
                [
                    {
                        "id": r.id,
                        "area": r.area,
                        "item": r.item,
                        "location": r.location,
                        "reason": r.reason,
                        "quantity": r.quantity,
                        "tagged_by": r.tagged_by,
                        "tagged_at": r.tagged_at.isoformat(),
                        "decision_due": r.decision_due.isoformat() if r.decision_due else None,
                        "disposition": r.disposition or None,
                        "decided_at": r.decided_at.isoformat() if r.decided_at else None,
                        "note": r.note,
                        "overdue": r.overdue(today),
                    }
                    for r in found
                ]
            )
            return
        if not found:
            typer.echo(t("five_s.no_red_tags"))
            return
        rows = [
            [
                t("cli.h_id"),
                t("five_s.h_item"),
                t("five_s.h_area"),
                t("five_s.h_due"),
                t("five_s.h_decision"),
            ]
        ]
        for r in found:
            decision = t(f"five_s.disposition_{r.disposition}") if r.disposition else ""
            if r.overdue(today):
                decision = t("five_s.overdue_mark")
            due = r.decision_due.isoformat() if r.decision_due else "—"
            rows.append([str(r.id), shown(r.item), shown(r.area), due, decision])
        for line in table(rows, right={0}):
            typer.echo(line)

    @group.command("decide", cls=LeanCommand, help=t("five_s.cli_redtag_decide_help"))
    def redtag_decide(
        ctx: typer.Context,
        tag_id: str = typer.Argument(..., metavar="ID", show_default=False),
        disposition: str = typer.Argument(..., metavar="keep|relocate|discard", show_default=False),
        note: str = typer.Option("", "--note", metavar=t("cli.mv_text"), help=t("five_s.opt_note")),
        by: str = typer.Option("", "--by", metavar=t("cli.mv_name"), help=t("five_s.opt_by")),
    ) -> None:
        from leantui.core.five_s import redtags

        number = _number(tag_id, t("five_s.red_tag_word"))
        with open_db(settings_of(ctx)) as db:
            tag = redtags.decide(db, number, disposition.strip().lower(), note, decided_by=by)
        typer.echo(
            t(
                "five_s.red_tag_decided_done",
                id=tag.id,
                item=shown(tag.item),
                decision=t(f"five_s.disposition_{tag.disposition}"),
            )
        )
