"""One suggestion: every field, its follow-ups and its whole history (newest first), and
the review keys: start the review (r), adopt (a), reject with a reason (x), implemented
with the date and the actual savings (i), edit (e), and the follow-ups of an adopted
suggestion: a card on a board (c) or a PDCA cycle (p), each linked both ways. Each key
is one service call checked against the version shown; the dialog then shows the
suggestion as it now is, and answers True (something changed) when it closes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from leantui.core import actor, clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kaizen import rules, suggestions
from leantui.core.kaizen.rows import SuggestionDetail as Detail
from leantui.core.kaizen.rows import SuggestionRow
from leantui.core.text import shown, shown_block
from leantui.tui.kaizen import cells
from leantui.tui.kaizen.forms import (
    ADOPT_FIELDS,
    CARD_FIELDS,
    CYCLE_FIELDS,
    EDIT_FIELDS,
    IMPLEMENT_FIELDS,
    REJECT_FIELDS,
)
from leantui.tui.kaizen.keys import verb
from leantui.tui.kit.dialogs import AskText, Dialog
from leantui.tui.kit.forms import FormScreen
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.screens import Context

NOTHING = cells.NOTHING


class SuggestionDetail(Dialog[bool]):
    BOX = "detail"
    VERBS = (
        verb("review", "review", "r"),
        verb("adopt", "adopt", "a"),
        verb("reject", "reject", "x"),
        verb("implement", "implement", "i"),
        verb("edit", "edit", "e"),
        verb("card", "card", "c"),
        verb("cycle", "cycle", "p"),
        Verb("kaizen.detail_close", "close", "escape,q", "app.key_close"),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context, suggestion_id: int) -> None:
        self.ctx = ctx
        self.found: Detail = suggestions.detail(ctx.db, suggestion_id)
        self.changed = False
        super().__init__(self._title())

    @property
    def row(self) -> SuggestionRow:
        return self.found.suggestion

    def _title(self) -> str:
        return t("kaizen.detail_title", id=self.row.id, title=self.row.title)

    # --- drawing --------------------------------------------------------------------

    def body(self) -> ComposeResult:
        row, today = self.row, clock.today()
        days = self.ctx.settings.kaizen.decision_days
        state = rules.status_name(row.status)
        late = row.overdue(today, days) or row.late(today)
        if row.overdue(today, days):
            waiting = t("kaizen.waiting_days", count=row.waiting_days(today))
            state += t("kaizen.cli_sep") + t("kaizen.overdue_line", waiting=waiting, days=days)
        elif row.late(today):
            state += t("kaizen.cli_sep") + t("kaizen.late_line", day=cells.day(row.implement_by))
        yield Static(Text(state), id="kaizen-state", classes="kaizen-late" if late else "")
        yield Static(self._fields())
        for label, text in (
            ("kaizen.f_problem", row.problem),
            ("kaizen.f_proposal", row.proposal),
            ("fields.benefit", row.benefit),
        ):
            yield Static(t(label), classes="section-title")
            yield Static(Text(shown_block(text) if text else NOTHING))
        yield Static(t("kaizen.history_title"), classes="section-title")
        yield Static(self._history())
        yield Static(t("kaizen.detail_hint"), classes="hint")

    def _fields(self) -> Table:
        row, found = self.row, self.found
        currency = row.currency

        def money(amount: Any) -> str:
            return rules.money(amount, currency) if amount is not None else NOTHING

        card = NOTHING
        if found.card is not None:
            link = found.card
            where = t(f"kaizen.card_{link.state}", board=link.board, column=link.column)
            card = f"#{link.card_id} {link.title} ({where})"
        cycle = NOTHING
        if found.cycle is not None:
            c = found.cycle
            cycle = f"#{c.cycle_id} {c.title} ({c.state()})"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in (
            ("fields.submitter", row.submitter),
            ("fields.team", row.team or NOTHING),
            ("fields.area", row.area or NOTHING),
            ("fields.category", rules.category_name(row.category)),
            ("fields.submitted_at", cells.when(row.submitted_at)),
            ("fields.reviewer", row.reviewer or NOTHING),
            ("fields.decided_at", cells.when(row.decided_at)),
            ("fields.reason", row.reason or NOTHING),
            ("fields.implement_by", cells.day(row.implement_by)),
            ("fields.implemented_on", cells.day(row.implemented_on)),
            ("fields.estimated_saving", money(row.estimated_saving)),
            ("fields.actual_saving", money(row.actual_saving)),
            ("kaizen.f_card", card),
            ("fields.follow_up_cycle_id", cycle),
        ):
            grid.add_row(t(label), Text(shown(value)))
        return grid

    def _history(self) -> Table | str:
        if not self.found.history:
            return t("kaizen.history_empty")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(no_wrap=True)
        grid.add_column()
        for entry in self.found.history:
            grid.add_row(
                cells.when(entry.at),
                Text(shown(entry.actor)),
                Text(shown_block(rules.event_text(entry.action, entry.payload))),
            )
        return grid

    def on_mount(self) -> None:
        self.query_one("#dialog").focus()

    def show_now(self, row: SuggestionRow | None = None, message: str = "") -> None:
        """Read the suggestion again and redraw (after a change, here or elsewhere)."""
        if row is not None:
            self.changed = True
        try:
            self.found = suggestions.detail(self.ctx.db, self.row.id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.dialog_title = self._title()
        if message:
            self.notify(message)
        self.refresh(recompose=True)
        self.call_after_refresh(lambda: self.query_one("#dialog").focus())

    # --- keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.row
        allowed = {
            "review": row.status == "submitted",
            "adopt": row.status in rules.WAITING,
            "reject": row.status in rules.WAITING,
            "implement": row.status == "adopted",
            "card": row.status in rules.ADOPTED and row.card_id is None,
            "cycle": row.status in rules.ADOPTED and row.follow_up_cycle_id is None,
        }
        return allowed.get(action, True)

    def _failed(self, exc: LeanError) -> None:
        self.notify(exc.message(), severity="error")
        self.show_now()

    def _form(self, title: str, fields: Any, save: Any, row: Any, **kwargs: Any) -> None:
        def done(result: SuggestionRow | None) -> None:
            if result is not None:
                self.show_now(result, t("kaizen.now", status=rules.status_name(result.status)))

        self.app.push_screen(FormScreen(title, fields, save, row, **kwargs), done)

    def action_review(self) -> None:
        """Under review, by whoever is acting: one key."""
        row = self.row
        try:
            done = suggestions.review(
                self.ctx.db, row.id, actor.current_actor() or None, expected_version=row.version
            )
        except LeanError as exc:
            self._failed(exc)
            return
        self.show_now(done, t("kaizen.now", status=rules.status_name(done.status)))

    def action_adopt(self) -> None:
        row = self.row

        def save(values: dict[str, Any]) -> SuggestionRow:
            return suggestions.decide(
                self.ctx.db, row.id, "adopt", expected_version=row.version, **values
            )

        start = {"reviewer": row.reviewer or actor.current_actor(), "implement_by": ""}
        self._form(t("kaizen.adopt_title", id=row.id), ADOPT_FIELDS, save, start)

    def action_reject(self) -> None:
        row = self.row

        def save(values: dict[str, Any]) -> SuggestionRow:
            return suggestions.decide(
                self.ctx.db, row.id, "reject", expected_version=row.version, **values
            )

        start = {"reviewer": row.reviewer or actor.current_actor(), "reason": ""}
        self._form(t("kaizen.reject_title", id=row.id), REJECT_FIELDS, save, start)

    def action_implement(self) -> None:
        row = self.row

        def save(values: dict[str, Any]) -> SuggestionRow:
            return suggestions.implement(
                self.ctx.db, row.id, expected_version=row.version, **values
            )

        start = {"implemented_on": clock.today().isoformat(), "actual_saving": ""}
        self._form(t("kaizen.implement_title", id=row.id), IMPLEMENT_FIELDS, save, start)

    def action_edit(self) -> None:
        from leantui.core.services import workspace

        row = self.row

        def save(values: dict[str, Any]) -> SuggestionRow:
            return suggestions.edit(self.ctx.db, row.id, expected_version=row.version, **values)

        try:
            areas = [(a.name, a.id) for a in workspace.list_areas(self.ctx.db, True)]
        except LeanError as exc:
            self._failed(exc)
            return
        title = t("kaizen.edit_title", id=row.id)
        self._form(title, EDIT_FIELDS, save, row, choices={"area_id": areas})

    def action_card(self) -> None:
        """A card for the adopted suggestion, on a board of its team by default; into a
        column at its WIP limit only with a reason."""
        from leantui.core.kanban import boards, cards
        from leantui.core.services import validate

        row = self.row

        def create(values: dict[str, Any], reason: str | None) -> SuggestionRow:
            return suggestions.create_card(
                self.ctx.db,
                row.id,
                values["board_id"],
                values["owner"],
                values["due"],
                override_reason=reason,
            )

        def save(values: dict[str, Any]) -> Any:
            try:
                return create(values, None)
            except cards.WipLimitReached as full:  # asked after the form closes
                return full, values

        def done(result: Any) -> None:
            if isinstance(result, tuple):
                full, values = result

                def check(reason: str) -> None:
                    validate.reason(reason)
                    made(create(values, reason))

                self.app.push_screen(AskText(full.message(), t("fields.reason"), check=check))
            elif result is not None:
                made(result)

        def made(result: SuggestionRow) -> None:
            self.show_now(result, t("kaizen.card_made", card=result.card_id))

        try:
            live = boards.list_boards(self.ctx.db)
        except LeanError as exc:
            self._failed(exc)
            return
        if not live:
            self.notify(t("kaizen.no_board"), severity="warning")
            return
        ours = [b.id for b in live if b.team_id == row.team_id and row.team_id is not None]
        start = {
            "board_id": ours[0] if ours else live[0].id,
            "owner": row.submitter,
            "due": cells.day(row.implement_by).replace(NOTHING, ""),
        }
        form = FormScreen(
            t("kaizen.card_title", id=row.id),
            CARD_FIELDS,
            save,
            start,
            choices={"board_id": [(b.name, b.id) for b in live]},
        )
        self.app.push_screen(form, done)

    def action_cycle(self) -> None:
        row = self.row

        def save(values: dict[str, Any]) -> SuggestionRow:
            return suggestions.create_cycle(
                self.ctx.db, row.id, values["owner"], values["due"], expected_version=row.version
            )

        def done(result: SuggestionRow | None) -> None:
            if result is not None:
                self.show_now(result, t("kaizen.cycle_made", cycle=result.follow_up_cycle_id))

        due = row.implement_by or clock.today() + timedelta(days=rules.CYCLE_DAYS)
        start = {"owner": row.reviewer or row.submitter, "due": due.isoformat()}
        form = FormScreen(t("kaizen.cycle_title", id=row.id), CYCLE_FIELDS, save, start)
        self.app.push_screen(form, done)

    def action_close(self) -> None:
        self.dismiss(self.changed)
