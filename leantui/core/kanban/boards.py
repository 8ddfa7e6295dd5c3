"""Boards and their columns: the rules for creating, renaming, reordering and deleting.
Every write bumps the board's revision first (and the list's, when what the list shows
changes): see services/revisions.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from leantui.core.db.engine import Database
from leantui.core.db.models import Team
from leantui.core.errors import NotFound, ValidationError
from leantui.core.i18n import t
from leantui.core.kanban import cards, rules
from leantui.core.kanban.models import COLUMN_KINDS, Board, BoardColumn, Card
from leantui.core.kanban.rows import BoardInfo, BoardSummary, ColumnRow
from leantui.core.services import events, revisions, validate


def default_columns() -> list[tuple[str, str, int | None]]:
    """(name, kind, WIP limit) of a new board, in the user's language."""
    return [
        (t("kanban.col_backlog"), "backlog", None),
        (t("kanban.col_ready"), "queue", None),
        (t("kanban.col_doing"), "active", 3),
        (t("kanban.col_done"), "done", None),
    ]


def _board(session: Session, board_id: int) -> Board:
    board = session.get(Board, board_id)
    if board is None:
        raise NotFound("kanban.no_such_board", name=board_id)
    return board


def _check_unique_name(session: Session, name: str, board_id: int | None = None) -> None:
    clash = session.exec(select(Board).where(Board.name == name)).first()
    if clash is not None and clash.id != board_id:
        raise ValidationError("kanban.board_name_taken", field="name", name=name)


def _check_unique_column(
    session: Session, board_id: int, name: str, column_id: int | None = None
) -> None:
    """Column names are unique on a board, ignoring case: `leantui card move 7 done`
    finds a column by name and must not pick one of two at random."""
    for other in session.exec(select(BoardColumn).where(BoardColumn.board_id == board_id)):
        if other.id != column_id and other.name.casefold() == name.casefold():
            raise ValidationError("kanban.column_name_taken", field="name", name=name)


def _column_row(column: BoardColumn) -> ColumnRow:
    return ColumnRow(column.id or 0, column.name, column.kind, column.wip_limit, column.policy)


def _record(session: Session, board: Board, action: str, payload: Any = None) -> None:
    events.record(
        session,
        "board",
        board.id or 0,
        action,
        payload,
        board_id=board.id,
        team_id=board.team_id,
        area_id=board.area_id,
    )


def create_board(
    db: Database,
    name: str,
    *,
    team_id: int | None = None,
    area_id: int | None = None,
    columns: list[tuple[str, str, int | None]] | None = None,
) -> BoardInfo:
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        revisions.bump(session, revisions.BOARDS)
        _check_unique_name(session, name)
        board = Board(name=name, team_id=team_id, area_id=area_id)
        session.add(board)
        session.flush()
        board_id = board.id or 0
        revisions.bump(session, revisions.board(board_id))
        for position, (col_name, kind, limit) in enumerate(columns or default_columns()):
            session.add(
                BoardColumn(
                    board_id=board_id, name=col_name, kind=kind, position=position, wip_limit=limit
                )
            )
        _record(session, board, "create", {"name": name})
    return board_info(db, board_id)


def update_board(db: Database, board_id: int, name: str, team_id: int | None) -> None:
    """Rename a board and set its team (or none) in one change."""
    name = validate.text(name, "name", required=True, limit=validate.MAX_NAME)
    with db.write() as session:
        revisions.bump(session, revisions.BOARDS)
        revisions.bump(session, revisions.board(board_id))
        board = _board(session, board_id)
        if team_id is not None and session.get(Team, team_id) is None:
            raise NotFound("kanban.no_such_team", id=team_id)
        if name != board.name:
            _check_unique_name(session, name, board_id)
            _record(session, board, "rename", {"from": board.name, "to": name})
            board.name = name
        if team_id != board.team_id:
            _record(session, board, "team", {"from": board.team_id, "to": team_id})
            board.team_id = team_id


