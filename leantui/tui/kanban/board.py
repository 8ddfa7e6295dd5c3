"""The board view: reads a board, lays out its columns, keeps a card cursor, patches its
lists after a change, and notices changes made elsewhere. The keys live in screen.py.

Reading, fast at any size: the first frame is drawn from the top of each column and its
card count (`view.load_board(head=True)`), then a thread worker reads the whole board and
swaps it in. A change made here returns the card as it now is and the board's revision,
so the view patches one card and knows whether anyone else wrote meanwhile. Changes
made by the CLI or another terminal are noticed by polling the board's revision every
second; only a new revision triggers a reload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kanban import view
from leantui.core.kanban.rows import BoardHead, CardChange, CardRow
from leantui.tui.kanban.column import CardList, ColumnHeader
from leantui.tui.kanban.model import BoardModel, Filter
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.screens import Context, ModuleScreen
from leantui.tui.memory import settle_garbage

POLL_SECONDS = 1.0
MIN_COLUMN_WIDTH = 15
BIG_BOARD = 2000  # cards: past this, settle the garbage right after a load


@dataclass
class Loaded(Message):
    seq: int
    snapshot: BoardHead
    partial: bool


@dataclass
class LoadFailed(Message):
    seq: int
    error: LeanError


class BoardView(ModuleScreen):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.model: BoardModel | None = None
        self.board_id: int | None = None
        self.current = 0
        self.flt = Filter()
        self._revision = -1
        self._seq = 0
        self._loading = False
        self._follow: int | None = None  # the card the cursor goes to once loaded
        self._headers: list[ColumnHeader] = []
        self._lists: list[CardList] = []
        self._shape: tuple[Any, ...] = ()
        self._bindings_state: tuple[Any, ...] = ()

    # --- reading ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="board-title")
        try:
            snapshot = view.load_board(self.db, None, self.settings.default_board, head=True)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            snapshot = BoardHead(None, [], [], {}, -1)
        yield Horizontal(*(self._take(snapshot, partial=True) or []), id="board-columns")
        yield Static("", id="board-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_state()
        self._set_current(self.current)
        # The whole board once the first frame is out: reading it alongside would
        # slow that frame down (one interpreter lock for both).
        self.call_after_refresh(self.load)
        self.set_interval(POLL_SECONDS, self.poll)

    def reload(self) -> None:
        """Re-read the board (the app calls this after loading the demo, for example)."""
        self.load()

    def context_team(self) -> int | None:
        return self.model.board.team_id if self.model is not None else None

    def load(self, board_id: int | None = None) -> None:
        """Read the whole board in a worker: `board_id` (even an archived one), else the
        one shown while it is live, else the default board."""
        self._seq += 1
        self._loading = True
        preferred = self.settings.default_board
        self._read(self._seq, board_id or self.board_id, preferred, board_id is not None)

    @work(thread=True, exclusive=True, group="kanban-load", exit_on_error=False)
    def _read(self, seq: int, board_id: int | None, preferred: str, archived_ok: bool) -> None:
        try:
            snapshot = view.load_board(
                self.db, board_id, preferred, head=False, archived_ok=archived_ok
            )
        except LeanError as exc:
            self.post_message(LoadFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(LoadFailed(seq, LeanError("board.load_failed", problem=exc)))
        else:
            self.post_message(Loaded(seq, snapshot, partial=False))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        if message.seq == self._seq:
            self._loading = False
            self.notify(message.error.message(), severity="error")

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        if message.seq != self._seq:
            return
        self._loading = False
        keep = self._cursor_ids()
        current_column = self._column_id(self.current)
        follow, self._follow = self._follow, None
        old_board = self.board_id
        boxes = self._take(message.snapshot, message.partial)
        if boxes is None:  # same board, same columns: the widgets stay
            for index, column in enumerate(self.model.columns if self.model else []):
                self._headers[index].column = column
                self._lists[index].column = column
        else:
            holder = self.query_one("#board-columns", Horizontal)
            await holder.remove_children()
            await holder.mount_all(boxes)
        if self.board_id != old_board:  # columns are found again by id after an edit
            keep, current_column = {}, None
        found = (
            self.model.index_of_column(current_column) if self.model and current_column else None
        )
        self.current = found if found is not None else self.current
        if follow is not None and self.model is not None:  # a card changed before the load
            for index, column in enumerate(self.model.columns):
                if any(row.id == follow for row in column.rows):
                    self.current, keep[column.info.id] = index, follow
        for index, card_list in enumerate(self._lists):
            card_list.rows_changed(keep.get(card_list.column.info.id))
            self._headers[index].refresh()
        self._show_state()
        self._set_current(self.current)
        if len(message.snapshot.rows) > BIG_BOARD:
            settle_garbage()

    def _take(self, snapshot: BoardHead, partial: bool) -> list[Widget] | None:
        """Adopt a snapshot (`partial`: only the top of each column). Returns new column
        widgets to mount, or None when the board and its columns are the ones shown
        (only the cards changed)."""
        self._revision = snapshot.revision
        board = snapshot.board
        if board is None or board.id != self.board_id:
            self.flt = Filter()
            self.current = 0
        self.board_id = board.id if board else None
        self.model = (
            BoardModel.build(
                board,
                snapshot.columns,
                snapshot.rows,
                self.flt,
                snapshot.counts if partial else None,
            )
            if board
            else None
        )
        shape = (board.id if board else None, *snapshot.columns)
        if shape == self._shape and self._lists:
            return None
        self._shape = shape
        self._headers, self._lists = [], []
        if self.model is None:
            return []
        policy_line = any(c.info.policy for c in self.model.columns)
        boxes: list[Widget] = []
        for column in self.model.columns:
            header = ColumnHeader(column, policy_line)
            card_list = CardList(column)
            self._headers.append(header)
            self._lists.append(card_list)
            boxes.append(Vertical(header, card_list, classes="kanban-column"))
        return boxes

    def _show_state(self) -> None:
        """Title line, the message for an empty board, column widths, keys."""
        title = self.query_one(TitleBar)
        if self.model is None:
            # Every board archived is not the same as none made yet: say how to get one back.
            archived = self._archived_only()
            text = t("board.all_archived" if archived else "board.no_board")
            title.show(t("board.all_archived_title" if archived else "board.no_board_title"))
        else:
            text = "" if self.model.columns else t("board.no_columns")
            board = self.model.board
            name = board.name + (" " + t("board.archived_mark") if board.archived else "")
            team = " · " + t("board.team_shown", team=board.team) if board.team else ""
            badge = t("board.filter_shown", query=self.flt.source) if self.flt.active else ""
            title.show(name, team, badge)
        message = self.query_one("#board-message", Static)
        message.update(text)
        message.display = bool(text)
        self._size_columns()
        self._update_bindings()

    def _archived_only(self) -> bool:
        """No live board, but archived ones (a primary-key peek, only when empty)."""
        try:
            return view.any_board(self.db)
        except LeanError:
            return False

    def on_resize(self) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        """Columns share the width; when each would be narrower than MIN_COLUMN_WIDTH
        they keep that width and the board scrolls sideways with the cursor."""
        count = len(self._lists)
        fits = count * (MIN_COLUMN_WIDTH + 1) <= self.size.width
        self.query_one("#board-columns").styles.overflow_x = "hidden" if fits else "auto"
        for card_list in self._lists:
            box = card_list.parent
            if isinstance(box, Widget):
                box.styles.width = "1fr" if fits else MIN_COLUMN_WIDTH

    def poll(self) -> None:
        """Reload when someone, anywhere, saved a change to this board since it was read."""
        if self._loading or self.board_id is None:
            return
        try:
            revision = view.board_revision(self.db, self.board_id)
        except Exception:  # a busy or unreachable database: try again on the next tick
            return
        if revision != self._revision:
            self.load()

    def _seen(self, revision: int) -> None:
        """A change made here took the board to `revision`: when that is the next one,
        nobody else wrote meanwhile, and the poll need not re-read the board."""
        if revision == self._revision + 1:
            self._revision = revision

    # --- cursor -------------------------------------------------------------------

    @property
    def card_list(self) -> CardList | None:
        return self._lists[self.current] if 0 <= self.current < len(self._lists) else None

    @property
    def card(self) -> CardRow | None:
        card_list = self.card_list
        return card_list.card if card_list is not None else None

    def _cursor_ids(self) -> dict[int, int]:
        out = {}
        for card_list in self._lists:
            card = card_list.card
            if card is not None:
                out[card_list.column.info.id] = card.id
        return out

    def _column_id(self, index: int) -> int | None:
        if self.model is None or not 0 <= index < len(self.model.columns):
            return None
        return self.model.columns[index].info.id

    def _set_current(self, index: int) -> None:
        if self._lists:
            index = max(0, min(index, len(self._lists) - 1))
            self.current = index
            for i, (header, card_list) in enumerate(zip(self._headers, self._lists, strict=True)):
                header.set_class(i == index, "-current")
                card_list.set_current(i == index)
            box = self._lists[index].parent
            if isinstance(box, Widget) and box.is_mounted:
                holder = self.query_one("#board-columns")
                holder.scroll_to_widget(box, animate=False, immediate=True)
        self._update_bindings()

    def _update_bindings(self) -> None:
        """Refresh the keys only when what they can do has changed."""
        state = (
            self.model is not None,
            self.card is not None,
            self.current > 0,
            self.current < len(self._lists) - 1,
            self.flt.active,
        )
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    @on(CardList.Clicked)
    def _clicked(self, message: CardList.Clicked) -> None:
        if message.card_list in self._lists:
            self._set_current(self._lists.index(message.card_list))
            message.card_list.move_cursor(message.index)
            self._update_bindings()

    # --- patching after a change --------------------------------------------------

    def _refresh_column(self, index: int | None, keep_id: int | None = None) -> None:
        if index is None or not 0 <= index < len(self._lists):
            return
        self._lists[index].rows_changed(keep_id)
        self._headers[index].refresh()

    def changed(self, change: CardChange, hint: int | None = None, follow: bool = True) -> None:
        """Put the changed card where it now belongs (or take it out); the cursor follows
        it to another column when `follow`."""
        self._seen(change.revision)
        model = self.model
        card_id = change.card_id
        if model is None or model.partial:  # the whole board is on its way: take that
            self._follow = card_id if follow else None
            self.load()
            return
        row = change.card
        for other in change.also:
            model.put(other, hint)
        old_index = model.remove(card_id, hint)
        new_index = model.put(row, old_index) if row is not None else None
        shown = model.columns[new_index].shown if new_index is not None else []
        if self.flt.active and row is not None and row not in shown:
            self.notify(t("board.hidden_by_filter"))
        if old_index != new_index:
            self._refresh_column(old_index)
        self._refresh_column(new_index, card_id)
        if follow and new_index is not None and new_index != self.current:
            self._set_current(new_index)
        else:
            self._update_bindings()

    def apply_filter(self, flt: Filter) -> None:
        self.flt = flt
        if self.model is None:
            return
        keep = self._cursor_ids()
        self.model.apply_filter(flt)
        for index, card_list in enumerate(self._lists):
            card_list.rows_changed(keep.get(card_list.column.info.id))
            self._headers[index].refresh()
        self._show_state()

    def open_board(self, board_id: int | None) -> None:
        self.load(board_id)
