"""The board view: reads a board, lays out its columns, keeps a card cursor, patches its
lists after a change, and notices changes made elsewhere. The keys live in screen.py.

Reading, fast at any size: the first frame is drawn from the top of each column and its
card count (`cards.board_head`, a few small indexed reads), then a thread worker reads the
whole board (`cards.board_cards`, one Core query) and swaps it in. After a change made
here the view re-reads only the card it changed. Changes made by the CLI or another
terminal are noticed by polling `db.change_marker()` (the newest event id) every second;
only a new marker triggers a reload."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from leantui.core.db import peek
from leantui.core.db.engine import Database
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.rows import BoardInfo, CardRow
from leantui.tui.kanban.bars import BoardTitle, KeyBar
from leantui.tui.kanban.column import CardList, ColumnHeader
from leantui.tui.kanban.model import BoardModel, ColumnInfo, Filter
from leantui.tui.memory import settle_garbage

if TYPE_CHECKING:
    from leantui.tui.app import LeanApp

R = TypeVar("R")
POLL_SECONDS = 1.0
MIN_COLUMN_WIDTH = 15
BIG_BOARD = 2000  # cards: past this, settle the garbage right after a load
HEAD_ROWS = 120  # cards per column read for the first frame (more than any screen shows)


@dataclass
class Snapshot:
    """A board as read from the database."""

    marker: int
    board: BoardInfo | None
    columns: list[ColumnInfo]
    rows: list[CardRow]
    counts: dict[int, int] | None = None  # set when `rows` is only the top of each column


@dataclass
class Loaded(Message):
    seq: int
    snapshot: Snapshot


@dataclass
class LoadFailed(Message):
    seq: int
    error: LeanError


def read_board(
    db: Database, board_id: int | None, preferred: str, head: bool, archived_ok: bool = False
) -> Snapshot:
    """Board `board_id`, or the default one when it is gone (or archived, unless
    `archived_ok`); with `head`, only the top of each column."""
    if head and board_id is None and db.path is not None:
        try:
            return _first_look(db.path, preferred)
        except sqlite3.Error:
            pass  # the services say what went wrong, in the user's words
    from leantui.core.services import boards, cards

    marker = db.change_marker()  # first: a change made while reading shows next poll
    info = None
    if board_id is not None:
        try:
            info = boards.board_info(db, board_id)
        except LeanError:
            info = None
        if info is not None and info.archived and not archived_ok:
            info = None
    if info is None:
        default = boards.default_board_id(db, preferred)
        if default is None:
            return Snapshot(marker, None, [], [])
        info = boards.board_info(db, default)
    columns = [
        ColumnInfo(c.id or 0, c.name, c.kind, c.wip_limit, c.policy)
        for c in boards.columns(db, info.id)
    ]
    if head:
        top = cards.board_head(db, info.id, [c.id for c in columns], HEAD_ROWS)
        return Snapshot(marker, info, columns, top.rows, top.counts)
    return Snapshot(marker, info, columns, cards.board_cards(db, info.id))


def _first_look(path: Path, preferred: str) -> Snapshot:
    """The first frame's board from the SQLite file itself: no SQLAlchemy import before
    the first frame (it costs more than Textual's whole start-up)."""
    look = peek.first_look(path, preferred, HEAD_ROWS)
    columns = [ColumnInfo(c.id, c.name, c.kind, c.wip_limit, c.policy) for c in look.columns]
    counts = look.counts if look.board else None
    return Snapshot(look.marker, look.board, columns, look.rows, counts)


class BoardView(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.model: BoardModel | None = None
        self.board_id: int | None = None
        self.current = 0
        self.flt = Filter()
        self._marker = -1
        self._seq = 0
        self._loading = False
        self._follow: int | None = None  # the card the cursor goes to once loaded
        self._headers: list[ColumnHeader] = []
        self._lists: list[CardList] = []
        self._shape: tuple[Any, ...] = ()
        self._bindings_state: tuple[Any, ...] = ()

    @property
    def lean(self) -> LeanApp:
        return cast("LeanApp", self.app)

    @property
    def db(self) -> Database:
        return self.lean.db

    # --- reading ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield BoardTitle()
        try:
            snapshot = read_board(self.db, None, self.lean.settings.default_board, head=True)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            snapshot = Snapshot(-1, None, [], [])
        yield Horizontal(*(self._take(snapshot) or []), id="board-columns")
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

    def load(self, board_id: int | None = None) -> None:
        """Read the whole board in a worker: `board_id` (even an archived one), else the
        one shown while it is live, else the default board."""
        self._seq += 1
        self._loading = True
        preferred = self.lean.settings.default_board
        self._read(self._seq, board_id or self.board_id, preferred, board_id is not None)

    @work(thread=True, exclusive=True, group="kanban-load", exit_on_error=False)
    def _read(self, seq: int, board_id: int | None, preferred: str, archived_ok: bool) -> None:
        try:
            snapshot = read_board(self.db, board_id, preferred, False, archived_ok)
        except LeanError as exc:
            self.post_message(LoadFailed(seq, exc))
        except Exception as exc:  # the database went away, a lock timed out …
            self.post_message(LoadFailed(seq, LeanError("board.load_failed", problem=exc)))
        else:
            self.post_message(Loaded(seq, snapshot))

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
        boxes = self._take(message.snapshot)
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

    def _take(self, snapshot: Snapshot) -> list[Widget] | None:
        """Adopt a snapshot. Returns new column widgets to mount, or None when the
        board and its columns are the ones shown (only the cards changed)."""
        self._marker = snapshot.marker
        board = snapshot.board
        if board is None or board.id != self.board_id:
            self.flt = Filter()
            self.current = 0
        self.board_id = board.id if board else None
        self.model = (
            BoardModel.build(board, snapshot.columns, snapshot.rows, self.flt, snapshot.counts)
            if board
            else None
        )
        columns = [(c.id, c.name, c.kind, c.wip_limit, c.policy) for c in snapshot.columns]
        shape = (board.id if board else None, *columns)
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
        if self.model is None:
            text = t("board.no_board")
        elif not self.model.columns:
            text = t("board.no_columns")
        else:
            text = ""
        message = self.query_one("#board-message", Static)
        message.update(text)
        message.display = bool(text)
        board = self.model.board if self.model else None
        self.query_one(BoardTitle).show(board, self.flt, t("board.no_board_title"))
        self._size_columns()
        self._update_bindings()

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
        """Reload when someone, anywhere, saved a change since the board was read."""
        if self._loading:
            return
        try:
            marker = self.db.change_marker()
        except Exception:  # a busy or unreachable database: try again on the next tick
            return
        if marker != self._marker:
            self.load()

    def write(self, call: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a service change. When nobody else wrote since the board was read, take
        the new change marker, so the poll does not re-read the board for our change."""
        before = self.db.change_marker()
        result = call(*args, **kwargs)
        if before == self._marker:
            self._marker = self.db.change_marker()
        return result

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

    def changed(self, card_id: int, hint: int | None = None, follow: bool = True) -> None:
        """Re-read one card and put it where it now belongs; the cursor follows it to
        another column when `follow`."""
        from leantui.core.services import cards

        model = self.model
        if model is None or model.partial:  # the whole board is on its way: take that
            self._follow = card_id if follow else None
            self.load()
            return
        try:
            row = cards.card_row(self.db, card_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
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
