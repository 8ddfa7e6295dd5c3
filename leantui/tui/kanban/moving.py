"""Moving a card to another column, or adding one, as the board does it and wherever
else a card is moved or made from (the stand-up): one service call; into a column at its
WIP limit only after asking why (the override reason the card's event records)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kanban.rows import CardChange
from leantui.core.services import Database
from leantui.tui.kit.dialogs import AskText


def required_reason(reason: str) -> None:
    from leantui.core.services import validate

    validate.reason(reason)


def ask_why_if_full(
    app: App[Any],
    check: Callable[[], LeanError | None],
    go: Callable[[str | None], None],
    failed: Callable[[LeanError], None],
) -> None:
    """On at once (`go(None)`) into a column with room; into one at its WIP limit
    (`check` says so, as cards.wip_check does) only after asking why: `go(reason)`,
    nothing when cancelled. `failed` gets a refusal of the check itself."""
    try:
        full = check()
    except LeanError as exc:
        failed(exc)
        return
    if full is None:
        go(None)
        return
    app.push_screen(
        AskText(full.message(), t("fields.reason"), check=required_reason),
        lambda reason: go(reason) if reason is not None else None,
    )


def move_card(
    app: App[Any],
    db: Database,
    card_id: int,
    column_id: int,
    version: int | None,
    done: Callable[[CardChange], None],
    failed: Callable[[LeanError], None],
) -> None:
    """Move the card; `done` gets the change, `failed` a refusal other than a full
    column (a full column asks for the reason first, and `done` follows its save)."""
    from leantui.core.kanban import cards

    def move(reason: str | None = None) -> None:
        done(
            cards.move_card(
                db, card_id, column_id, override_reason=reason, expected_version=version
            )
        )

    try:
        move()
    except cards.WipLimitReached as exc:

        def check(reason: str) -> None:
            required_reason(reason)
            move(reason)

        app.push_screen(AskText(exc.message(), t("fields.reason"), check=check))
    except LeanError as exc:
        failed(exc)
