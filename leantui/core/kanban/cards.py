"""Cards: the kanban rules. Timestamps (started, completed, moved) are set here, never
by a screen; every change writes its event in the same transaction and returns what the
board draws next (a CardChange), so a key press costs one transaction.

Every write first bumps its board's revision (services/revisions.py): on PostgreSQL that
makes writers of one board take turns, so the column a card is read in, a column's count
against its WIP limit and the end of a column are never stale. A card's UPDATE is also
conditional on the version it was read at (models.Card), on every engine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from leantui.core.clock import now
from leantui.core.db.engine import Database
from leantui.core.errors import Conflict, LeanError, NotFound, ValidationError
from leantui.core.kanban import rules
from leantui.core.kanban.models import Board, BoardColumn, Card
from leantui.core.kanban.rows import CardChange, CardRecord, CardRow
from leantui.core.services import events, revisions, validate

PRIORITIES = (0, 1, 2, 3)  # none, low, medium, high
EDITABLE = ("title", "description", "owner", "tags", "priority", "due", "source_type", "source_id")
ROW_FIELDS = (
    "id",
    "column_id",
    "position",
    "title",
    "owner",
    "tags",
    "priority",
    "due",
    "blocked",
    "moved_at",
    "description",
    "board_id",
    "version",
)


class WipLimitReached(LeanError):
    """The target column is at its WIP limit: entering it needs an override reason."""

    def __init__(self, column: str, count: int, limit: int) -> None:
        super().__init__("kanban.wip_reached", column=column, count=count, limit=limit)
        self.column, self.count, self.limit = column, count, limit


# --- reading inside a unit of work -------------------------------------------------------


def _lock_card(session: Session, card_id: int) -> tuple[Card, int]:
    """The card, read after its board's revision was bumped; and that revision."""
    board_id = session.execute(
        core_select(col(Card.board_id)).where(col(Card.id) == card_id)
    ).scalar()
    if board_id is None:
        raise NotFound("kanban.no_such_card", id=card_id)
    revision = revisions.bump(session, revisions.board(board_id))
    card = session.get(Card, card_id, populate_existing=True)
    if card is None:  # deleted between the two reads (SQLite cannot get here)
        raise NotFound("kanban.no_such_card", id=card_id)
    return card, revision


def _expect(card: Card, version: int | None) -> None:
    if version is not None and card.version != version:
        raise Conflict("kanban.card_conflict", id=card.id)


def column_in(session: Session, column_id: int) -> BoardColumn:
    """The column, or NotFound: shared with the board service."""
    column = session.get(BoardColumn, column_id)
    if column is None:
        raise NotFound("kanban.no_such_column", name=column_id)
    return column


def row_of(card: Card) -> CardRow:
    return CardRow(*(getattr(card, name) for name in ROW_FIELDS))


def _change(
    session: Session,
    card: Card | None,
    card_id: int,
    revision: int,
    action: str,
    payload: Any,
    also: tuple[Card, ...] = (),
) -> CardChange:
    session.flush()  # the new versions
    live = card is not None and card.archived_at is None
    row = row_of(card) if live and card is not None else None
    return CardChange(row, card_id, revision, action, payload, tuple(row_of(c) for c in also))


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the editable fields present in `fields`; unknown names are a bug."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            out[name] = validate.text(value, "title", required=True, limit=validate.MAX_TITLE)
        elif name == "description":
            out[name] = validate.text(value, name, multiline=True)
        elif name in ("owner", "source_type"):
            out[name] = validate.text(value, name, limit=validate.MAX_NAME)
        elif name == "tags":
            out[name] = validate.tags(value)
        elif name == "priority":
            number = validate.optional_count(value, "priority") or 0
            if number not in PRIORITIES:
                raise ValidationError(
                    "core.v_bad_choice", field="priority", value=number, choices="0, 1, 2, 3"
                )
            out[name] = number
        elif name == "due":
            out[name] = validate.optional_date(value, "due")
        elif name == "source_id":
            out[name] = validate.optional_count(value, "source_id")
    return out


