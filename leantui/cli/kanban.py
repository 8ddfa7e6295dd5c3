"""`leantui board …` and `leantui card …`: the kanban boards from a script or a shell.

Every change goes through leantui.core.services, which validate before they write:
bad input gets a message on stderr, a non-zero status, and nothing is saved."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.cells import cell_len

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
from leantui.core import clock
from leantui.core.errors import ValidationError
from leantui.core.i18n import fit, pad, t
from leantui.core.kanban import rules
from leantui.core.services import validate
from leantui.core.text import shown

if TYPE_CHECKING:
    from leantui.core.kanban.rows import BoardInfo, ColumnRow
    from leantui.core.services import Database


def _board(db: Database, name: str | None) -> BoardInfo:
    from leantui.core.kanban import boards

    if not (name or "").strip():
        fail(t("cli.need_board"), 2)
    return boards.find_board(db, (name or "").strip())


def _column(db: Database, board: BoardInfo, name: str) -> ColumnRow:
    """A column of `board` by name (exact, then ignoring case) or by id."""
    from leantui.core.kanban import boards

    columns = boards.columns(db, board.id)
    wanted = name.strip()
    for match in (
        lambda c: c.name == wanted,
        lambda c: c.name.casefold() == wanted.casefold(),
        lambda c: c.id == validate.record_id(wanted),
    ):
        found = [c for c in columns if match(c)]
        if found:
            return found[0]
    fail(
        t("kanban.no_such_column", name=wanted)
        + "\n"
        + t(
            "cli.columns_are",
            board=shown(board.name),
            columns=t("cli.list_sep").join(shown(c.name) for c in columns),
        )
    )


def _card_id(text: str) -> int:
    return record_number(text, "cli.bad_card_id")


def register(app: typer.Typer) -> None:
    board_app = new_typer(t("cli.board_help"))
    card_app = new_typer(t("cli.card_help"))
    app.add_typer(board_app, name="board")
    app.add_typer(card_app, name="card")

    @board_app.command("list", cls=LeanCommand, help=t("cli.board_list_help"))
    def board_list(
        ctx: typer.Context,
        everything: bool = typer.Option(False, "--all", help=t("cli.opt_all_boards")),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kanban import boards

        with open_db(settings_of(ctx)) as db:
            found = boards.list_boards(db, include_archived=True)
        archived = [b for b in found if b.archived]
        if not everything:
            found = [b for b in found if not b.archived]
        if as_json:
            echo_json(
                [
                    {"id": b.id, "name": b.name, "cards": b.cards, "archived": b.archived}
                    for b in found
                ]
            )
            return
        if not found:
            if archived:
                say(t("cli.all_boards_archived", count=len(archived)))
            else:
                say(t("cli.no_boards"))
            return
        rows = [[t("cli.h_id"), t("cli.h_board"), t("cli.h_cards")]]
        for b in found:
            name = f"{b.name} {t('cli.archived_mark')}" if b.archived else b.name
            rows.append([str(b.id), name, str(b.cards)])
        for line in table(rows, right={0, 2}):
            say(line)

    def set_archived(ctx: typer.Context, name: str, archived: bool) -> None:
        from leantui.core.kanban import boards

        with open_db(settings_of(ctx), create=True) as db:
            found = _board(db, name)
            changed = boards.set_board_archived(db, found.id, archived)
        shown_name = shown(found.name)
        if archived:
            key = "cli.board_archived_done" if changed else "cli.board_already_archived"
        else:
            key = "cli.board_restored_done" if changed else "cli.board_not_archived"
        say(t(key, name=shown_name))

    @board_app.command("archive", cls=LeanCommand, help=t("cli.board_archive_help"))
    def board_archive(
        ctx: typer.Context,
        name: str = typer.Argument(
            ..., metavar=t("cli.mv_board"), help=t("cli.arg_board"), show_default=False
        ),
    ) -> None:
        set_archived(ctx, name, True)

    @board_app.command("restore", cls=LeanCommand, help=t("cli.board_restore_help"))
    def board_restore(
        ctx: typer.Context,
        name: str = typer.Argument(
            ..., metavar=t("cli.mv_board"), help=t("cli.arg_board"), show_default=False
        ),
    ) -> None:
        set_archived(ctx, name, False)

    @card_app.command("add", cls=LeanCommand, help=t("cli.card_add_help"))
    def card_add(
        ctx: typer.Context,
        board: str | None = typer.Option(
            None, "--board", "-b", metavar=t("cli.mv_name"), help=t("cli.opt_board")
        ),
        title: str | None = typer.Option(
            None, "--title", "-t", metavar=t("cli.mv_text"), help=t("cli.opt_title")
        ),
        column: str | None = typer.Option(
            None, "--column", "-c", metavar=t("cli.mv_name"), help=t("cli.opt_column")
        ),
        owner: str | None = typer.Option(
            None, "--owner", metavar=t("cli.mv_name"), help=t("cli.opt_owner")
        ),
        due: str | None = typer.Option(
            None, "--due", metavar=t("cli.mv_date"), help=t("cli.opt_due")
        ),
        tag: Annotated[
            list[str] | None,
            typer.Option("--tag", metavar=t("cli.mv_tag"), help=t("cli.opt_tag")),
        ] = None,
        priority: str | None = typer.Option(
            None, "--priority", metavar=t("cli.mv_priority"), help=t("cli.opt_priority")
        ),
        description: str | None = typer.Option(
            None, "--description", metavar=t("cli.mv_text"), help=t("cli.opt_description")
        ),
        reason: str | None = typer.Option(
            None, "--reason", "-r", metavar=t("cli.mv_text"), help=t("cli.opt_reason")
        ),
    ) -> None:
        from leantui.core.kanban import cards

        with open_db(settings_of(ctx), create=True) as db:
            found = _board(db, board)
            target = _column(db, found, column) if column else None
            fields: dict[str, Any] = {
                "owner": owner or "",
                "due": due,
                "tags": list(tag or []),
                "description": description or "",
            }
            if priority is not None:
                fields["priority"] = priority
            try:
                change = cards.add_card(
                    db,
                    found.id,
                    title or "",
                    column_id=target.id if target else None,
                    override_reason=reason,
                    **fields,
                )
            except cards.WipLimitReached as exc:
                fail(exc.message() + "\n" + t("cli.wip_add_use_reason"))
            except ValidationError as exc:
                if exc.key != "kanban.board_archived":
                    raise
                hint = t("cli.board_archived_use_restore", name=shown(found.name))
                fail(exc.message() + "\n" + hint)
        say(
            t(
                "cli.card_added",
                id=change.card_id,
                title=shown(change.payload["title"]),
                board=shown(found.name),
                column=shown(change.payload["column"]),
            )
        )

    @card_app.command("list", cls=LeanCommand, help=t("cli.card_list_help"))
    def card_list(
        ctx: typer.Context,
        board: str | None = typer.Option(
            None, "--board", "-b", metavar=t("cli.mv_name"), help=t("cli.opt_board")
        ),
        as_json: bool = typer.Option(False, "--json", help=t("cli.opt_json")),
    ) -> None:
        from leantui.core.kanban import cards

        with open_db(settings_of(ctx)) as db:
            found = _board(db, board)
            columns = _columns(db, found)
            rows = cards.board_cards(db, found.id)
        by_id = {c.id: c for c in columns}
        today = clock.today()
        if as_json:
            echo_json(
                [
                    {
                        "id": r.id,
                        "board": found.name,
                        "column": by_id[r.column_id].name,
                        "column_kind": by_id[r.column_id].kind,
                        "position": r.position,
                        "title": r.title,
                        "description": r.description,
                        "owner": r.owner,
                        "tags": [x for x in r.tags.split(",") if x],
                        "priority": r.priority,
                        "due": r.due.isoformat() if r.due else None,
                        "overdue": rules.is_overdue(r.due, by_id[r.column_id].kind, today),
                        "blocked": r.blocked,
                        "moved_at": r.moved_at.isoformat(),
                    }
                    for r in rows
                ]
            )
            return
        # Fit the terminal: one long title must not push every other card's owner and
        # due date off to the right (--json is complete).
        width = max(shutil.get_terminal_size((80, 24)).columns, 40)
        say(fit(t("cli.card_list_title", board=shown(found.name), count=len(rows)), width))
        for column in columns:
            inside = [r for r in rows if r.column_id == column.id]
            limit = f"/{column.wip_limit}" if column.wip_limit is not None else ""
            say("\n" + fit(f"{shown(column.name)} ({len(inside)}{limit})", width))
            lines = []
            for r in inside:
                notes = [shown(r.owner)] if r.owner else []
                if r.due:
                    notes.append(t("cli.due_on", date=r.due.isoformat()))
                if rules.is_overdue(r.due, column.kind, today):
                    notes.append(t("cli.overdue_mark"))
                if r.blocked:
                    notes.append(t("cli.blocked_mark"))
                lines.append((f"#{r.id}", shown(r.title), " · ".join(notes)))
            for line in _card_lines(lines, width - 2):
                say("  " + line)

    @card_app.command("move", cls=LeanCommand, help=t("cli.card_move_help"))
    def card_move(
        ctx: typer.Context,
        card_id: str = typer.Argument(
            ..., metavar=t("cli.mv_card_id"), help=t("cli.arg_card_id"), show_default=False
        ),
        column: str = typer.Argument(
            ..., metavar=t("cli.mv_column"), help=t("cli.arg_column"), show_default=False
        ),
        reason: str | None = typer.Option(
            None, "--reason", "-r", metavar=t("cli.mv_text"), help=t("cli.opt_reason")
        ),
    ) -> None:
        from leantui.core.kanban import boards, cards

        number = _card_id(card_id)
        with open_db(settings_of(ctx), create=True) as db:
            card = cards.get_card(db, number)
            target = _column(db, boards.board_info(db, card.board_id), column)
            try:
                change = cards.move_card(db, number, target.id, override_reason=reason)
            except cards.WipLimitReached as exc:
                fail(exc.message() + "\n" + t("cli.wip_use_reason", id=number, column=column))
        # What the service did, read in its transaction: another terminal may have moved
        # the card between our look and the move.
        if not change.action:
            say(t("cli.card_already_there", id=number, column=shown(target.name)))
            return
        say(
            t(
                "cli.card_moved",
                id=number,
                title=shown(change.card.title if change.card else card.title),
                source=shown(change.payload["from"]),
                target=shown(change.payload["to"]),
            )
        )
        if change.payload.get("unblocked"):
            say(t("cli.card_unblocked_on_done", reason=shown(change.payload["blocked_reason"])))


def _card_lines(rows: list[tuple[str, str, str]], width: int) -> list[str]:
    """Number, title and notes of each card in `width` terminal cells: titles get at
    least half the room (cut with an ellipsis), the notes the rest."""
    if not rows:
        return []
    number_w = max(cell_len(row[0]) for row in rows)
    title_max = max(cell_len(row[1]) for row in rows)
    notes_max = max(cell_len(row[2]) for row in rows)
    gap = 2 if notes_max else 0
    room = max(width - number_w - 2 - gap, 10)
    title_w = min(title_max, max(room - notes_max, room // 2))
    notes_w = min(notes_max, room - title_w)
    lines = []
    for number, title, notes in rows:
        line = f"{pad(number, number_w)}  {pad(title, title_w)}"
        if notes:
            line += " " * gap + fit(notes, notes_w)
        lines.append(line.rstrip())
    return lines


def _columns(db: Database, board: BoardInfo) -> list[ColumnRow]:
    from leantui.core.kanban import boards

    return boards.columns(db, board.id)
