"""The stand-up's forms, declared once each (kit.forms.Field): today's safety state and
an action card made at a stop. The services validate (a note is required for any state
but no incident and no shift; a date must be a date)."""

from __future__ import annotations

from datetime import date
from typing import Any

from leantui.core.i18n import t
from leantui.core.services import Database
from leantui.core.standup.rows import ActionRow, SafetyDay, Stop
from leantui.core.standup.safety import STATES
from leantui.tui.kit.forms import CHOICE, Choices, Field, FormScreen
from leantui.tui.kit.screens import Context
from leantui.tui.standup.cross import state_label


def _states() -> Choices:
    return [(state_label(state), state) for state in STATES]


SAFETY_FIELDS = (
    Field("state", "standup_tui.f_state", CHOICE, choices=_states, default=STATES[0]),
    Field("note", "standup_tui.f_note", hint="standup_tui.note_hint"),
)

ACTION_FIELDS = (
    Field("title", "fields.title"),
    Field("owner", "fields.owner"),
    Field("due", "fields.due", hint="board.date_hint"),
)


def safety_form(
    db: Database, team_id: int, day: date, entry: SafetyDay | None
) -> FormScreen[SafetyDay]:
    from leantui.core.standup import safety

    def save(values: dict[str, Any]) -> SafetyDay:
        return safety.set_day(db, team_id, day, values["state"], values["note"])

    title = t("standup_tui.safety_form_title", day=day.isoformat())
    return FormScreen(title, SAFETY_FIELDS, save, entry)


def action_form(
    ctx: Context, team_id: int, stop: Stop, reason: str | None = None
) -> FormScreen[ActionRow]:
    """A card on the stop's board (else the team's), its source the stop; `reason`:
    why it may go over its column's WIP limit (asked first, as on the board)."""
    from leantui.core.services import workspace
    from leantui.core.standup import services

    def save(values: dict[str, Any]) -> ActionRow:
        card = services.add_action(
            ctx.db, stop.id, values["title"], values["owner"], values["due"], override_reason=reason
        )
        return ActionRow(card.id, stop.id, card.board_id, card.title, card.owner, card.due)

    people = workspace.people(ctx.db, team_id)
    title = t("standup_tui.action_title", title=stop.title)
    return FormScreen(title, ACTION_FIELDS, save, suggestions={"owner": people})
