"""List dialogs of the kanban module: boards, columns, archived cards, and a column
picker. Each shows an OptionList; the dialog's keys act on the highlighted entry and
errors from services appear under the list."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from leantui.core.errors import LeanError
from leantui.core.i18n import fit, pad, t
from leantui.core.kanban import boards, cards
from leantui.core.kanban.rows import CardChange, CardRow
from leantui.core.services import Database, validate, workspace
from leantui.tui.dialogs import AskText, Confirm
from leantui.tui.kanban.forms import BoardForm, ColumnForm, kind_label

T = TypeVar("T")
ROW_WIDTH = 56  # cells of one entry inside a 64-cell dialog


class ListDialog(ModalScreen[T], Generic[T]):
    """Title, a list, an error line and a hint. Subclasses fill the list in `fill`."""

    def __init__(self, title: str, hint: str) -> None:
        super().__init__()
        self.list_title, self.hint = title, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kanban-list"):
            yield Static(self.list_title, classes="dialog-title")
            yield OptionList(id="entries")
            yield Static("", id="error", classes="error")
            yield Static(self.hint, classes="hint")

    def on_mount(self) -> None:
        self.fill()

    @property
    def entries(self) -> OptionList:
        return self.query_one("#entries", OptionList)

    def fill(self, select_id: str | None = None) -> None:
        raise NotImplementedError

    def set_options(self, options: list[Option], select_id: str | None = None) -> None:
        entries = self.entries
        keep = entries.highlighted
        entries.clear_options()
        entries.add_options(options)
        if not options:
            return
        index = keep if keep is not None else 0
        if select_id is not None:
            for i, option in enumerate(options):
                if option.id == select_id:
                    index = i
        entries.highlighted = max(0, min(index, len(options) - 1))
        entries.focus()

    @property
    def selected_id(self) -> int | None:
        option = self.entries.highlighted_option
        return int(option.id) if option is not None and option.id else None

    def show_error(self, exc: LeanError | None) -> None:
        error = self.query_one("#error", Static)
        error.update(exc.message() if exc else "")
        error.display = exc is not None

    def action_close(self) -> None:
        self.dismiss(None)


class BoardList(ListDialog[int | None]):
    """Boards: open, create, rename and set the team, archive and restore. Returns the
    id of the board to show, or None to stay."""

    BINDINGS = [
        Binding("n", "new", t("board.key_new_board"), id="kanban.boards_new"),
        Binding("e,r", "edit", t("board.key_edit_board"), id="kanban.boards_edit"),
        Binding("a", "archive", t("board.key_archive_board"), id="kanban.boards_archive"),
        Binding("s", "show_archived", t("board.key_show_archived"), id="kanban.boards_archived"),
        Binding("escape", "close", t("app.key_close"), id="kanban.boards_close"),
    ]

    def __init__(self, db: Database, current: int | None) -> None:
        super().__init__(t("board.boards_title"), t("board.boards_hint"))
        self.db, self.current = db, current
        self.show_archived = False

    def teams(self) -> list[tuple[str, int]]:
        return [(team.name, team.id) for team in workspace.list_teams(self.db)]

    def fill(self, select_id: str | None = None) -> None:
        names = {team_id: name for name, team_id in self.teams()}
        options = []
        for board in boards.list_boards(self.db, include_archived=self.show_archived):
            count = t("board.cards_count", count=board.cards)
            name = board.name + (" " + t("board.archived_mark") if board.archived else "")
            mark = "▶ " if board.id == self.current else "  "
            team = names.get(board.team_id or 0, "")
            width = ROW_WIDTH - cell_len(count) - 2
            line = mark + pad(name, width * 3 // 5) + " " + pad(team, width - width * 3 // 5)
            options.append(Option(Text(line + " " + count), id=str(board.id)))
        self.set_options(options, select_id or (str(self.current) if self.current else None))

    @on(OptionList.OptionSelected)
    def open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_new(self) -> None:
        def save(values: dict[str, Any]) -> int:
            return boards.create_board(self.db, values["name"], team_id=values["team_id"]).id

        def done(board_id: int | None) -> None:
            if board_id:
                self.dismiss(board_id)

        self.app.push_screen(BoardForm(t("board.new_board_title"), save, self.teams()), done)

    def action_edit(self) -> None:
        board_id = self.selected_id
        if board_id is None:
            return
        try:
            info = boards.board_info(self.db, board_id)
        except LeanError as exc:
            self.show_error(exc)
            return

        def save(values: dict[str, Any]) -> int:
            boards.update_board(self.db, board_id, values["name"], values["team_id"])
            return board_id

        def done(result: int | None) -> None:
            self.fill(str(board_id))

        form = BoardForm(t("board.edit_board_title"), save, self.teams(), info.name, info.team_id)
        self.app.push_screen(form, done)

    def action_archive(self) -> None:
        board_id = self.selected_id
        if board_id is None:
            return
        try:
            info = boards.board_info(self.db, board_id)
            boards.set_board_archived(self.db, board_id, not info.archived)
        except LeanError as exc:
            self.show_error(exc)
            return
        self.notify(
            t("board.board_restored" if info.archived else "board.board_archived", name=info.name)
        )
        self.fill(str(board_id))

    def action_show_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.fill()


class PickColumn(ListDialog[int | None]):
    """Choose a column; returns its id."""

    BINDINGS = [Binding("escape", "close", t("app.key_cancel"), id="kanban.pick_cancel")]

    def __init__(self, title: str, choices: list[tuple[int, str]]) -> None:
        super().__init__(title, t("board.pick_hint"))
        self.choices = choices

    def fill(self, select_id: str | None = None) -> None:
        self.set_options(
            [Option(Text(fit(name, ROW_WIDTH)), id=str(i)) for i, name in self.choices]
        )

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))


class ColumnEditor(ListDialog[bool]):
    """Columns of a board: add, edit (name, kind, WIP limit, policy), reorder, delete.
    Returns whether anything changed."""

    BINDINGS = [
        Binding("n", "add", t("board.key_add_column"), id="kanban.columns_add"),
        Binding("e", "edit", t("board.key_edit_column"), id="kanban.columns_edit"),
        Binding("K,shift+up", "shift(-1)", t("board.key_column_left"), id="kanban.columns_up"),
        Binding("J,shift+down", "shift(1)", t("board.key_column_right"), id="kanban.columns_down"),
        Binding("D", "delete", t("board.key_delete_column"), id="kanban.columns_delete"),
        Binding("escape", "close", t("app.key_close"), id="kanban.columns_close"),
    ]

    def __init__(self, db: Database, board_id: int, board_name: str) -> None:
        super().__init__(t("board.columns_title", board=board_name), t("board.columns_hint"))
        self.db, self.board_id = db, board_id
        self.changed = False

    def fill(self, select_id: str | None = None) -> None:
        options = []
        for column in boards.columns(self.db, self.board_id):
            limit = t("board.wip_short", limit=column.wip_limit) if column.wip_limit else ""
            head = pad(column.name, 20) + " " + pad(kind_label(column.kind), 8) + " "
            head += pad(limit, 8)
            rest = ROW_WIDTH - cell_len(head) - 1
            line = head + " " + fit(column.policy, rest) if rest > 0 else head
            options.append(Option(Text(line), id=str(column.id)))
        self.set_options(options, select_id)

    def _edit_done(self, column_id: int | None) -> None:
        if column_id:
            self.changed = True
            self.fill(str(column_id))

    def action_add(self) -> None:
        def save(values: dict[str, Any]) -> int:
            return boards.add_column(self.db, self.board_id, **values).id

        self.app.push_screen(ColumnForm(t("board.add_column_title"), save), self._edit_done)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        column_id = self.selected_id
        column = next(
            (c for c in boards.columns(self.db, self.board_id) if c.id == column_id), None
        )
        if column is None or column_id is None:
            return
        values = {
            "name": column.name,
            "kind": column.kind,
            "wip_limit": column.wip_limit,
            "policy": column.policy,
        }

        def save(new: dict[str, Any]) -> int:
            boards.update_column(self.db, column_id, **new)
            return column_id

        form = ColumnForm(t("board.edit_column_title", name=column.name), save, values)
        self.app.push_screen(form, self._edit_done)

    def action_shift(self, delta: int) -> None:
        column_id = self.selected_id
        if column_id is None:
            return
        try:
            boards.move_column(self.db, column_id, delta)
        except LeanError as exc:
            self.show_error(exc)
            return
        self.changed = True
        self.entries.highlighted = None
        self.fill(str(column_id))

    def action_delete(self) -> None:
        column_id = self.selected_id
        columns = boards.columns(self.db, self.board_id)
        column = next((c for c in columns if c.id == column_id), None)
        if column is None or column_id is None:
            return
        held = boards.column_card_count(self.db, column_id)

        def delete(target: int | None, reason: str | None = None) -> None:
            boards.delete_column(self.db, column_id, target, reason)
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
        others = [(c.id, c.name) for c in columns if c.id != column_id]
        if not others:
            self.show_error(LeanError("board.last_column_has_cards", count=held))
            return
        names = dict(others)

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


class ArchivedCards(ListDialog[list[CardChange]]):
    """The board's archived cards; Enter restores the highlighted one (asking for a
    reason when its column is at its WIP limit). Returns the restores made."""

    BINDINGS = [Binding("escape", "close", t("app.key_close"), id="kanban.archived_close")]

    def __init__(self, db: Database, board_id: int) -> None:
        super().__init__(t("board.archived_title"), t("board.archived_hint"))
        self.db, self.board_id = db, board_id
        self.restored: list[CardChange] = []
        self.rows: list[CardRow] = []

    def fill(self, select_id: str | None = None) -> None:
        self.rows = cards.board_cards(self.db, self.board_id, archived=True)
        options = []
        for row in self.rows:
            owner = fit(row.owner, 12)
            title = pad(row.title, ROW_WIDTH - cell_len(owner) - 1)
            options.append(Option(Text(f"{title} {owner}"), id=str(row.id)))
        if not options:
            options.append(Option(t("board.archived_empty"), disabled=True))
        self.set_options(options, select_id)

    @on(OptionList.OptionSelected)
    def restore(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        card_id = int(event.option.id)

        def restore(reason: str | None = None) -> None:
            self.restored.append(cards.set_archived(self.db, card_id, False, reason))
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