def set_board_archived(db: Database, board_id: int, archived: bool) -> bool:
    """Archive or restore a board; False when it already was as asked (nothing done)."""
    with db.write() as session:
        revisions.bump(session, revisions.BOARDS)
        revisions.bump(session, revisions.board(board_id))
        board = _board(session, board_id)
        if board.archived == archived:
            return False
        board.archived = archived
        _record(session, board, "archive" if archived else "restore")
        return True


def _board_query() -> Any:
    return core_select(
        col(Board.id), col(Board.name), col(Board.team_id), col(Team.name), col(Board.archived)
    ).outerjoin(Team, col(Team.id) == col(Board.team_id))


def list_boards(db: Database, include_archived: bool = False) -> list[BoardSummary]:
    counts = (
        select(Card.board_id, func.count().label("n"))
        .where(col(Card.archived_at).is_(None))
        .group_by(col(Card.board_id))
        .subquery()
    )
    query = (
        _board_query()
        .add_columns(counts.c.n)
        .outerjoin(counts, counts.c.board_id == Board.id)
        .order_by(Board.name)
    )
    if not include_archived:
        query = query.where(col(Board.archived).is_(False))
    with db.read() as session:
        return [
            BoardSummary(r[0], r[1], r[2], r[3] or "", bool(r[4]), r[5] or 0)
            for r in session.execute(query).all()
        ]


def board_info(db: Database, board_id: int) -> BoardInfo:
    with db.read() as session:
        row = session.execute(_board_query().where(col(Board.id) == board_id)).first()
    if row is None:
        raise NotFound("kanban.no_such_board", name=board_id)
    return BoardInfo(row[0], row[1], row[2], row[3] or "", bool(row[4]))


def find_board(db: Database, name_or_id: str) -> BoardInfo:
    """A board by exact name, else by name ignoring case when only one board has it,
    else by id when given digits (archived boards too)."""
    wanted = name_or_id.casefold()
    with db.read() as session:
        named = session.execute(core_select(col(Board.id), col(Board.name))).all()
    exact = [row[0] for row in named if row[1] == name_or_id]
    folded = [row for row in named if row[1].casefold() == wanted]
    if not exact and len(folded) > 1:
        raise ValidationError(
            "kanban.board_ambiguous",
            field="board",
            name=name_or_id,
            names=", ".join(sorted(row[1] for row in folded)),
        )
    found = exact[0] if exact else (folded[0][0] if folded else None)
    number = validate.record_id(name_or_id)
    if found is None and number is None:
        raise NotFound("kanban.no_such_board", name=name_or_id)
    try:
        return board_info(db, found if found is not None else number or 0)
    except NotFound:
        raise NotFound("kanban.no_such_board", name=name_or_id) from None


def columns(db: Database, board_id: int) -> list[ColumnRow]:
    with db.read() as session:
        return [
            _column_row(c)
            for c in session.exec(
                select(BoardColumn)
                .where(BoardColumn.board_id == board_id)
                .order_by(col(BoardColumn.position))
            ).all()
        ]


def _column_fields(
    name: str, kind: str, wip_limit: str | int | None, policy: str
) -> tuple[str, str, int | None, str]:
    return (
        validate.text(name, "name", required=True, limit=validate.MAX_NAME),
        validate.choice(kind, "kind", COLUMN_KINDS),
        validate.optional_count(wip_limit, "wip_limit"),
        validate.text(policy, "policy", limit=500),
    )


def _record_column(session: Session, column: BoardColumn, action: str, payload: Any) -> None:
    events.record(session, "column", column.id or 0, action, payload, board_id=column.board_id)


def add_column(
    db: Database,
    board_id: int,
    name: str,
    kind: str = "queue",
    wip_limit: str | int | None = None,
    policy: str = "",
) -> ColumnRow:
    name, kind, limit, policy = _column_fields(name, kind, wip_limit, policy)
    with db.write() as session:
        revisions.bump(session, revisions.board(board_id))
        _board(session, board_id)
        _check_unique_column(session, board_id, name)
        last = session.execute(
            select(func.max(BoardColumn.position)).where(BoardColumn.board_id == board_id)
        ).scalar()
        column = BoardColumn(
            board_id=board_id,
            name=name,
            kind=kind,
            wip_limit=limit,
            policy=policy,
            position=(last if last is not None else -1) + 1,
        )
        session.add(column)
        session.flush()
        payload = {"board_id": board_id, "name": name, "kind": kind, "wip_limit": limit}
        _record_column(session, column, "create", payload)
        return _column_row(column)


