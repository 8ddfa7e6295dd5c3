"""The kanban board screen: every action on a key, and the palette's verbs. The view
underneath (board.py) reads and draws the board; each action here calls one service,
shows a LeanError where it happened, and patches the view. Dialogs and the services
are imported where first used: that keeps them (and SQLAlchemy) off the path to the
first frame (CONTRIBUTING.md, "Start-up")."""

from __future__ import annotations

from typing import Any, cast

from leantui.core.errors import LeanError
from leantui.core.i18n import fit, t
from leantui.core.kanban.rows import CardChange
from leantui.core.text import shown
from leantui.tui.kanban.board import BoardView
from leantui.tui.kanban.model import Filter, parse_filter
from leantui.tui.kanban.moving import ask_why_if_full, move_card
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.keys import Verb, bindings

CARD_ACTIONS = {"move", "reorder", "edit_card", "view_card", "block", "archive", "delete"}
BOARD_ACTIONS = {"new_card", "filter", "archived", "columns", "column", "cursor", "page"}


def _verb(
    name: str, action: str, keys: str, label: str, command: bool = True, show: bool = True
) -> Verb:
    """A board verb: binding id kanban.<name>, label board.key_<label>, palette title
    board.cmd_<label> (with its _help line) unless `command` is False."""
    return Verb(
        f"kanban.{name}",
        action,
        keys,
        f"board.key_{label}",
        f"board.cmd_{label}" if command else "",
        f"board.cmd_{label}_help" if command else "",
        show,
    )


class BoardScreen(BoardView):
    VERBS = (
        _verb("column_left", "column(-1)", "h,left", "column_left", False, False),
        _verb("column_right", "column(1)", "l,right", "column_right", False, False),
        _verb("cursor_up", "cursor(-1)", "k,up", "cursor_up", False, False),
        _verb("cursor_down", "cursor(1)", "j,down", "cursor_down", False, False),
        _verb("page_up", "page(-1)", "pageup", "page_up", False, False),
        _verb("page_down", "page(1)", "pagedown", "page_down", False, False),
        _verb("cursor_first", "cursor_end(0)", "home", "first", False, False),
        _verb("cursor_last", "cursor_end(1)", "end", "last", False, False),
        _verb("move_left", "move(-1)", "H,shift+left", "move_left"),
        _verb("move_right", "move(1)", "L,shift+right", "move_right"),
        _verb("move_up", "reorder(-1)", "K,shift+up", "move_up", show=False),
        _verb("move_down", "reorder(1)", "J,shift+down", "move_down", show=False),
        _verb("new_card", "new_card", "n", "new_card"),
        _verb("edit_card", "edit_card", "e,enter", "edit_card"),
        _verb("view_card", "view_card", "v,space", "view_card"),
        _verb("block", "block", "b", "block"),
        _verb("archive", "archive", "a", "archive", show=False),
        _verb("archived", "archived", "u", "archived", show=False),
        _verb("delete", "delete", "D", "delete", show=False),
        _verb("filter", "filter", "slash", "filter"),
        _verb("clear_filter", "clear_filter", "escape", "clear_filter"),
        _verb("boards", "boards", "B", "boards"),
        _verb("new_board", "new_board", "", "new_board"),
        _verb("default_board", "default_board", "g", "default_board", show=False),
        _verb("columns", "columns", "C", "columns", show=False),
    )
    BINDINGS = bindings(VERBS)

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
        card, model = self.card, self.model
        index = self.current + delta
        if card is None or model is None or not 0 <= index < len(model.columns):
            return
        target, source = model.columns[index].info.id, self.current

        def failed(exc: LeanError) -> None:
            self._error(exc)
            self.load()

        move_card(
            self.app,
            self.db,
            card.id,
            target,
            card.version,
            lambda change: self.changed(change, source),
            failed,
        )

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

    def _owners(self) -> dict[str, list[str]]:
        """Owners on the board, offered as the owner field is typed."""
        if self.model is None:
            return {}
        found = {row.owner for column in self.model.columns for row in column.rows}
        return {"owner": sorted(o for o in found if o)}

    def action_new_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.tui.kanban.forms import CARD_FIELDS
        from leantui.tui.kit.forms import FormScreen, kept

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
            # Kept built between new cards (kit.forms.kept): the key only draws it.
            form = kept(self.app, "kanban-new-card", lambda: FormScreen(title, CARD_FIELDS, save))
            form.retitle(title)
            form.save = save
            form.refill(None, suggestions=self._owners())
            self.app.push_screen(form, done)

        # A new card in a full column goes over its WIP limit too: ask why first.
        ask_why_if_full(
            self.app, lambda: cards.wip_check(self.db, column.id), open_form, self._error
        )

    def action_edit_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.tui.kanban.forms import CARD_FIELDS
        from leantui.tui.kit.forms import FormScreen

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

        def save(new: dict[str, Any]) -> CardChange:
            # The fields as read above: someone else's edit of them since then is
            # refused, and the form keeps what was typed. A move meanwhile is not.
            return cards.update_card(self.db, row.id, seen, **new)

        def done(change: CardChange | None) -> None:
            if change is not None:
                self.changed(change)

        title = t("board.edit_card_title", id=row.id)
        form = FormScreen(title, CARD_FIELDS, save, card, suggestions=self._owners())
        self.app.push_screen(form, done)

    def action_view_card(self) -> None:
        from leantui.core.kanban import cards
        from leantui.core.services import events
        from leantui.tui.kanban.detail import CardDetail

        row, model = self.card, self.model
        if row is None or model is None:
            return
        from leantui.core.modules import describe_source

        try:
            card = cards.get_card(self.db, row.id)
            history = events.history(self.db, "card", row.id)
            source = None
            if card.source_type and card.source_id is not None:
                # What the link points at, in words, from the module that owns it.
                source = describe_source(self.db, card.source_type, card.source_id)
        except LeanError as exc:
            self._error(exc)
            return
        column = model.columns[self.current].info.name
        self.app.push_screen(CardDetail(card, column, history, source))

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

        title = t("board.block_title", title=fit(shown(row.title), 50))
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
        self.notify(t("board.card_archived", title=fit(shown(row.title), 40)))

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
            self.notify(t("board.card_deleted", title=fit(shown(row.title), 40)))

        question = t("board.confirm_delete_card", title=fit(shown(row.title), 80))
        self.app.push_screen(Confirm(question), answer)

    # --- filter, boards, columns --------------------------------------------------

    def action_filter(self) -> None:
        from leantui.tui.kanban.forms import FILTER_FIELDS
        from leantui.tui.kit.forms import FormScreen

        def done(flt: Filter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        def save(values: dict[str, Any]) -> Filter:
            return parse_filter(values["query"])

        row = {"query": self.flt.source}
        form = FormScreen(
            t("board.filter_title"), FILTER_FIELDS, save, row, hint=t("board.filter_hint")
        )
        self.app.push_screen(form, done)

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
        from leantui.tui.kanban.lists import board_form

        def done(board_id: int | None) -> None:
            if board_id:
                self.open_board(board_id)

        try:
            form = board_form(self.db)
        except LeanError as exc:
            self._error(exc)
            return
        self.app.push_screen(form, done)

    def action_default_board(self) -> None:
        from leantui.core.kanban import boards

        try:
            board_id = boards.default_board_id(self.db, self.settings.default_board)
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