def _next_position(session: Session, column_id: int) -> int:
    last = session.execute(
        select(func.max(Card.position)).where(Card.column_id == column_id)
    ).scalar()
    return 0 if last is None else last + 1


def _count_in(session: Session, column_id: int) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(Card)
            .where(Card.column_id == column_id, col(Card.archived_at).is_(None))
        ).scalar_one()
    )


def _enter(card: Card, column: BoardColumn, at: datetime) -> None:
    """Flow timestamps on entering `column`."""
    card.column_id = column.id or 0
    card.moved_at = at
    if column.kind == "active" and card.started_at is None:
        card.started_at = at
    card.completed_at = at if column.kind == "done" else None


def check_wip(
    session: Session,
    target: BoardColumn,
    override_reason: str | None,
    payload: dict[str, Any],
    adding: int = 1,
) -> None:
    """Every path that puts cards into a column (add, move, restore, a deleted column's
    cards) comes here: going over the WIP limit needs a reason, which goes into the
    event."""
    if target.wip_limit is None:
        return
    count = _count_in(session, target.id or 0)
    if not rules.goes_over(count, adding, target.wip_limit):
        return
    if not (override_reason or "").strip():
        raise WipLimitReached(target.name, count, target.wip_limit or 0)
    payload["override_reason"] = validate.reason(override_reason)


def entry_column(session: Session, board_id: int) -> BoardColumn:
    """Where a new card goes unless told: the board's first column."""
    column = session.exec(
        select(BoardColumn)
        .where(BoardColumn.board_id == board_id)
        .order_by(col(BoardColumn.position))
    ).first()
    if column is None:
        raise NotFound("kanban.no_such_board", name=board_id)
    return column


def wip_check(db: Database, column_id: int) -> WipLimitReached | None:
    """What adding a card to the column now would say: ask for the reason before the
    user fills in a whole form."""
    with db.read() as session:
        column = column_in(session, column_id)
        count = _count_in(session, column_id)
    if rules.goes_over(count, 1, column.wip_limit):
        return WipLimitReached(column.name, count, column.wip_limit or 0)
    return None


def relocate(session: Session, card: Card, target: BoardColumn, payload: dict[str, Any]) -> None:
    """Put `card` at the end of `target` and record the move (the caller checked WIP)."""
    position = _next_position(session, target.id or 0)
    _enter(card, target, now())
    card.position = position
    events.record(session, "card", card.id or 0, "move", payload, board_id=card.board_id)


# --- changes --------------------------------------------------------------------------------


def add_card(
    db: Database,
    board_id: int,
    title: str,
    column_id: int | None = None,
    override_reason: str | None = None,
    **fields: Any,
) -> CardChange:
    """A new card at the end of `column_id` (default: the board's first column); into a
    column at its WIP limit only with an override reason, as for a move. Never onto an
    archived board (restore the board first)."""
    cleaned = _clean_fields({"title": title, **fields})
    with db.write() as session:
        revision = revisions.bump(session, revisions.board(board_id))
        board = session.get(Board, board_id)
        if board is None:
            raise NotFound("kanban.no_such_board", name=board_id)
        if board.archived:  # read after the bump: not archived meanwhile
            raise ValidationError("kanban.board_archived", field="board", name=board.name)
        if column_id is None:
            column = entry_column(session, board_id)
        else:
            column = column_in(session, column_id)
            if column.board_id != board_id:
                raise ValidationError("kanban.bad_target_column", field="column")
        payload: dict[str, Any] = {**cleaned, "column_id": column.id, "column": column.name}
        check_wip(session, column, override_reason, payload)
        at = now()
        card = Card(
            board_id=board_id,
            column_id=column.id or 0,
            position=_next_position(session, column.id or 0),
            created_at=at,
            **cleaned,
        )
        _enter(card, column, at)
        session.add(card)
        session.flush()
        card_id = card.id or 0
        events.record(session, "card", card_id, "create", payload, board_id=board_id)
        return _change(session, card, card_id, revision, "create", payload)