def _lock_column(session: Session, column_id: int) -> BoardColumn:
    board_id = session.execute(
        core_select(col(BoardColumn.board_id)).where(col(BoardColumn.id) == column_id)
    ).scalar()
    if board_id is None:
        raise NotFound("kanban.no_such_column", name=column_id)
    revisions.bump(session, revisions.board(board_id))
    return cards.column_in(session, column_id)


def update_column(
    db: Database, column_id: int, name: str, kind: str, wip_limit: str | int | None, policy: str
) -> None:
    name, kind, limit, policy = _column_fields(name, kind, wip_limit, policy)
    with db.write() as session:
        column = _lock_column(session, column_id)
        _check_unique_column(session, column.board_id, name, column_id)
        changes = {
            field: [getattr(column, field), new]
            for field, new in (
                ("name", name),
                ("kind", kind),
                ("wip_limit", limit),
                ("policy", policy),
            )
            if getattr(column, field) != new
        }
        if not changes:
            return
        column.name, column.kind, column.wip_limit, column.policy = name, kind, limit, policy
        _record_column(session, column, "edit", changes)


def move_column(db: Database, column_id: int, delta: int) -> None:
    """Swap the column with its neighbour to the left (-1) or right (+1)."""
    with db.write() as session:
        column = _lock_column(session, column_id)
        siblings = list(
            session.exec(
                select(BoardColumn)
                .where(BoardColumn.board_id == column.board_id)
                .order_by(col(BoardColumn.position))
            ).all()
        )
        index = [c.id for c in siblings].index(column.id)
        other = index + delta
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        _record_column(session, column, "reorder", {"delta": delta})


def delete_column(
    db: Database,
    column_id: int,
    move_cards_to: int | None = None,
    override_reason: str | None = None,
) -> int:
    """Delete a column. Its cards (archived ones too) go to `move_cards_to`, which at its
    WIP limit needs a reason, as any way into a column does; a column that still holds
    cards is refused without a target. Returns how many cards moved."""
    with db.write() as session:
        column = _lock_column(session, column_id)
        held = session.execute(
            select(func.count()).select_from(Card).where(Card.column_id == column_id)
        ).scalar_one()
        if held and move_cards_to is None:
            raise ValidationError("kanban.column_not_empty", field="column", count=held)
        if held:
            target = cards.column_in(session, move_cards_to or 0)
            if target.board_id != column.board_id or target.id == column.id:
                raise ValidationError("kanban.bad_target_column", field="column")
            moving = session.exec(
                select(Card).where(Card.column_id == column_id).order_by(col(Card.position))
            ).all()
            live = sum(1 for card in moving if card.archived_at is None)
            reason: dict[str, Any] = {}
            if live:
                cards.check_wip(session, target, override_reason, reason, adding=live)
            for card in moving:
                payload = {
                    "from_id": column.id,
                    "from": column.name,
                    "to_id": target.id,
                    "to": target.name,
                    "column_deleted": True,
                    **reason,
                }
                cards.relocate(session, card, target, payload)
            session.flush()
        payload = {"name": column.name, "cards_moved_to": move_cards_to, "cards": held}
        _record_column(session, column, "delete", payload)
        session.delete(column)
        return int(held)


def column_card_count(db: Database, column_id: int) -> int:
    """Cards in a column, archived ones too: what deleting it would have to move."""
    with db.read() as session:
        return int(
            session.execute(
                select(func.count()).select_from(Card).where(Card.column_id == column_id)
            ).scalar_one()
        )


def default_board_id(db: Database, preferred: str = "") -> int | None:
    """The default board (rules.pick_default) among the live boards."""
    query = core_select(col(Board.id), col(Board.name)).where(col(Board.archived).is_(False))
    with db.read() as session:
        live = [(int(row[0]), str(row[1])) for row in session.execute(query)]
    return rules.pick_default(live, preferred)
