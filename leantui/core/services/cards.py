"""Cards: the kanban rules. Timestamps (started, completed, moved) are set here, never
by a screen; every change writes its event in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from leantui.core.clock import now
from leantui.core.db.engine import Database
from leantui.core.db.models import BoardColumn, Card
from leantui.core.errors import LeanError, NotFound, ValidationError
from leantui.core.rows import BoardHead, CardRow
from leantui.core.services import events, validate

PRIORITIES = (0, 1, 2, 3)  # none, low, medium, high
EDITABLE = ("title", "description", "owner", "tags", "priority", "due", "source_type", "source_id")


class WipLimitReached(LeanError):
    """The target column is at its WIP limit: the move needs an override reason."""

    def __init__(self, column: str, count: int, limit: int) -> None:
        super().__init__("kanban.wip_reached", column=column, count=count, limit=limit)
        self.column, self.count, self.limit = column, count, limit


class Conflict(LeanError):
    """Someone else changed the card since it was read."""


def _card(session: Session, card_id: int) -> Card:
    card = session.get(Card, card_id)
    if card is None:
        raise NotFound("kanban.no_such_card", id=card_id)
    return card


def column_in(session: Session, column_id: int) -> BoardColumn:
    """The column, or NotFound: shared with the board service."""
    column = session.get(BoardColumn, column_id)
    if column is None:
        raise NotFound("kanban.no_such_column", name=column_id)
    return column


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the editable fields present in `fields`; unknown names are a bug."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            out[name] = validate.text(value, "title", required=True, limit=validate.MAX_TITLE)
        elif name in ("description",):
            out[name] = validate.text(value, name)
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
    if column.kind == "done":
        card.completed_at = at
    else:
        card.completed_at = None


def _touch(card: Card) -> None:
    card.version += 1


def _check_wip(
    session: Session, target: BoardColumn, override_reason: str | None, payload: dict[str, Any]
) -> None:
    """Entering a column at its WIP limit needs a reason, which goes into the event."""
    if target.wip_limit is None:
        return
    count = _count_in(session, target.id or 0)
    if count >= target.wip_limit:
        reason = (override_reason or "").strip()
        if not reason:
            raise WipLimitReached(target.name, count, target.wip_limit)
        payload["override_reason"] = validate.text(reason, "reason", limit=500)


def add_card(
    db: Database,
    board_id: int,
    title: str,
    column_id: int | None = None,
    override_reason: str | None = None,
    **fields: Any,
) -> Card:
    """A new card at the end of `column_id` (default: the board's first column); into a
    column at its WIP limit only with an override reason, as for a move."""
    cleaned = _clean_fields({"title": title, **fields})
    with db.write() as session:
        if column_id is None:
            column = session.exec(
                select(BoardColumn)
                .where(BoardColumn.board_id == board_id)
                .order_by(col(BoardColumn.position))
            ).first()
            if column is None:
                raise NotFound("kanban.no_such_board", name=board_id)
        else:
            column = column_in(session, column_id)
            if column.board_id != board_id:
                raise ValidationError("kanban.bad_target_column", field="column")
        payload: dict[str, Any] = {**cleaned, "column_id": column.id, "column": column.name}
        _check_wip(session, column, override_reason, payload)
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
        events.record(session, "card", card.id or 0, "create", payload)
        return card


def update_card(
    db: Database,
    card_id: int,
    expected_version: int | None = None,
    *,
    seen: dict[str, Any] | None = None,
    **fields: Any,
) -> Card:
    """Change the given fields. With `expected_version`, refuse if someone else changed
    the card in any way since it was read. With `seen` (the stored fields a form was
    filled from: `editable_values(card)`), refuse only if one of them changed since, so
    a move, block or reorder by someone else does not lock an open form. Either way two
    terminals never overwrite each other's edits unnoticed."""
    cleaned = _clean_fields(fields)
    with db.write() as session:
        card = _card(session, card_id)
        if expected_version is not None and card.version != expected_version:
            raise Conflict("kanban.card_conflict", id=card_id)
        if seen is not None and any(getattr(card, n) != v for n, v in seen.items()):
            raise Conflict("kanban.card_conflict", id=card_id)
        changes = {
            name: [getattr(card, name), value]
            for name, value in cleaned.items()
            if getattr(card, name) != value
        }
        if changes:
            for name, (_old, new) in changes.items():
                setattr(card, name, new)
            _touch(card)
            events.record(session, "card", card_id, "edit", changes)
        return card


def editable_values(card: Card) -> dict[str, Any]:
    """The stored editable fields of `card`, to hand back to `update_card(seen=…)`."""
    return {name: getattr(card, name) for name in EDITABLE}


def move_card(
    db: Database, card_id: int, column_id: int, override_reason: str | None = None
) -> Card:
    """Move a card to the end of another column of its board. Into a column at its WIP
    limit only with an override reason, which the event records."""
    with db.write() as session:
        card = _card(session, card_id)
        target = column_in(session, column_id)
        if target.board_id != card.board_id:
            raise ValidationError("kanban.bad_target_column", field="column")
        if target.id == card.column_id:
            return card
        source = column_in(session, card.column_id)
        payload: dict[str, Any] = {
            "from_id": source.id,
            "from": source.name,
            "to_id": target.id,
            "to": target.name,
        }
        _check_wip(session, target, override_reason, payload)
        relocate(session, card, target, payload)
        return card


def relocate(session: Session, card: Card, target: BoardColumn, payload: dict[str, Any]) -> None:
    """Put `card` at the end of `target` and record the move (no WIP check)."""
    _enter(card, target, now())
    card.position = _next_position(session, target.id or 0)
    _touch(card)
    events.record(session, "card", card.id or 0, "move", payload)


def reorder_card(db: Database, card_id: int, delta: int) -> bool:
    """Swap the card with its neighbour above (-1) or below (+1). False at an end."""
    with db.write() as session:
        card = _card(session, card_id)
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
            return False
        card.position, neighbour.position = neighbour.position, card.position
        _touch(card)
        events.record(session, "card", card_id, "reorder", {"delta": delta})
        return True


def block_card(db: Database, card_id: int, reason: str) -> None:
    reason = validate.text(reason, "blocked_reason", required=True, limit=500)
    with db.write() as session:
        card = _card(session, card_id)
        # A new reason for a card that is blocked already keeps its since-when.
        since = card.blocked_since if card.blocked and card.blocked_since else now()
        card.blocked, card.blocked_reason, card.blocked_since = True, reason, since
        _touch(card)
        events.record(session, "card", card_id, "block", {"reason": reason})


def unblock_card(db: Database, card_id: int) -> None:
    with db.write() as session:
        card = _card(session, card_id)
        if not card.blocked:
            return
        since = card.blocked_since
        card.blocked, card.blocked_reason, card.blocked_since = False, "", None
        _touch(card)
        events.record(session, "card", card_id, "unblock", {"blocked_since": since})


def set_archived(db: Database, card_id: int, archived: bool) -> None:
    with db.write() as session:
        card = _card(session, card_id)
        if (card.archived_at is not None) == archived:
            return
        card.archived_at = now() if archived else None
        if not archived:
            card.position = _next_position(session, card.column_id)
        _touch(card)
        events.record(session, "card", card_id, "archive" if archived else "restore")


def delete_card(db: Database, card_id: int) -> None:
    """Remove a card for good; its history stays in the event log."""
    with db.write() as session:
        card = _card(session, card_id)
        events.record(session, "card", card_id, "delete", {"title": card.title})
        session.delete(card)


def get_card(db: Database, card_id: int) -> Card:
    with db.read() as session:
        return _card(session, card_id)


def board_cards(db: Database, board_id: int, archived: bool = False) -> list[CardRow]:
    """Every card of a board in column, position order (one indexed query)."""
    c = Card.__table__.c  # type: ignore[attr-defined]
    query = _row_select(archived).where(c.board_id == board_id).order_by(c.column_id, c.position)
    with db.read() as session:
        return [CardRow(*row) for row in session.execute(query)]


def _row_select(archived: bool = False) -> Any:
    """A Core select of the CardRow fields of live (or else archived) cards."""
    c = Card.__table__.c  # type: ignore[attr-defined]
    return core_select(
        c.id,
        c.column_id,
        c.position,
        c.title,
        c.owner,
        c.tags,
        c.priority,
        c.due,
        c.blocked,
        c.moved_at,
        c.description,
    ).where(c.archived_at.is_not(None) if archived else c.archived_at.is_(None))


def card_row(db: Database, card_id: int) -> CardRow | None:
    """One live card as a board draws it, or None when it is archived or gone. After a
    change the board re-reads just this row instead of the whole board."""
    query = _row_select().where(Card.__table__.c.id == card_id)  # type: ignore[attr-defined]
    with db.read() as session:
        row = session.execute(query).first()
        return None if row is None else CardRow(*row)


def board_head(db: Database, board_id: int, column_ids: list[int], per_column: int) -> BoardHead:
    """The first `per_column` live cards of each column (one indexed range read each)."""
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
            query = _row_select().where(c.column_id == column_id).order_by(c.position)
            rows.extend(CardRow(*row) for row in session.execute(query.limit(per_column)))
    return BoardHead(rows, counts)
