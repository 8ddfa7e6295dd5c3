"""An audit, walked item by item: the S and the criterion, the meaning of every level of
the scale (the current answer marked), the comment, and the progress ("12/30") with the
current S. A digit scores, `x` marks N/A (where the template allows), `c` comments:
each answer is committed through the core service as it is given, so a kill loses
nothing and the draft can be resumed. `j`/`k` and the arrows move; `f` finishes, after a
confirmation naming the items left unanswered (they stay unanswered, never zero)."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from leantui.core.errors import LeanError
from leantui.core.five_s import audits
from leantui.core.five_s.rows import AuditRow, ItemRow
from leantui.core.i18n import fit, t
from leantui.core.text import shown, shown_block
from leantui.tui.five_s.common import label, s_name, text_of
from leantui.tui.five_s.result import action_line
from leantui.tui.kit.bars import KeyBar, TitleBar
from leantui.tui.kit.dialogs import AskText, Confirm
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.screens import Context, ModuleScreen

BAR = 20  # cells of the progress bar
ITEM_LINES = 3  # the criterion (up to two lines) and the answer


class Pane(Widget):
    """A block of fixed height whose content changes with every key: repainted alone,
    never re-laid out (a Static re-lays out the whole screen on each update)."""

    DEFAULT_CSS = "Pane { height: 1; }"

    def __init__(self, lines: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content: RenderableType = ""
        self.styles.height = lines

    def show(self, content: RenderableType) -> None:
        self.content = content
        self.refresh()

    def render(self) -> RenderableType:
        return self.content


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


def _digit(d: int) -> Verb:
    return Verb(f"five_s.score_{d}", f"score({d})", str(d), "five_s.key_score", show=False)


class AuditScreen(ModuleScreen):
    VERBS = (
        *(_digit(d) for d in range(10)),
        _verb("na", "na", "x"),
        _verb("clear", "clear", "backspace,delete", show=False),
        _verb("comment", "comment", "c"),
        _verb("next", "move(1)", "j,down"),
        _verb("previous", "move(-1)", "k,up"),
        _verb("first_open", "first_open", "u", show=False),
        _verb("finish", "finish", "f"),
        _verb("leave", "leave", "escape"),
    )
    BINDINGS = bindings(VERBS)

    def __init__(self, ctx: Context, audit_id: int) -> None:
        super().__init__(ctx)
        self.audit: AuditRow = audits.get_audit(ctx.db, audit_id)
        self.items: list[ItemRow] = audits.items_of(ctx.db, audit_id)
        # The corrective actions earlier audits of the area left open, to look at again.
        self.open_before = audits.open_actions(ctx.db, self.audit.area_id, but=audit_id)
        self.index = self._first_open()
        self._said = ""  # the message shown under the item

    def _first_open(self) -> int:
        return next((i for i, item in enumerate(self.items) if not item.answered), 0)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Pane(1, id="audit-progress")
        with VerticalScroll(id="audit-body"):
            yield Pane(ITEM_LINES, id="audit-item")
            yield Pane(len(self.audit.levels) + self.audit.na_allowed, id="audit-levels")
            yield Pane(2, id="audit-comment")
            if self.open_before:
                yield Static(self.open_actions(), id="audit-open-actions")
        yield Static("", id="audit-message", classes="error")
        yield Static(self.hint(), id="audit-hint")
        yield KeyBar()

    def hint(self) -> str:
        return t("five_s.audit_hint", low=self.audit.scale_min, high=self.audit.scale_max)

    def on_mount(self) -> None:
        audit = self.audit
        detail = f" · {shown(audit.area)} · #{audit.id} · {shown(audit.auditor)}"
        self.query_one(TitleBar).show(t("five_s.audit_title"), detail, t("five_s.status_draft"))
        self.show_item()

    @property
    def item(self) -> ItemRow | None:
        return self.items[self.index] if self.items else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A digit off the scale and N/A where the template forbids it are refused with a
        # message (the core's), not ignored: the key must not fall through to the app.
        if action == "move":
            target = self.index + (parameters[0] if isinstance(parameters[0], int) else 0)
            return 0 <= target < len(self.items)
        return True

    # --- drawing --------------------------------------------------------------------------

    def show_item(self) -> None:
        item = self.item
        if item is None:
            return
        answered = sum(1 for i in self.items if i.answered)
        in_s = [i for i in self.items if i.s == item.s]
        place = in_s.index(item) + 1
        done = round(BAR * answered / len(self.items))
        progress = Text(no_wrap=True, overflow="ellipsis")
        progress.append(f"{self.index + 1}/{len(self.items)} ", style="bold")
        progress.append("█" * done, style="green")
        progress.append("░" * (BAR - done), style="dim")
        progress.append(" " + t("five_s.answered", count=answered, total=len(self.items)))
        progress.append(" · ")
        progress.append(s_name(item.s), style="bold")
        progress.append(f" {place}/{len(in_s)}")
        self.query_one("#audit-progress", Pane).show(progress)

        body = Text()
        body.append(shown_block(text_of(item.text)), style="bold")
        weight = f"  ({t('five_s.weight', weight=f'{item.weight:g}')})" if item.weight != 1 else ""
        body.append(weight, style="dim")
        body.append("\n")
        body.append(label("five_s.answer_label"))
        body.append(self.answer_text(item), style="bold reverse" if item.answered else "dim")
        self.query_one("#audit-item", Pane).show(body)

        levels = Text(no_wrap=True, overflow="ellipsis", end="")
        for level, meaning in sorted(self.audit.levels.items(), key=lambda kv: int(kv[0])):
            current = not item.na and item.score is not None and str(item.score) == level
            style = "bold reverse" if current else ""
            if levels:
                levels.append("\n")
            levels.append(f"{'▶' if current else ' '} {level} ", style=style)
            levels.append(shown(text_of(meaning)), style=style)
        if self.audit.na_allowed:
            style = "bold reverse" if item.na else ""
            levels.append("\n")
            levels.append(f"{'▶' if item.na else ' '} x ", style=style)
            levels.append(t("five_s.na_meaning"), style=style or "dim")
        self.query_one("#audit-levels", Pane).show(levels)

        comment = Text(label("five_s.comment_label"), style="dim", no_wrap=True)
        comment.overflow = "ellipsis"
        comment.append(shown(item.comment) if item.comment else "—", style="")
        self.query_one("#audit-comment", Pane).show(Group(Text(""), comment))

    def open_actions(self) -> Group:
        """The corrective actions earlier audits of the area left open."""
        lines = [Text(""), Text(t("five_s.open_before_heading"), style="bold")]
        return Group(*lines, *(action_line(action) for action in self.open_before))

    def answer_text(self, item: ItemRow) -> str:
        if item.na:
            return f" {t('five_s.na_mark')} "
        if item.score is not None:
            return f" {item.score}/{self.audit.scale_max} "
        return t("five_s.unanswered_mark")

    def say(self, message: str = "") -> None:
        # Only a change: updating a Static lays the whole screen out again (every key).
        if message != self._said:
            self._said = message
            self.query_one("#audit-message", Static).update(Text(message))

    def _replace(self, row: ItemRow) -> None:
        self.items = [row if i.id == row.id else i for i in self.items]

    # --- answering -----------------------------------------------------------------------

    def action_score(self, value: int) -> None:
        self._answer(score=value)

    def action_na(self) -> None:
        if not self.audit.na_allowed:
            self.say(t("five_s.na_not_allowed"))
            return
        self._answer(na=True)

    def action_clear(self) -> None:
        self._answer(advance=False)

    def _answer(self, score: int | None = None, na: bool = False, advance: bool = True) -> None:
        item = self.item
        if item is None:
            return
        try:
            row = audits.answer(self.db, item.id, score=score, na=na)
        except LeanError as exc:
            self.say(exc.message())
            return
        self.say()
        self._replace(row)
        if advance and self.index + 1 < len(self.items):
            self.index += 1
        elif advance and all(i.answered for i in self.items):
            self.say(t("five_s.all_answered"))
        self.show_item()
        self.refresh_bindings()

    def action_comment(self) -> None:
        item = self.item
        if item is None:
            return

        def check(text: str) -> None:
            self._replace(audits.comment(self.db, item.id, text))

        title = t("five_s.comment_title", item=fit(shown(text_of(item.text)), 40))
        self.app.push_screen(
            AskText(title, t("five_s.comment_label"), item.comment, check),
            lambda _text: self.show_item(),
        )

    def action_move(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.items):
            self.index = target
            self.say()
            self.show_item()
            self.refresh_bindings()

    def action_first_open(self) -> None:
        self.index = self._first_open()
        self.show_item()
        self.refresh_bindings()

    # --- finishing -----------------------------------------------------------------------

    def action_finish(self) -> None:
        left = sum(1 for item in self.items if not item.answered)
        question = t("five_s.unanswered", count=left) if left else t("five_s.confirm_finish")

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                audits.finish(self.db, self.audit.id, allow_unanswered=True)
            except LeanError as exc:
                self.say(exc.message())
                return
            from leantui.tui.five_s.result import ResultScreen

            self.audit = replace(self.audit, status="finished")
            self.app.switch_screen(ResultScreen(self.ctx, self.audit.id))

        self.app.push_screen(Confirm(question), answer)

    def action_leave(self) -> None:
        """Back to the overview; the draft stays, every answer in it."""
        if self.audit.status != "finished":
            self.notify(t("five_s.draft_kept", id=self.audit.id))
        self.dismiss(None)
