"""List dialogs of the kanban module, on the kit's ListDialog: boards, columns, archived
cards, and a column picker. Each declares its columns once; its keys act on the
highlighted row and errors from services appear under the list."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kanban import boards, cards
from leantui.core.kanban.rows import BoardSummary, CardChange, CardRow, ColumnRow
from leantui.core.services import Database, validate, workspace
from leantui.tui.kanban.forms import BOARD_FIELDS, COLUMN_FIELDS, kind_label
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import FormScreen
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListDialog


def _teams(db: Database) -> list[tuple[str, Any]]:
    return [(team.name, team.id) for team in workspace.list_teams(db)]


def board_form(db: Database, board: BoardSummary | None = None) -> FormScreen[int]:
    """The new-board form, or the rename / team form of `board`; it returns the id."""

    def save(values: dict[str, Any]) -> int:
        if board is None:
            return boards.create_board(db, values["name"], team_id=values["team_id"]).id
        boards.update_board(db, board.id, values["name"], values["team_id"])
        return board.id

    title = t("board.new_board_title" if board is None else "board.edit_board_title")
    return FormScreen(title, BOARD_FIELDS, save, board, choices={"team_id": _teams(db)})


def _list_verb(name: str, action: str, keys: str, label: str, show: bool = True) -> Verb:
    return Verb(f"kanban.{name}", action, keys, label, label, show=show)


class BoardList(ListDialog[int | None, BoardSummary]):
    """Boards: open, create, rename and set the team, archive and restore. Returns the
    id of the board to show, or None to stay."""

    BOX = "list wide"
    VERBS = (
        _list_verb("boards_new", "new", "n", "board.key_new_board"),
        _list_verb("boards_edit", "edit", "e,r", "board.key_edit_board"),
        _list_verb("boards_archive", "archive", "a", "board.key_archive_board"),
        _list_verb("boards_archived", "show_archived", "s", "board.key_show_archived"),
        Verb("kanban.boards_close", "close", "escape", "app.key_close"),
    )
    BINDINGS = bindings(VERBS)
    empty = "board.boards_empty"

    def __init__(self, db: Database, current: int | None) -> None:
        start = None if current is None else str(current)
        super().__init__(t("board.boards_title"), t("board.boards_hint"), start)
        self.db, self.current = db, current
        # Nothing live: show the archived boards at once, so one can be restored.
        self.show_archived = current is None

        def name(board: BoardSummary) -> str:
            mark = "▶ " if board.id == current else "  "
            return mark + board.name + (" " + t("board.archived_mark") if board.archived else "")

        self.columns = (
            ListColumn[BoardSummary]("fields.board", name, grow=True),
            ListColumn[BoardSummary]("fields.team", lambda b: b.team),
            ListColumn[BoardSummary]("board.cards_header", lambda b: str(b.cards), right=True),
        )

    def read(self) -> list[BoardSummary]:
        return boards.list_boards(self.db, include_archived=self.show_archived)

    def chosen(self, row: BoardSummary) -> None:
        self.dismiss(row.id)

    def action_new(self) -> None:
        def done(board_id: int | None) -> None:
            if board_id:
                self.dismiss(board_id)

        self.app.push_screen(board_form(self.db), done)

    def action_edit(self) -> None:
        board = self.selected
        if board is not None:
            self.app.push_screen(board_form(self.db, board), lambda _id: self.fill())

    def action_archive(self) -> None:
        board = self.selected
        if board is None:
            return
        try:
            boards.set_board_archived(self.db, board.id, not board.archived)
        except LeanError as exc:
            self.show_error(exc)
            return
        key = "board.board_restored" if board.archived else "board.board_archived"
        self.notify(t(key, name=board.name))
        self.fill()

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.fill()


class PickColumn(ListDialog[int | None, ColumnRow]):
    """Choose a column; returns its id."""

    BINDINGS = [Binding("escape", "close", t("app.key_cancel"), id="kanban.pick_cancel")]
    columns = (ListColumn[ColumnRow]("fields.column", lambda c: c.name, grow=True),)

    def __init__(self, title: str, choices: list[ColumnRow]) -> None:
        super().__init__(title, t("board.pick_hint"))
        self.choices = choices

    def read(self) -> list[ColumnRow]:
        return self.choices

    def chosen(self, row: ColumnRow) -> None:
        self.dismiss(row.id)


def _limit(column: ColumnRow) -> str:
    """A limit of 0 is a limit (nothing may enter), not "no limit"."""
    return "" if column.wip_limit is None else str(column.wip_limit)


class ColumnEditor(ListDialog[bool, ColumnRow]):
    """Columns of a board: add, edit (name, kind, WIP limit, policy), reorder, delete.
    Returns whether anything changed."""

    BOX = "list wide"
    VERBS = (
        _list_verb("columns_add", "add", "n", "board.key_add_column"),
        _list_verb("columns_edit", "edit", "e", "board.key_edit_column"),
        _list_verb("columns_up", "shift(-1)", "K,shift+up", "board.key_column_earlier"),
        _list_verb("columns_down", "shift(1)", "J,shift+down", "board.key_column_later"),
        _list_verb("columns_delete", "delete", "D", "board.key_delete_column"),
        Verb("kanban.columns_close", "close", "escape", "app.key_close"),
    )
    BINDINGS = bindings(VERBS)
    columns = (
        ListColumn[ColumnRow]("fields.column", lambda c: c.name),
        ListColumn[ColumnRow]("fields.kind", lambda c: kind_label(c.kind)),
        ListColumn[ColumnRow]("fields.wip_limit", _limit, right=True),
        ListColumn[ColumnRow]("fields.policy", lambda c: c.policy, grow=True),
    )

    def __init__(self, db: Database, board_id: int, board_name: str) -> None:
        super().__init__(t("board.columns_title", board=board_name), t("board.columns_hint"))
        self.db, self.board_id = db, board_id
        self.changed = False

    def read(self) -> list[ColumnRow]:
        return boards.columns(self.db, self.board_id)

    def _edit_done(self, column_id: int | None) -> None:
        if column_id:
            self.changed = True
            self.fill(str(column_id))

    def action_add(self) -> None:
        def save(values: dict[str, Any]) -> int:
            return boards.add_column(self.db, self.board_id, **values).id

        form = FormScreen(t("board.add_column_title"), COLUMN_FIELDS, save)
        self.app.push_screen(form, self._edit_done)

    def chosen(self, row: ColumnRow) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        column = self.selected
        if column is None:
            return

        def save(new: dict[str, Any]) -> int:
            boards.update_column(self.db, column.id, **new)
            return column.id

        title = t("board.edit_column_title", name=column.name)
        self.app.push_screen(FormScreen(title, COLUMN_FIELDS, save, column), self._edit_done)

    def action_shift(self, delta: int) -> None:
        column = self.selected
        if column is None:
            return
        try:
            boards.move_column(self.db, column.id, delta)
        except LeanError as exc:
            self.show_error(exc)
            return
        self.changed = True
        self.fill(str(column.id))

    def action_delete(self) -> None:
        column = self.selected
        if column is None:
            return
        held = boards.column_card_count(self.db, column.id)

        def delete(target: int | None, reason: str | None = None) -> None:
            boards.delete_column(self.db, column.id, target, reason)
            self.changed = True
            self.show_error(None)
            self.fill()

        def try_delete(target: int | None) -> None:
            try:
                delete(target)
            except cards.WipLimitReached as full:

                def check(reason: str) -> None:
                    validate.reason(reason)
                    delete(target, reason)

                self.app.push_screen(AskText(full.message(), t("fields.reason"), check=check))
            except LeanError as exc:
                self.show_error(exc)

        if not held:
            question = t("board.confirm_delete_empty_column", name=column.name)
            self.app.push_screen(Confirm(question), lambda yes: try_delete(None) if yes else None)
            return
        others = [c for c in self.rows if c.id != column.id]
        if not others:
            self.show_error(LeanError("board.last_column_has_cards", count=held))
            return
        names = {c.id: c.name for c in others}

        def picked(target: int | None) -> None:
            if target is None:
                return
            question = t(
                "board.confirm_delete_column", name=column.name, count=held, target=names[target]
            )
            self.app.push_screen(Confirm(question), lambda yes: try_delete(target) if yes else None)

        title = t("board.pick_target_title", name=column.name, count=held)
        self.app.push_screen(PickColumn(title, others), picked)

    def action_close(self) -> None:
        self.dismiss(self.changed)


class ArchivedCards(ListDialog[list[CardChange], CardRow]):
    """The board's archived cards; Enter restores the highlighted one (asking for a
    reason when its column is at its WIP limit). Returns the restores made."""

    BOX = "list wide"
    BINDINGS = [Binding("escape", "close", t("app.key_close"), id="kanban.archived_close")]
    columns = (
        ListColumn[CardRow]("fields.title", lambda c: c.title, grow=True),
        ListColumn[CardRow]("fields.owner", lambda c: c.owner),
    )
    empty = "board.archived_empty"

    def __init__(self, db: Database, board_id: int) -> None:
        super().__init__(t("board.archived_title"), t("board.archived_hint"))
        self.db, self.board_id = db, board_id
        self.restored: list[CardChange] = []

    def read(self) -> list[CardRow]:
        return cards.board_cards(self.db, self.board_id, archived=True)

    def chosen(self, row: CardRow) -> None:
        def restore(reason: str | None = None) -> None:
            self.restored.append(cards.set_archived(self.db, row.id, False, reason))
            self.notify(t("board.card_restored"))
            self.fill()

        try:
            restore()
        except cards.WipLimitReached as full:

            def check(reason: str) -> None:
                validate.reason(reason)
                restore(reason)

            self.app.push_screen(AskText(full.message(), t("fields.reason"), check=check))
        except LeanError as exc:
            self.show_error(exc)

    def action_close(self) -> None:
        self.dismiss(self.restored)
