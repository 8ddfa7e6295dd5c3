"""What the board screen holds in memory, without Textual: the columns, their cards and
the filter. After a change the screen patches these lists instead of re-reading the
whole board. The flow rules (age, stale, overdue, WIP) are the core's (kanban/rules.py)."""

from __future__ import annotations

import shlex
from bisect import insort
from dataclasses import dataclass, field
from datetime import date

from leantui.core import clock
from leantui.core.kanban import rules
from leantui.core.kanban.rows import BoardInfo, CardRow, ColumnRow

# Filter words in both languages; a word without a prefix searches title and description.
_OWNER = ("owner:", "负责人:", "o:")
_TAG = ("tag:", "标签:", "t:")
_BLOCKED = ("blocked", "阻塞", "is:blocked")
_OVERDUE = ("overdue", "逾期", "is:overdue")


@dataclass(frozen=True)
class Filter:
    text: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    blocked: bool = False
    overdue: bool = False
    source: str = ""  # as the user typed it, for the header

    @property
    def active(self) -> bool:
        return bool(self.text or self.owner or self.tags or self.blocked or self.overdue)


def parse_filter(query: str) -> Filter:
    """`owner:王 tag:safety blocked overdue pump` → a Filter. Quotes keep words together;
    a full-width colon works like ':'."""
    cleaned = query.replace("：", ":").strip()
    try:
        words = shlex.split(cleaned)
    except ValueError:  # an unbalanced quote: take the words as they are
        words = cleaned.split()
    text: list[str] = []
    owner: list[str] = []
    tags: list[str] = []
    blocked = overdue = False
    for word in words:
        low = word.casefold()
        if low in _BLOCKED:
            blocked = True
        elif low in _OVERDUE:
            overdue = True
        elif low.startswith(_OWNER) and ":" in low[:-1]:
            owner.append(low.split(":", 1)[1])
        elif low.startswith(_TAG) and ":" in low[:-1]:
            tags.append(low.split(":", 1)[1])
        else:
            text.append(low)
    return Filter(tuple(text), tuple(owner), tuple(tags), blocked, overdue, " ".join(words))


def matches(row: CardRow, flt: Filter, kind: str, today: date) -> bool:
    if flt.blocked and not row.blocked:
        return False
    if flt.overdue and not rules.is_overdue(row.due, kind, today):
        return False
    if flt.owner:
        owner = row.owner.casefold()
        if not all(o in owner for o in flt.owner):
            return False
    if flt.tags:
        tags = {tag.casefold() for tag in row.tags.split(",")}
        if not all(tag in tags for tag in flt.tags):
            return False
    if flt.text:
        haystack = f"{row.title}\n{row.description}\n{row.tags}".casefold()
        if not all(word in haystack for word in flt.text):
            return False
    return True


@dataclass
class ColumnCards:
    """One column: every live card in position order, and the ones the filter shows."""

    info: ColumnRow
    rows: list[CardRow] = field(default_factory=list)
    shown: list[CardRow] = field(default_factory=list)
    total: int | None = None  # live cards when `rows` holds only the top of the column

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total

    @property
    def over_limit(self) -> bool:
        return rules.over_limit(self.count, self.info.wip_limit)

    @property
    def at_limit(self) -> bool:
        return rules.at_limit(self.count, self.info.wip_limit)


@dataclass
class BoardModel:
    board: BoardInfo
    columns: list[ColumnCards]
    flt: Filter = field(default_factory=Filter)
    partial: bool = False  # only the top of each column is loaded so far

    @classmethod
    def build(
        cls,
        board: BoardInfo,
        columns: list[ColumnRow],
        rows: list[CardRow],
        flt: Filter,
        counts: dict[int, int] | None = None,
    ) -> BoardModel:
        """`counts` (column id → live cards) marks `rows` as the top of each column."""
        by_id = {c.id: ColumnCards(c) for c in columns}
        for row in rows:  # already in column, position order
            column = by_id.get(row.column_id)
            if column is not None:
                column.rows.append(row)
        if counts is not None:
            for column_id, column in by_id.items():
                column.total = counts.get(column_id, 0)
        model = cls(board, list(by_id.values()), flt, partial=counts is not None)
        model.apply_filter(flt)
        return model

    def apply_filter(self, flt: Filter, today: date | None = None) -> None:
        self.flt = flt
        for index in range(len(self.columns)):
            self.refilter(index, today)

    def refilter(self, index: int, today: date | None = None) -> None:
        column = self.columns[index]
        if not self.flt.active:
            column.shown = column.rows
            return
        day = today or clock.today()
        kind = column.info.kind
        column.shown = [r for r in column.rows if matches(r, self.flt, kind, day)]

    def index_of_column(self, column_id: int) -> int | None:
        for index, column in enumerate(self.columns):
            if column.info.id == column_id:
                return index
        return None

    def find(self, card_id: int) -> tuple[int, int] | None:
        """(column index, index in its rows) of a card."""
        for ci, column in enumerate(self.columns):
            for ri, row in enumerate(column.rows):
                if row.id == card_id:
                    return ci, ri
        return None

    def remove(self, card_id: int, hint: int | None = None) -> int | None:
        """Take a card out; returns the index of the column it was in. `hint` is the
        column index to look in first."""
        order = list(range(len(self.columns)))
        if hint is not None and 0 <= hint < len(order):
            order.remove(hint)
            order.insert(0, hint)
        for ci in order:
            rows = self.columns[ci].rows
            for ri, row in enumerate(rows):
                if row.id == card_id:
                    del rows[ri]
                    self.refilter(ci)
                    return ci
        return None

    def put(self, row: CardRow, hint: int | None = None) -> int | None:
        """Insert or replace a card at its position; returns its column index."""
        self.remove(row.id, hint)
        ci = self.index_of_column(row.column_id)
        if ci is None:
            return None
        rows = self.columns[ci].rows
        if not rows or rows[-1].position < row.position:
            rows.append(row)
        else:
            insort(rows, row, key=lambda r: (r.position, r.id))
        self.refilter(ci)
        return ci
