"""The kanban board screen: every action on a key, and the palette's verbs. The view
underneath (board.py) reads and draws the board; each action here calls one service,
shows a LeanError where it happened, and patches the view. Dialogs and the services
are imported where first used: that keeps them (and SQLAlchemy) off the path to the
first frame (CONTRIBUTING.md, "Start-up")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding

from leantui.core.errors import LeanError
from leantui.core.i18n import fit, t
from leantui.core.kanban.rows import CardChange
from leantui.tui.dialogs import AskText, Confirm
from leantui.tui.kanban.board import BoardView
from leantui.tui.kanban.model import Filter, parse_filter
from leantui.tui.modules import Command

if TYPE_CHECKING:
    from leantui.tui.app import LeanApp

CARD_ACTIONS = {"move", "reorder", "edit_card", "view_card", "block", "archive", "delete"}
BOARD_ACTIONS = {"new_card", "filter", "archived", "columns", "column", "cursor", "page"}


def _key(keys: str, action: str, label: str, name: str, show: bool = True) -> Binding:
    return Binding(keys, action, label, id=f"kanban.{name}", show=show)


def _required_reason(reason: str) -> None:
    from leantui.core.services import validate

    validate.reason(reason)


class BoardScreen(BoardView):
    BINDINGS = [
        _key("h,left", "column(-1)", t("board.key_column_left"), "column_left", False),
        _key("l,right", "column(1)", t("board.key_column_right"), "column_right", False),
        _key("k,up", "cursor(-1)", t("board.key_cursor_up"), "cursor_up", False),
        _key("j,down", "cursor(1)", t("board.key_cursor_down"), "cursor_down", False),
        _key("pageup", "page(-1)", t("board.key_page_up"), "page_up", False),
        _key("pagedown", "page(1)", t("board.key_page_down"), "page_down", False),
        _key("home", "cursor_end(0)", t("board.key_first"), "cursor_first", False),
        _key("end", "cursor_end(1)", t("board.key_last"), "cursor_last", False),
        _key("H,shift+left", "move(-1)", t("board.key_move_left"), "move_left"),
        _key("L,shift+right", "move(1)", t("board.key_move_right"), "move_right"),
        _key("K,shift+up", "reorder(-1)", t("board.key_move_up"), "move_up", False),
        _key("J,shift+down", "reorder(1)", t("board.key_move_down"), "move_down", False),
        _key("n", "new_card", t("board.key_new_card"), "new_card"),
        _key("e,enter", "edit_card", t("board.key_edit_card"), "edit_card"),
        _key("v,space", "view_card", t("board.key_view_card"), "view_card"),
        _key("b", "block", t("board.key_block"), "block"),
        _key("a", "archive", t("board.key_archive"), "archive", False),
        _key("u", "archived", t("board.key_archived"), "archived", False),
        _key("D", "delete", t("board.key_delete"), "delete", False),
        _key("slash", "filter", t("board.key_filter"), "filter"),
        _key("escape", "clear_filter", t("board.key_clear_filter"), "clear_filter"),
        _key("B", "boards", t("board.key_boards"), "boards"),
        _key("g", "default_board", t("board.key_default_board"), "default_board", False),
        _key("C", "columns", t("board.key_columns"), "columns", False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CARD_ACTIONS and self.card is None:
            return False
        if action in BOARD_ACTIONS and self.model is None:
            return False
        if action == "move":
            target = self.current + cast(int, parameters[0])
            return 0 <= target < len(self._lists)
        if action == "reorder":  # the neighbour in the database may be filtered out
            return not self.flt.active
        if action == "clear_filter":
            return self.flt.active
        return True

    def _error(self, exc: LeanError) -> None:
        self.notify(exc.message(), severity="error")

    # --- cursor -------------------------------------------------------------------

    def action_column(self, delta: int) -> None:
        self._set_current(self.current + delta)

    def action_cursor(self, delta: int) -> None:
        if self.card_list is not None:
            self.card_list.move_cursor(self.card_list.cursor + delta)

    def action_page(self, delta: int) -> None:
        if self.card_list is not None:
            self.action_cursor(delta * self.card_list.page)

    def action_cursor_end(self, last: int) -> None:
        if self.card_list is not None:
            self.card_list.move_cursor(len(self.card_list.rows) - 1 if last else 0)

    # --- moving cards -------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        """To the end of the next column; into a full one only with a reason."""
        from leantui.core.kanban import cards

        card, model = self.card, self.model
        index = self.current + delta
        if card is None or model is None or not 0 <= index < len(model.columns):
            return
        target, source = model.columns[index].info.id, self.current

        def move(reason: str | None = None) -> None:
            change = cards.move_card(
                self.db, card.id, target, override_reason=reason, expected_version=card.version
            )
            self.changed(change, source)

        try:
            move()
        except cards.WipLimitReached as exc:

            def check(reason: str) -> None:
                _required_reason(reason)
                move(reason)

            self.app.push_screen(AskText(exc.message(), t("fields.reason"), check=check))
        except LeanError as exc:
            self._error(exc)
            self.load()

    def action_reorder(self, delta: int) -> None:
        from leantui.core.kanban import cards

        card, card_list, model = self.card, self.card_list, self.model
        if card is None or card_list is None or model is None:
            return
        other = card_list.cursor + delta
        if not 0 <= other < len(model.columns[self.current].rows):
            return
        try:
            change = cards.reorder_card(self.db, card.id, delta, expected_version=card.version)
        except LeanError as exc:
            self._error(exc)
            self.load()
            return
        if change is not None:
            self.changed(change, self.current)

    # --- card forms ---------------------------------------------------------------

    def _owners(self) -> set[str]:
        if self.model is None:
            return set()
        return {row.owner for column in self.model.columns for row in column.rows if row.owner}

    def action_new_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.tui.kanban.forms import CardForm

        model = self.model
        if model is None or not model.columns:
            self.notify(t("board.no_columns"), severity="warning")
            return
        column, board_id = model.columns[self.current].info, model.board.id

        def open_form(reason: str | None) -> None:
            def save(values: dict[str, Any]) -> CardChange:
                title = values.pop("title")
                return cards.add_card(self.db, board_id, title, column.id, reason, **values)

            def done(change: CardChange | None) -> None:
                if change is not None:
                    self.changed(change)

            title = t("board.new_card_title", column=column.name)
            self.app.push_screen(CardForm(title, save, owners=self._owners()), done)

        try:
            full = cards.wip_check(self.db, column.id)
        except LeanError as exc:
            self._error(exc)
            return
        if full is None:
            open_form(None)
            return
        # A new card in a full column goes over its WIP limit too: ask why first.
        self.app.push_screen(
            AskText(full.message(), t("fields.reason"), check=_required_reason),
            lambda reason: open_form(reason) if reason is not None else None,
        )

    def action_edit_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.tui.kanban.forms import CardForm

        row = self.card
        if row is None:
            return
        try:
            card = cards.get_card(self.db, row.id)
        except LeanError as exc:
            self._error(exc)
            self.load()
            return
        seen = cards.editable_values(card)
        values = {
            **seen,
            "tags": card.tags.replace(",", ", "),
            "due": card.due.isoformat() if card.due else "",
        }

        def save(new: dict[str, Any]) -> CardChange:
            # The fields as read above: someone else's edit of them since then is
            # refused, and the form keeps what was typed. A move meanwhile is not.
            return cards.update_card(self.db, row.id, seen, **new)

        def done(change: CardChange | None) -> None:
            if change is not None:
                self.changed(change)

        form = CardForm(t("board.edit_card_title", id=row.id), save, values, self._owners())
        self.app.push_screen(form, done)

    def action_view_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.core.services import events
        from leantui.tui.kanban.detail import CardDetail

        row, model = self.card, self.model
        if row is None or model is None:
            return
        try:
            card = cards.get_card(self.db, row.id)
            history = events.history(self.db, "card", row.id)
        except LeanError as exc:
            self._error(exc)
            return
        column = model.columns[self.current].info.name
        self.app.push_screen(CardDetail(card, column, history))

    # --- block, archive, delete ---------------------------------------------------

    def action_block(self) -> None:
        """Block with a reason, or unblock a blocked card."""
        from leantui.core.kanban import cards

        row = self.card
        if row is None:
            return
        if row.blocked:
            try:
                change = cards.unblock_card(self.db, row.id, expected_version=row.version)
            except LeanError as exc:
                self._error(exc)
                return
            self.changed(change, self.current)
            return

        def check(reason: str) -> None:
            change = cards.block_card(self.db, row.id, reason, expected_version=row.version)
            self.changed(change, self.current)

        title = t("board.block_title", title=fit(row.title, 50))
        self.app.push_screen(AskText(title, t("fields.blocked_reason"), check=check))

    def action_archive(self) -> None:
        from leantui.core.kanban import cards

        row = self.card
        if row is None:
            return
        try:
            change = cards.set_archived(self.db, row.id, True)
        except LeanError as exc:
            self._error(exc)
            return
        self.changed(change, self.current, follow=False)
        self.notify(t("board.card_archived", title=fit(row.title, 40)))

    def action_archived(self) -> None:
        from leantui.tui.kanban.lists import ArchivedCards

        if self.model is None:
            return

        def done(restored: list[CardChange] | None) -> None:
            for change in restored or []:
                self.changed(change, follow=False)

        self.app.push_screen(ArchivedCards(self.db, self.model.board.id), done)

    def action_delete(self) -> None:
        from leantui.core.kanban import cards

        row = self.card
        if row is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                change = cards.delete_card(self.db, row.id)
            except LeanError as exc:
                self._error(exc)
                return
            self.changed(change, self.current, follow=False)
            self.notify(t("board.card_deleted", title=fit(row.title, 40)))

        question = t("board.confirm_delete_card", title=fit(row.title, 80))
        self.app.push_screen(Confirm(question), answer)

    # --- filter, boards, columns --------------------------------------------------

    def action_filter(self) -> None:
        from leantui.tui.kanban.forms import FilterForm

        def done(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        def save(values: dict[str, Any]) -> Filter:
            return parse_filter(values["query"])

        self.app.push_screen(FilterForm(save, self.flt.source), done)

    def action_clear_filter(self) -> None:
        self.apply_filter(Filter())

    def action_boards(self) -> None:
        from leantui.tui.kanban.lists import BoardList

        def done(board_id: int | None) -> None:
            # Names, teams or the archive state may have changed even without a pick.
            self.open_board(board_id)

        self.app.push_screen(BoardList(self.db, self.board_id), done)

    def action_new_board(self) -> None:
        """From the palette: the board form at once, then the new board."""
        from leantui.core.kanban import boards
        from leantui.core.services import workspace
        from leantui.tui.kanban.forms import BoardForm

        try:
            teams = [(team.name, team.id) for team in workspace.list_teams(self.db)]
        except LeanError as exc:
            self._error(exc)
            return

        def save(values: dict[str, Any]) -> int:
            return boards.create_board(self.db, values["name"], team_id=values["team_id"]).id

        def done(board_id: int | None) -> None:
            if board_id:
                self.open_board(board_id)

        self.app.push_screen(BoardForm(t("board.new_board_title"), save, teams), done)

    def action_default_board(self) -> None:
        from leantui.core.kanban import boards

        try:
            board_id = boards.default_board_id(self.db, self.lean.settings.default_board)
        except LeanError as exc:
            self._error(exc)
            return
        if board_id is not None:
            self.open_board(board_id)

    def action_columns(self) -> None:
        from leantui.tui.kanban.lists import ColumnEditor

        model = self.model
        if model is None:
            return

        def done(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(ColumnEditor(self.db, model.board.id, model.board.name), done)


# --- palette -----------------------------------------------------------------------


def _on_board(action: str) -> Callable[[LeanApp], Any]:
    async def run(app: LeanApp) -> None:
        if app.current_mode != "kanban":
            await app.switch_mode("kanban")
        screen = app.screen
        if isinstance(screen, BoardScreen):
            await app.run_action(action, screen)

    return run


def board_commands() -> list[Command]:
    return [
        Command(t("board.cmd_new_card"), t("board.cmd_new_card_help"), _on_board("new_card")),
        Command(t("board.cmd_new_board"), t("board.cmd_new_board_help"), _on_board("new_board")),
        Command(t("board.cmd_boards"), t("board.cmd_boards_help"), _on_board("boards")),
        Command(t("board.cmd_filter"), t("board.cmd_filter_help"), _on_board("filter")),
        Command(t("board.cmd_columns"), t("board.cmd_columns_help"), _on_board("columns")),
        Command(t("board.cmd_archived"), t("board.cmd_archived_help"), _on_board("archived")),
        Command(
            t("board.cmd_default_board"),
            t("board.cmd_default_board_help"),
            _on_board("default_board"),
        ),
    ]
