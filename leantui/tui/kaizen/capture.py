"""Quick capture: one key from any screen (the app's `app.kaizen_capture`, Ctrl+K) opens
a short form — title, problem (before), proposal (after), submitter — with the team and
area of where it was opened already filled in; everything else may stay as it is. The
submitter completes from the team's people (→ takes the completion); a name the team
does not know yet is offered to be added to its people before the save. One service
call saves it (suggestions.capture), and the form keeps what was typed on a refusal.

Keys for a typical idea: Ctrl+K, the title, Tab, the problem, Tab, the proposal, Tab,
the first characters of the submitter and →, Enter: six keys besides the words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from importlib import import_module
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from textual.app import App, ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from leantui.core import actor
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kaizen import view
from leantui.core.kaizen.rows import SuggestionRow
from leantui.core.kaizen.view import CaptureChoices
from leantui.tui.kaizen.forms import CAPTURE_FIELDS
from leantui.tui.kit.dialogs import Dialog
from leantui.tui.kit.forms import Choice, FormScreen, kept
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.screens import Context, lay_out_unseen


class NewPerson(Dialog[bool | None]):
    """A submitter the team does not know: add them to its people (y), save without
    (n), or go back to the form (Esc)."""

    BOX = "narrow"
    blocks_capture: ClassVar[bool] = True  # a capture is under way
    VERBS = (
        Verb("kaizen.person_add", "answer(True)", "y,enter", "kaizen.key_person_add"),
        Verb("kaizen.person_skip", "answer(False)", "n", "kaizen.key_person_skip"),
        Verb("kaizen.person_back", "answer(None)", "escape", "kaizen.key_person_back"),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, name: str, team: str) -> None:
        super().__init__(t("kaizen.new_person_title", name=name, team=team))

    def body(self) -> ComposeResult:
        yield Static(t("kaizen.new_person_hint"), classes="hint")

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)


class CaptureForm(FormScreen[SuggestionRow]):
    """The quick-capture form. Another Ctrl+K while it is open does nothing. It is kept
    built between captures (kit.forms.kept: the key draws it at once) and `start`s each
    one afresh with the teams, areas and people as they are then (before it is shown)."""

    blocks_capture: ClassVar[bool] = True

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.team_names: dict[int, str] = {}
        self.found = CaptureChoices([], [], {})
        super().__init__(t("kaizen.capture_title"), CAPTURE_FIELDS, self._save_values)

    def start(self, team_id: int | None, found: CaptureChoices | None = None) -> None:
        """A new capture over the team `team_id` (None: none chosen yet), with the
        teams, areas and people `found` (read now when not given)."""
        found = found or view.capture_choices(self.ctx.db)
        self.found = found
        self.team_names = {team.id: team.name for team in found.teams}
        choices = {
            "team_id": [(team.name, team.id) for team in found.teams],
            "area_id": [(area.name, area.id) for area in found.areas],
        }
        row = {"team_id": team_id if team_id in self.team_names else None}
        people = {"submitter": self.people(row["team_id"])}
        self.refill(row, choices=choices, suggestions=people)

    def people(self, team_id: int | None) -> list[str]:
        """The names the submitter completes from: the team's active people (every
        team's without one)."""
        return self.found.submitters(team_id)

    def on_mount(self) -> None:
        currency = self.ctx.settings.kaizen.currency
        self.query_one("#f-estimated_saving", Input).placeholder = t(
            "kaizen.saving_hint_currency", currency=currency
        )
        self.watch(self.query_one("#f-team_id", Choice), "index", self._team_changed, init=False)

    def _team_changed(self, _index: int) -> None:
        """The submitter completes from the chosen team's people."""
        people = self.people(self.raw_team())
        field = self.query_one("#f-submitter", Input)
        field.suggester = SuggestFromList(people, case_sensitive=False) if people else None

    def raw_team(self) -> int | None:
        value = self.query_one("#f-team_id", Choice).value
        return value if isinstance(value, int) else None

    # --- saving -------------------------------------------------------------------

    def action_save(self) -> None:
        """A submitter the chosen team does not know is offered to join it first."""
        values = self.values()
        name, team_id = values["submitter"].strip(), values["team_id"]
        known = {person.casefold() for person in self.people(team_id)}
        if (
            values["title"].strip()
            and name
            and team_id is not None
            and name.casefold() not in known
        ):

            def answered(add: bool | None) -> None:
                if add is not None:
                    self._finish(values, add)

            question = NewPerson(name, self.team_names.get(team_id, ""))
            self.app.push_screen(question, answered)
            return
        self._finish(values, False)

    def _finish(self, values: dict[str, Any], add_person: bool) -> None:
        try:
            row = self._save_values(values, add_person)
        except LeanError as exc:
            self.show_error(exc)
            return
        self.dismiss(row)

    def _save_values(self, values: dict[str, Any], add_person: bool = False) -> SuggestionRow:
        from leantui.core.kaizen import suggestions  # SQLAlchemy: not needed to draw the form

        return suggestions.capture(
            self.ctx.db,
            values["title"],
            values["problem"],
            values["proposal"],
            values["area_id"],
            values["submitter"],
            team_id=values["team_id"],
            category=values["category"] or "",
            estimated_saving=values["estimated_saving"],
            currency=self.ctx.settings.kaizen.currency,
            add_person=add_person,
        )


