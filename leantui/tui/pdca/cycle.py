"""One cycle and its phase work, every action on a key (and in `?` and the palette):
Plan (current state, the 5 Whys, root cause, countermeasures), Do (the countermeasures
as cards on a board, each card's column, blocked and overdue), Check (dated
measurements, a sparkline, target met and the change against the baseline) and Act
(standardize, follow up, abandon); the phase advances in order and goes back with a
reason. Each key is one service call; what it returns (a CycleChange) is drawn next.
The words of the Check and Act summaries come from the A3's sections (core/pdca/a3.py),
so the screen and the A3 say the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from leantui.core import clock
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.pdca import a3, rules
from leantui.core.pdca.errors import NoDoActions, phase_label
from leantui.core.pdca.rows import (
    CountermeasureRow,
    CycleChange,
    CycleView,
    MeasurementRow,
    WhyRow,
)
from leantui.core.text import shown, shown_block
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.forms import Field, FormScreen
from leantui.tui.kit.keys import bindings
from leantui.tui.kit.lists import ListColumn
from leantui.tui.kit.palette import VerbCommands
from leantui.tui.kit.screens import Context
from leantui.tui.pdca.forms import (
    ACTION_FIELDS,
    FOLLOW_UP_FIELDS,
    MEASURE_FIELDS,
    PLAN_FIELDS,
    STANDARD_FIELDS,
    WHY_FIELDS,
    text,
)
from leantui.tui.pdca.screen import met_label, verb
from leantui.tui.pdca.table import RowTable

POLL_SECONDS = 1.0
NOTHING = "—"


def _why_key(row: WhyRow) -> str:
    return str(row.position)


WHY_COLUMNS: tuple[ListColumn[WhyRow], ...] = (
    ListColumn("pdca.h_n", lambda w: str(w.position), right=True),
    ListColumn("fields.why", lambda w: w.why.replace("\n", " "), grow=True),
    ListColumn("fields.because", lambda w: w.because.replace("\n", " ") or NOTHING, grow=True),
)


def _card(action: CountermeasureRow) -> str:
    if action.card_id is None:
        return NOTHING
    return f"#{action.card_id} {action.column}".strip()


ACTION_COLUMNS: tuple[ListColumn[CountermeasureRow], ...] = (
    ListColumn("pdca.h_n", lambda c: str(c.position), right=True),
    ListColumn("fields.countermeasure", lambda c: c.text.replace("\n", " "), grow=True),
    ListColumn("fields.owner", lambda c: c.owner or NOTHING),
    ListColumn("fields.due", lambda c: text(c.card_due or c.due) or NOTHING),
    ListColumn("fields.card_id", _card),
    ListColumn("fields.status", a3.card_state),
)

MEASURE_COLUMNS: tuple[ListColumn[MeasurementRow], ...] = (
    ListColumn("fields.date", lambda m: m.measured_on.isoformat()),
    ListColumn("fields.value", lambda m: rules.format_number(m.value), right=True),
    ListColumn("fields.note", lambda m: m.note.replace("\n", " ") or NOTHING, grow=True),
)


def _action_style(row: CountermeasureRow, column: int) -> str:
    if column == len(ACTION_COLUMNS) - 1:
        if row.blocked or row.state == "gone":
            return "bold red"
        if row.overdue:
            return "bold yellow"
        if row.state == "done":
            return "green"
    return ""


def phase_strip(view: CycleView) -> Text:
    """P › D › C › A with the current phase reversed, and how long it has been there."""
    row = view.row
    strip = Text(no_wrap=True, overflow="ellipsis")
    current = rules.phase_index(row.phase)
    for index, phase in enumerate(rules.PHASES):
        if index:
            strip.append(" › ", style="dim")
        label = f" {phase_label(phase)} "
        if index == current and row.status == "open":
            strip.append(label, style="bold reverse")
        elif index < current:
            strip.append(label)
        else:
            strip.append(label, style="dim")
    strip.append("  ")
    if row.status == "open":
        strip.append(t("pdca.days_in_phase", days=row.days_in_phase))
    else:
        strip.append(t(f"pdca.status_{row.status}"), style="bold")
    return strip


def facts_line(view: CycleView) -> Text:
    row = view.row
    line = Text(overflow="fold")
    parts = [
        shown(row.owner) or NOTHING,
        *(shown(p) for p in (row.team, row.area) if p),
        t("pdca.start_due", start=row.start.isoformat(), due=row.due.isoformat()),
    ]
    line.append(" · ".join(parts))
    if row.overdue:
        line.append("  " + t("pdca.overdue_mark"), style="bold red")
    elif row.due_soon:
        line.append("  " + t("pdca.due_soon_mark"), style="bold yellow")
    return line


def target_line(view: CycleView) -> Text:
    target = view.row.target
    line = Text(overflow="fold")
    unit = f" {shown(target.unit)}" if target.unit else ""
    line.append(
        t(
            "pdca.target_line",
            metric=shown(target.metric) or NOTHING,
            baseline=rules.format_number(target.baseline),
            goal=rules.format_number(target.goal),
            unit=unit,
            direction=t(f"pdca.direction_{target.direction}"),
        )
    )
    met = view.target_met
    style = "" if met is None else ("bold green" if met else "bold red")
    line.append(" · ")
    line.append(t("pdca.a3_fact", label=t("fields.target_met"), value=met_label(met)), style=style)
    return line


class CycleScreen(Screen[None]):
    """One cycle, pushed over the list (Esc goes back to it)."""

    VERBS = (
        verb("edit_cycle", "edit_cycle", "E"),
        verb("plan", "plan", "p"),
        verb("why", "add_why", "w"),
        verb("countermeasure", "add_action", "c"),
        verb("edit_line", "edit_line", "e", show=False),
        verb("remove_line", "remove_line", "D", show=False),
        verb("do", "do", "b"),
        verb("measure", "measure", "m"),
        verb("advance", "advance", "greater_than_sign,right_square_bracket"),
        verb("back", "back", "less_than_sign,left_square_bracket"),
        verb("standardize", "standardize", "s"),
        verb("follow_up", "follow_up", "f"),
        verb("abandon", "abandon", "X", show=False),
        verb("cycle_a3", "a3", "v"),
        verb("close", "close", "escape,q", show=False),
        verb("line_down", "cursor(1)", "j", show=False, command=False),
        verb("line_up", "cursor(-1)", "k", show=False, command=False),
    )
    BINDINGS = bindings(VERBS)
    COMMANDS = {VerbCommands}

    def __init__(self, ctx: Context, cycle_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.cycle_id = cycle_id
        self.view: CycleView | None = None

    @property
    def db(self) -> Any:
        return self.ctx.db

    # --- drawing ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="cycle-title")
        yield Static("", id="cycle-phases")
        yield Static("", id="cycle-facts")
        yield Static("", id="cycle-target")
        with VerticalScroll(id="cycle-body"):
            yield Static(t("fields.problem"), classes="section-title")
            yield Static("", id="cycle-problem")
            yield Static(t("pdca.section_plan"), classes="section-title")
            yield Static("", id="cycle-current")
            yield Static(t("pdca.a3_root_cause"), classes="subsection")
            yield RowTable(WHY_COLUMNS, _why_key, id="cycle-whys", classes="cycle-table")
            yield Static("", id="cycle-whys-empty", classes="hint")
            yield Static("", id="cycle-root")
            yield Static(t("pdca.section_do"), classes="section-title")
            yield RowTable(
                ACTION_COLUMNS, style=_action_style, id="cycle-actions", classes="cycle-table"
            )
            yield Static("", id="cycle-actions-empty", classes="hint")
            yield Static(t("pdca.section_check"), classes="section-title")
            yield RowTable(MEASURE_COLUMNS, id="cycle-measures", classes="cycle-table")
            yield Static("", id="cycle-check")
            yield Static(t("pdca.section_act"), classes="section-title")
            yield Static("", id="cycle-act")
            yield Static(t("pdca.section_history"), classes="section-title")
            yield Static("", id="cycle-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()
        self.set_interval(POLL_SECONDS, self.poll)
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        """The work of the cycle's phase in view: the whys in Plan, the countermeasures
        in Do, the measurements in Check, the decision in Act."""
        view = self.view
        phase = view.row.phase if view is not None else "P"
        wanted = {"P": "#cycle-whys", "D": "#cycle-actions", "C": "#cycle-measures"}.get(phase)
        tables = [t for t in self.query(RowTable) if t.display]
        found = next((t for t in tables if wanted and t.id == wanted[1:]), None)
        if found is not None:
            found.focus()
        else:
            self.query_one("#cycle-body", VerticalScroll).focus()
        self.call_after_refresh(self._show_phase)
        self.set_timer(0.2, self._show_phase)

    def _show_phase(self) -> None:
        """Scroll so that the current phase's section starts near the top (again once
        the tables have measured their rows)."""
        view = self.view
        if view is None:
            return
        section = {"P": "#cycle-current", "D": "#cycle-actions", "C": "#cycle-measures"}.get(
            view.row.phase, "#cycle-act"
        )
        target = self.query_one(section)
        body = self.query_one("#cycle-body", VerticalScroll)
        body.scroll_to_widget(target, animate=False, top=True)

    def on_screen_resume(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the cycle again (one cycle: a few small indexed queries)."""
        from leantui.core.pdca import cycles

        try:
            found = cycles.view(self.db, self.cycle_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.show(found)

    def poll(self) -> None:
        """Read again when anyone saved a change to this cycle meanwhile."""
        from leantui.core.pdca import cycles
        from leantui.core.services import revisions

        if self.view is None or not self.is_current:
            return
        scope = cycles.scope(self.cycle_id)
        try:
            revision = revisions.current(self.db, [scope]).get(scope, 0)
        except Exception:  # busy or unreachable: the next tick tries again
            return
        if revision != self.view.revision:
            self.load()

    def changed(self, change: CycleChange | None) -> None:
        """Draw what a write returned (a follow-up returns the new cycle)."""
        if change is None:
            return
        if change.view.id != self.cycle_id:
            self.cycle_id = change.view.id
            self.notify(t("pdca.followed_up", id=change.other_id, new=change.view.id))
        self.show(change.view)

    def show(self, view: CycleView) -> None:
        self.view = view
        row = view.row
        self.query_one(TitleBar).show(
            t("pdca.source_cycle", id=row.id, title=row.title), "", t(f"pdca.status_{row.status}")
        )
        self.query_one("#cycle-phases", Static).update(phase_strip(view))
        self.query_one("#cycle-facts", Static).update(facts_line(view))
        self.query_one("#cycle-target", Static).update(target_line(view))
        self.query_one("#cycle-problem", Static).update(_block(view.problem))
        current = t("pdca.a3_fact", label=t("fields.current_state"), value="")
        self.query_one("#cycle-current", Static).update(Text(current) + _block(view.current_state))
        root = t("pdca.a3_fact", label=t("fields.root_cause"), value="")
        self.query_one("#cycle-root", Static).update(
            Text(root, style="bold") + _block(view.root_cause)
        )
        self._fill("#cycle-whys", view.whys, "#cycle-whys-empty", "pdca.no_whys_hint")
        self._fill(
            "#cycle-actions",
            view.countermeasures,
            "#cycle-actions-empty",
            "pdca.no_countermeasures_hint",
        )
        sections = {s.key: s for s in a3.from_view(view).sections}
        measures = self.query_one("#cycle-measures", RowTable)
        measures.fill(view.measurements)
        measures.display = bool(view.measurements)
        check = sections["check"]
        self.query_one("#cycle-check", Static).update(
            Text("\n".join([*(p for p in check.paragraphs), *check.notes]))
        )
        act = sections["act"]
        self.query_one("#cycle-act", Static).update(Text("\n".join(act.notes)))
        self.query_one("#cycle-history", Static).update(_history(view))
        self.refresh_bindings()

    def _fill(self, table_id: str, rows: list[Any], empty_id: str, empty_key: str) -> None:
        table = self.query_one(table_id, RowTable)
        table.fill(rows)
        table.display = bool(rows)
        empty = self.query_one(empty_id, Static)
        empty.update(t(empty_key))
        empty.display = not rows

    # --- which keys work now ------------------------------------------------------

    @property
    def focused_table(self) -> RowTable[Any] | None:
        focused = self.focused
        return focused if isinstance(focused, RowTable) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if view is None:
            return action == "close"
        row = view.row
        is_open = row.status == "open"
        phase = row.phase
        if action in ("plan", "add_why"):
            return is_open and phase == "P" and (action == "plan" or len(view.whys) < 7)
        if action == "add_action":
            return is_open and phase in ("P", "D")
        if action == "do":
            return is_open and phase == "D" and any(c.card_id is None for c in view.countermeasures)
        if action == "measure":
            return is_open
        if action == "advance":
            return is_open and phase != "A"
        if action == "back":
            return is_open and phase != "P"
        if action in ("standardize", "follow_up"):
            return is_open and phase == "A"
        if action == "abandon":
            return is_open
        if action in ("edit_line", "remove_line"):
            return self._line_action(action) is not None
        return True

    def _line_action(self, action: str) -> Callable[[], None] | None:
        """What `e` (edit) or `D` (remove) does on the highlighted line of the focused
        list, or None when it does nothing there."""
        view, table = self.view, self.focused_table
        if view is None or table is None or table.selected is None or view.row.status != "open":
            return None
        line = table.selected
        phase = view.row.phase
        if isinstance(line, WhyRow) and phase == "P":
            return (
                (lambda: self.edit_why(line))
                if action == "edit_line"
                else (lambda: self.remove_why(line))
            )
        if isinstance(line, CountermeasureRow) and phase in ("P", "D"):
            if action == "edit_line":
                return lambda: self.edit_action(line)
            return None if line.card_id is not None else (lambda: self.remove_action(line))
        if isinstance(line, MeasurementRow) and action == "remove_line":
            return lambda: self.remove_measurement(line)
        return None

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self.refresh_bindings()

    @on(RowTable.RowHighlighted)
    def _line_moved(self, event: RowTable.RowHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    @on(RowTable.RowSelected)
    def _line_chosen(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.action_edit_line()

    def action_cursor(self, delta: int) -> None:
        """j / k: the next or previous line of the focused list, else scroll."""
        table = self.focused_table
        if table is not None:
            table.move_cursor(row=max(0, table.cursor_row + delta), animate=False)
        else:
            self.query_one("#cycle-body", VerticalScroll).scroll_relative(y=delta, animate=False)

    # --- helpers ------------------------------------------------------------------

    @property
    def version(self) -> int | None:
        return None if self.view is None else self.view.row.version

    def _error(self, exc: LeanError) -> None:
        self.notify(exc.message(), severity="error")

    def _run(self, call: Callable[[], CycleChange]) -> None:
        try:
            change = call()
        except LeanError as exc:
            self._error(exc)
            self.load()
            return
        self.changed(change)

    def _form(
        self,
        title: str,
        fields: tuple[Field, ...],
        save: Callable[[dict[str, Any]], CycleChange],
        row: Any = None,
        **options: Any,
    ) -> None:
        self.app.push_screen(FormScreen(title, fields, save, row, **options), self.changed)

    # --- Plan ---------------------------------------------------------------------

    def action_edit_cycle(self) -> None:
        from leantui.tui.pdca.dialogs import cycle_form

        if self.view is not None:
            self.app.push_screen(cycle_form(self.db, self.view), self.changed)

    def action_plan(self) -> None:
        from leantui.core.pdca import plan

        view = self.view
        if view is None:
            return
        row = {"current_state": view.current_state, "root_cause": view.root_cause}

        def save(values: dict[str, Any]) -> CycleChange:
            return plan.set_plan(self.db, self.cycle_id, **values, expected_version=self.version)

        self._form(t("pdca.plan_title", id=self.cycle_id), PLAN_FIELDS, save, row)

    def _set_whys(self, lines: list[tuple[str, str]]) -> CycleChange:
        from leantui.core.pdca import plan

        return plan.set_plan(self.db, self.cycle_id, whys=lines, expected_version=self.version)

    def _whys(self) -> list[tuple[str, str]]:
        return [(w.why, w.because) for w in self.view.whys] if self.view else []

    def action_add_why(self) -> None:
        lines = self._whys()

        def save(values: dict[str, Any]) -> CycleChange:
            return self._set_whys([*lines, (values["why"], values["because"])])

        title = t("pdca.why_title", n=len(lines) + 1, limit=rules.MAX_WHYS)
        self._form(title, WHY_FIELDS, save)

    def edit_why(self, line: WhyRow) -> None:
        lines = self._whys()
        index = line.position - 1

        def save(values: dict[str, Any]) -> CycleChange:
            new = list(lines)
            new[index] = (values["why"], values["because"])
            return self._set_whys(new)

        title = t("pdca.why_title", n=line.position, limit=rules.MAX_WHYS)
        self._form(title, WHY_FIELDS, save, line)

    def remove_why(self, line: WhyRow) -> None:
        lines = self._whys()
        del lines[line.position - 1]
        question = t("pdca.confirm_remove_why", n=line.position, why=shown(line.why))
        self._confirm(question, lambda: self._run(lambda: self._set_whys(lines)))

    def _confirm(self, question: str, then: Callable[[], None]) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(question), answer)

    def action_add_action(self) -> None:
        from leantui.core.pdca import plan

        def save(values: dict[str, Any]) -> CycleChange:
            return plan.add_countermeasure(
                self.db, self.cycle_id, **values, expected_version=self.version
            )

        self._form(t("pdca.action_title"), ACTION_FIELDS, save)

    def edit_action(self, line: CountermeasureRow) -> None:
        from leantui.core.pdca import plan

        def save(values: dict[str, Any]) -> CycleChange:
            return plan.edit_countermeasure(
                self.db, line.id, **values, expected_version=self.version
            )

        title = t("pdca.edit_action_title", n=line.position)
        self._form(title, ACTION_FIELDS, save, line)

    def remove_action(self, line: CountermeasureRow) -> None:
        from leantui.core.pdca import plan

        question = t("pdca.confirm_remove_action", text=shown(line.text))
        self._confirm(
            question,
            lambda: self._run(
                lambda: plan.remove_countermeasure(self.db, line.id, expected_version=self.version)
            ),
        )

    def action_edit_line(self) -> None:
        found = self._line_action("edit_line")
        if found is not None:
            found()

    def action_remove_line(self) -> None:
        found = self._line_action("remove_line")
        if found is not None:
            found()

    # --- Do -----------------------------------------------------------------------

    def action_do(self) -> None:
        from leantui.core.kanban import cards
        from leantui.core.pdca import plan
        from leantui.tui.pdca.dialogs import PickBoard

        view = self.view
        if view is None:
            return
        waiting = [c for c in view.countermeasures if c.card_id is None]
        if not waiting:
            self.notify(t("pdca.cli_no_new_cards"), severity="warning")
            return
        used = next((c.board_id for c in view.countermeasures if c.board_id), None)

        def put(board_id: int, reason: str | None = None) -> None:
            change = plan.put_on_board(
                self.db,
                self.cycle_id,
                board_id,
                override_reason=reason,
                expected_version=self.version,
            )
            self.changed(change)
            made = len(change.payload.get("cards", []))
            self.notify(t("pdca.cards_made", count=made))

        def picked(board_id: int | None) -> None:
            if board_id is None:
                return
            try:
                put(board_id)
            except cards.WipLimitReached as full:

                def check(reason: str) -> None:
                    from leantui.core.services import validate

                    validate.reason(reason)
                    put(board_id, reason)

                self.app.push_screen(AskText(full.message(), t("fields.reason"), check=check))
            except LeanError as exc:
                self._error(exc)
                self.load()

        self.app.push_screen(PickBoard(self.db, len(waiting), used), picked)

    # --- Check --------------------------------------------------------------------

    def action_measure(self) -> None:
        from leantui.core.pdca import checks

        def save(values: dict[str, Any]) -> CycleChange:
            return checks.measure(
                self.db,
                self.cycle_id,
                values["value"],
                on=values["on"] or None,
                note=values["note"],
                expected_version=self.version,
            )

        row = {"on": clock.today().isoformat()}
        unit = self.view.row.target.unit if self.view else ""
        title = t(
            "pdca.measure_title", metric=shown(self.view.row.target.metric) if self.view else ""
        )
        if unit:
            title += f" ({shown(unit)})"
        self._form(title, MEASURE_FIELDS, save, row)

    def remove_measurement(self, line: MeasurementRow) -> None:
        from leantui.core.pdca import checks

        question = t(
            "pdca.confirm_remove_measurement",
            date=line.measured_on.isoformat(),
            value=rules.format_number(line.value),
        )
        self._confirm(
            question,
            lambda: self._run(
                lambda: checks.remove_measurement(self.db, line.id, expected_version=self.version)
            ),
        )

    # --- phases -------------------------------------------------------------------

    def action_advance(self) -> None:
        from leantui.core.pdca import phases

        version = self.version
        try:
            change = phases.advance(self.db, self.cycle_id, expected_version=version)
        except NoDoActions as exc:
            self._confirm(
                exc.message(),
                lambda: self._run(
                    lambda: phases.advance(
                        self.db, self.cycle_id, confirm=True, expected_version=version
                    )
                ),
            )
            return
        except LeanError as exc:
            self._error(exc)
            self.load()
            return
        self.changed(change)

    def action_back(self) -> None:
        from leantui.core.pdca import phases

        view = self.view
        if view is None or view.row.phase == "P":
            return
        before = rules.PHASES[rules.phase_index(view.row.phase) - 1]

        def check(reason: str) -> None:
            change = phases.go_back(self.db, self.cycle_id, reason, expected_version=self.version)
            self.changed(change)

        title = t("pdca.back_title", phase=phase_label(before))
        self.app.push_screen(AskText(title, t("fields.reason"), check=check))

    # --- Act ----------------------------------------------------------------------

    def action_standardize(self) -> None:
        from leantui.core.pdca import phases

        def save(values: dict[str, Any]) -> CycleChange:
            return phases.standardize(
                self.db,
                self.cycle_id,
                values["what"],
                values["where"],
                expected_version=self.version,
            )

        self._form(t("pdca.standardize_title"), STANDARD_FIELDS, save)

    def action_follow_up(self) -> None:
        from leantui.core.pdca import phases

        view = self.view
        if view is None:
            return
        target = view.row.target
        # The new cycle starts where this one left off, by default.
        row = {
            "owner": view.row.owner,
            "baseline": text(view.row.latest if view.row.latest is not None else target.baseline),
            "goal": text(target.goal),
            "start": clock.today().isoformat(),
        }

        def save(values: dict[str, Any]) -> CycleChange:
            return phases.follow_up(self.db, self.cycle_id, **values, expected_version=self.version)

        self._form(t("pdca.follow_up_title", id=self.cycle_id), FOLLOW_UP_FIELDS, save, row)

    def action_abandon(self) -> None:
        from leantui.core.pdca import phases

        def check(reason: str) -> None:
            change = phases.abandon(self.db, self.cycle_id, reason, expected_version=self.version)
            self.changed(change)

        title = t("pdca.abandon_title", id=self.cycle_id)
        self.app.push_screen(AskText(title, t("fields.abandon_reason"), check=check))

    # --- elsewhere ----------------------------------------------------------------

    def action_a3(self) -> None:
        from leantui.tui.pdca.a3view import A3Screen

        self.app.push_screen(A3Screen(self.db, self.cycle_id))

    def action_close(self) -> None:
        self.dismiss(None)


def _block(value: str) -> Text:
    return Text(shown_block(value)) if value.strip() else Text(NOTHING, style="dim")


def _history(view: CycleView) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for change in view.history:
        if change.action == "create":
            step = "→ P"
        elif change.action in ("close", "abandon"):
            step = f"{change.from_phase or ''} → {t(f'pdca.history_{change.action}')}"
        else:
            step = f"{change.from_phase} → {change.to_phase}"
        table.add_row(
            change.at.astimezone().strftime("%Y-%m-%d %H:%M"),
            Text(shown(change.actor)),
            step,
            Text(shown(change.reason)),
        )
    return table