def update_card(
    db: Database, card_id: int, base: int | dict[str, Any], **fields: Any
) -> CardChange:
    """Change the given fields, checked against what the caller read: `base` is the
    card's version (refuse if anything changed since), or the stored fields a form was
    filled from (`editable_values`; refuse only if one of those changed, so a move or a
    block by someone else does not lock an open form). Either way two terminals never
    overwrite each other's edits unnoticed."""
    cleaned = _clean_fields(fields)
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        if isinstance(base, dict):
            if any(getattr(card, name) != value for name, value in base.items()):
                raise Conflict("kanban.card_conflict", id=card_id)
        else:
            _expect(card, base)
        changes = {
            name: [getattr(card, name), value]
            for name, value in cleaned.items()
            if getattr(card, name) != value
        }
        if changes:
            for name, (_old, new) in changes.items():
                setattr(card, name, new)
            events.record(session, "card", card_id, "edit", changes, board_id=card.board_id)
        return _change(session, card, card_id, revision, "edit" if changes else "", changes)


def move_card(
    db: Database,
    card_id: int,
    column_id: int,
    override_reason: str | None = None,
    expected_version: int | None = None,
) -> CardChange:
    """Move a card to the end of another column of its board. Into a column at its WIP
    limit only with an override reason, which the event records. The change's payload
    names the column the card really came from (`from`). A blocked card that reaches a
    `done` column is done, not blocked: it is unblocked, and the move's event says so
    (`unblocked`, with the reason and since-when it had)."""
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        _expect(card, expected_version)
        target = column_in(session, column_id)
        if target.board_id != card.board_id:
            raise ValidationError("kanban.bad_target_column", field="column")
        source = column_in(session, card.column_id)
        payload: dict[str, Any] = {
            "from_id": source.id,
            "from": source.name,
            "to_id": target.id,
            "to": target.name,
        }
        if target.id == card.column_id:
            return _change(session, card, card_id, revision, "", payload)
        check_wip(session, target, override_reason, payload)
        if target.kind == "done" and card.blocked:
            payload.update(
                unblocked=True,
                blocked_reason=card.blocked_reason,
                blocked_since=card.blocked_since,
            )
            card.blocked, card.blocked_reason, card.blocked_since = False, "", None
        relocate(session, card, target, payload)
        return _change(session, card, card_id, revision, "move", payload)


def reorder_card(
    db: Database, card_id: int, delta: int, expected_version: int | None = None
) -> CardChange | None:
    """Swap the card with its neighbour above (-1) or below (+1). None at an end."""
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        _expect(card, expected_version)
        newer = delta > 0
        neighbour = session.exec(
            select(Card)
            .where(
                Card.column_id == card.column_id,
                col(Card.archived_at).is_(None),
                (col(Card.position) > card.position)
                if newer
                else (col(Card.position) < card.position),
            )
            .order_by(col(Card.position).asc() if newer else col(Card.position).desc())
        ).first()
        if neighbour is None:
            return None
        card.position, neighbour.position = neighbour.position, card.position
        payload = {"delta": delta, "other": neighbour.id}
        events.record(session, "card", card_id, "reorder", payload, board_id=card.board_id)
        return _change(session, card, card_id, revision, "reorder", payload, (neighbour,))


def block_card(
    db: Database, card_id: int, reason: str, expected_version: int | None = None
) -> CardChange:
    reason = validate.text(reason, "blocked_reason", required=True, limit=validate.MAX_REASON)
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        _expect(card, expected_version)
        # A new reason for a card that is blocked already keeps its since-when.
        since = card.blocked_since if card.blocked and card.blocked_since else now()
        card.blocked, card.blocked_reason, card.blocked_since = True, reason, since
        payload = {"reason": reason}
        events.record(session, "card", card_id, "block", payload, board_id=card.board_id)
        return _change(session, card, card_id, revision, "block", payload)