NAME = "kaizen-capture"  # the form kept built in the app (kit.forms.kept)


async def prepare(app: App[Any], ctx: Context) -> None:
    """Build the capture form and lay it out once, unseen, so that even the first
    Ctrl+K only refills and draws it. First what its save needs (SQLAlchemy) is imported
    in a thread, the app answering keys meanwhile; then the form is laid out unseen
    (kit.screens.lay_out_unseen). The app calls this once it is idle after its first
    frame."""
    if app.is_screen_installed(NAME):
        return
    await asyncio.to_thread(import_module, "leantui.core.kaizen.suggestions")
    app.call_later(_lay_out, app, ctx)


async def _lay_out(app: App[Any], ctx: Context) -> None:
    if app.is_screen_installed(NAME) or len(app.screen_stack) != 1:
        return  # opened meanwhile, something else is (or the app closes): built when asked
    form = kept(app, NAME, lambda: CaptureForm(ctx))
    try:
        await lay_out_unseen(app, form)
    finally:
        form.in_use = False


# The team of the last idea captured in each running app: the next one likely is too.
_last_team: WeakKeyDictionary[App[Any], int] = WeakKeyDictionary()


def start_team(app: App[Any], found: CaptureChoices) -> int | None:
    """Where a capture starts: the team of the screen it was opened over (the board's,
    the list's filter), else the team of the last idea captured here, else the acting
    user's team, else the only team there is."""
    for screen in reversed(app.screen_stack):
        context = getattr(screen, "context_team", None)
        team = context() if callable(context) else None
        if team is not None:
            return int(team)
    if app in _last_team:
        return _last_team[app]
    mine = found.home_team(actor.current_actor())
    if mine is not None:
        return mine
    return found.teams[0].id if len(found.teams) == 1 else None


def open_capture(
    app: App[Any],
    ctx: Context,
    team_id: int | None = None,
    done: Callable[[SuggestionRow], None] | None = None,
) -> None:
    """Push the capture form; once saved, say so (and call `done` with the new row)."""
    try:
        found = view.capture_choices(ctx.db)
        form = kept(app, NAME, lambda: CaptureForm(ctx))
        form.start(team_id if team_id is not None else start_team(app, found), found)
    except LeanError as exc:
        app.notify(exc.message(), severity="error")
        return

    def saved(row: SuggestionRow | None) -> None:
        if row is None:
            return
        if row.team_id is not None:
            _last_team[app] = row.team_id
        app.notify(t("kaizen.captured", id=row.id, title=row.title, submitter=row.submitter))
        if done is not None:
            done(row)

    app.push_screen(form, saved)
