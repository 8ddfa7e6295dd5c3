"""An audit's result: one row per S (its Chinese and English name, the %, a bar coloured
by its band; "—" for an S with no score), the total, band and change against the area's
previous audit, a sparkline of the last audits, the lowest items with their comments,
this audit's corrective actions and those still open from before, each with its state.
`a` turns the items at or below the threshold into cards on a chosen board."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from leantui.core.errors import LeanError
from leantui.core.five_s import audits, rules
from leantui.core.five_s.rows import ActionRow, AuditResult
from leantui.core.i18n import fit, pad, t
from leantui.core.text import shown
from leantui.tui.five_s.common import (
    NOTHING,
    OVERDUE,
    band_label,
    band_style,
    change,
    day,
    percent,
    s_name,
    spark,
    text_of,
)
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.screens import Context, ModuleScreen

LOWEST = 5  # items listed under "lowest"
STATE_STYLES = {"open": "", "done": "green", "overdue": OVERDUE, "gone": "dim"}


def _verb(name: str, action: str, keys: str, command: bool = True, show: bool = True) -> Verb:
    return Verb(
        f"five_s.{name}",
        action,
        keys,
        f"five_s.key_{name}",
        f"five_s.cmd_{name}" if command else "",
        f"five_s.cmd_{name}_help" if command else "",
        show,
    )


class SBars(Widget):
    """One line per S: its names, the percentage and a bar as wide as the line allows."""

    DEFAULT_CSS = "SBars { height: auto; }"

    def __init__(self, by_s: dict[str, float | None], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.by_s = by_s
        self.styles.height = max(1, len(by_s))

    def render(self) -> Text:
        width = max(10, self.content_region.width)
        names = {s: s_name(s) for s in self.by_s}
        name_width = min(max((cell_len(n) for n in names.values()), default=4), width // 3)
        room = max(1, width - name_width - 8)
        text = Text(no_wrap=True, overflow="crop", end="")
        for index, (s, value) in enumerate(self.by_s.items()):
            if index:
                text.append("\n")
            text.append(pad(fit(names[s], name_width), name_width) + " ")
            text.append(f"{percent(value):>5} ", style="bold")
            if value is None:
                text.append(NOTHING, style="dim")
                continue
            filled = round(room * value / 100)
            text.append("█" * filled, style=band_style(rules.band(value)) or "green")
            text.append("░" * (room - filled), style="dim")
        return text


def action_line(action: ActionRow) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"#{action.card_id} ", style="dim")
    width = max(cell_len(t(f"five_s.state_{state}")) for state in STATE_STYLES)
    line.append(pad(t(f"five_s.state_{action.state}"), width), style=STATE_STYLES[action.state])
    line.append(f" {day(action.due) if action.due else '':10} ")
    line.append(shown(action.title))
    return line


class ResultScreen(ModuleScreen):
    VERBS = (
        _verb("scroll_down", "scroll(1)", "j,down", False, False),
        _verb("scroll_up", "scroll(-1)", "k,up", False, False),
        _verb("create_actions", "create_actions", "a"),
        _verb("back", "back", "escape,q"),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context, audit_id: int) -> None:
        super().__init__(ctx)
        self.audit_id = audit_id
        self.result: AuditResult = audits.result(ctx.db, audit_id)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="result-body"):
            with Horizontal(id="result-summary"):
                yield Static(id="result-total")
            yield SBars(self.result.by_s, id="result-bars")
            yield Static(id="result-details")
        yield Static(t("five_s.result_hint"), id="result-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_result()
        self.query_one("#result-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create_actions":
            return bool(audits.low_items(self.result.items))
        return True

    def show_result(self) -> None:
        result = self.result
        audit = result.audit
        when = audit.finished_at or audit.started_at
        status = t(f"five_s.status_{audit.status}")
        detail = f" · {shown(audit.area)} · #{audit.id} · {when.astimezone().date()}"
        self.query_one(TitleBar).show(t("five_s.result_title"), detail, status)

        total = Text(no_wrap=True, overflow="ellipsis")
        total.append(t("five_s.total_label") + " ")
        total.append(percent(result.total), style="bold " + band_style(result.band))
        total.append(" · ")
        total.append(band_label(result.band), style=band_style(result.band))
        total.append(" · " + t("five_s.change_label", change=change(result.change)))
        total.append(" · " + t("five_s.answered", count=result.answered, total=len(result.items)))
        total.append(" · " + t("five_s.trend_label") + " ")
        # The overview's sparkline: the same audits drawn alike on both screens.
        total.append(spark(result.trend), style=band_style(result.band))
        self.query_one("#result-total", Static).update(total)

        self.query_one(SBars).by_s = result.by_s
        self.query_one(SBars).refresh()
        self.query_one("#result-details", Static).update(self.details())
        self.refresh_bindings()

    def details(self) -> Table:
        result = self.result
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        scored = [i for i in result.items if not i.na and i.score is not None]
        lowest = sorted(scored, key=lambda i: (i.score, i.position))[:LOWEST]
        grid.add_row(Text(t("five_s.lowest_title"), style="bold"))
        for item in lowest:
            line = Text(no_wrap=True, overflow="ellipsis")
            low = rules.needs_action(item.score, item.na)
            line.append(f"{item.score}/{result.audit.scale_max} ", style=OVERDUE if low else "")
            line.append(shown(text_of(item.text)))
            if item.card_id:
                line.append(f" → #{item.card_id}", style="dim")
            grid.add_row(line)
            if item.comment:
                grid.add_row(Text("    " + shown(item.comment), style="italic dim"))
        if not lowest:
            grid.add_row(Text(NOTHING, style="dim"))
        grid.add_row(Text(t("five_s.actions_heading"), style="bold"))
        for action in result.actions:
            grid.add_row(action_line(action))
        if not result.actions:
            left = len(audits.low_items(result.items))
            key = "five_s.actions_to_make" if left else "five_s.no_actions"
            grid.add_row(Text(t(key, count=left), style="dim"))
        if result.open_before:
            grid.add_row(Text(t("five_s.open_before_heading"), style="bold"))
            for action in result.open_before:
                grid.add_row(action_line(action))
        return grid

    # --- actions --------------------------------------------------------------------------

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#result-body", VerticalScroll)
        body.scroll_to(y=body.scroll_y + delta, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_create_actions(self) -> None:
        from leantui.tui.five_s.dialogs import action_form

        low = audits.low_items(self.result.items)
        if not low:
            self.notify(t("five_s.no_low_items"))
            return
        try:
            form = action_form(self.db, [item.id for item in low], self.result.audit.area_id)
        except LeanError as exc:
            self.notify(exc.message(), severity="error")
            return

        def done(made: list[int] | None) -> None:
            if made:
                self.notify(t("five_s.actions_made", count=len(made)))
                self.result = audits.result(self.db, self.audit_id)
                self.show_result()

        self.app.push_screen(form, done)