def unblock_card(db: Database, card_id: int, expected_version: int | None = None) -> CardChange:
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        _expect(card, expected_version)
        if not card.blocked:
            return _change(session, card, card_id, revision, "", {})
        payload = {"blocked_since": card.blocked_since}
        card.blocked, card.blocked_reason, card.blocked_since = False, "", None
        events.record(session, "card", card_id, "unblock", payload, board_id=card.board_id)
        return _change(session, card, card_id, revision, "unblock", payload)


def set_archived(
    db: Database, card_id: int, archived: bool, override_reason: str | None = None
) -> CardChange:
    """Archive a card, or restore it to the end of its column (which, like any way into
    a column, needs a reason at the column's WIP limit)."""
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        if (card.archived_at is not None) == archived:
            return _change(session, card, card_id, revision, "", {})
        payload: dict[str, Any] = {}
        if archived:
            card.archived_at = now()
        else:
            column = column_in(session, card.column_id)
            payload = {"column_id": column.id, "column": column.name}
            check_wip(session, column, override_reason, payload)
            position = _next_position(session, card.column_id)
            card.archived_at, card.position = None, position
        action = "archive" if archived else "restore"
        events.record(session, "card", card_id, action, payload, board_id=card.board_id)
        return _change(session, card, card_id, revision, action, payload)


def delete_card(db: Database, card_id: int) -> CardChange:
    """Remove a card for good; its history stays in the event log."""
    with db.write() as session:
        card, revision = _lock_card(session, card_id)
        payload = {"title": card.title, "column_id": card.column_id}
        events.record(session, "card", card_id, "delete", payload, board_id=card.board_id)
        session.delete(card)
        return _change(session, None, card_id, revision, "delete", payload)


# --- reading ----------------------------------------------------------------------------------


def _record(card: Card) -> CardRecord:
    return CardRecord(**{name: getattr(card, name) for name in CardRecord.__dataclass_fields__})


def get_card(db: Database, card_id: int) -> CardRecord:
    with db.read() as session:
        card = session.get(Card, card_id)
        if card is None:
            raise NotFound("kanban.no_such_card", id=card_id)
        return _record(card)


def editable_values(card: CardRecord) -> dict[str, Any]:
    """The stored values of the editable fields: what `update_card(base=…)` checks."""
    return {name: getattr(card, name) for name in EDITABLE}


def row_select(archived: bool = False) -> Any:
    """A Core select of the CardRow fields of live (or else archived) cards."""
    c = Card.__table__.c  # type: ignore[attr-defined]
    return core_select(*(c[name] for name in ROW_FIELDS)).where(
        c.archived_at.is_not(None) if archived else c.archived_at.is_(None)
    )


def board_cards(db: Database, board_id: int, archived: bool = False) -> list[CardRow]:
    """Every card of a board in column, position order (one indexed query)."""
    c = Card.__table__.c  # type: ignore[attr-defined]
    query = row_select(archived).where(c.board_id == board_id).order_by(c.column_id, c.position)
    with db.read() as session:
        return [CardRow(*row) for row in session.execute(query)]


def card_row(db: Database, card_id: int) -> CardRow | None:
    """One live card as a board draws it, or None when it is archived or gone."""
    query = row_select().where(Card.__table__.c.id == card_id)  # type: ignore[attr-defined]
    with db.read() as session:
        row = session.execute(query).first()
        return None if row is None else CardRow(*row)


def board_head(
    db: Database, board_id: int, column_ids: list[int], per_column: int
) -> tuple[list[CardRow], dict[int, int]]:
    """The first `per_column` live cards of each column (one indexed range read each),
    and how many live cards each column holds."""
    c = Card.__table__.c  # type: ignore[attr-defined]
    counts_query = (
        core_select(c.column_id, func.count())
        .where(c.board_id == board_id, c.archived_at.is_(None))
        .group_by(c.column_id)
    )
    rows: list[CardRow] = []
    with db.read() as session:
        counts = {column: int(n) for column, n in session.execute(counts_query)}
        for column_id in column_ids:
            query = row_select().where(c.column_id == column_id).order_by(c.position)
            rows.extend(CardRow(*row) for row in session.execute(query.limit(per_column)))
    return rows, counts
