"""The red-tag log: every tag with its area, the decision due and the decision taken;
undecided tags past their due date stand out. `n` logs a tag (what, where, reason,
quantity, who, decision due), `d` decides keep / relocate / discard (dated today)."""

from __future__ import annotations

from typing import Any

from leantui.core import clock
from leantui.core.five_s import redtags
from leantui.core.five_s.rows import RedTagRow
from leantui.core.i18n import t
from leantui.core.services import Database
from leantui.tui.five_s.common import NOTHING, OVERDUE, day
from leantui.tui.five_s.dialogs import area_choices
from leantui.tui.five_s.forms import DECIDE_FIELDS, RED_TAG_FIELDS
from leantui.tui.kit.forms import FormScreen
from leantui.tui.kit.keys import Verb, bindings
from leantui.tui.kit.lists import ListColumn, ListDialog


def _verb(name: str, action: str, keys: str, show: bool = True) -> Verb:
    return Verb(
        f"five_s.{name}",
        action,
        keys,
        f"five_s.key_{name}",
        f"five_s.cmd_{name}",
        f"five_s.cmd_{name}_help",
        show,
    )


def decision(tag: RedTagRow) -> str:
    if not tag.disposition:
        return NOTHING
    when = tag.decided_at.astimezone().date().isoformat() if tag.decided_at else ""
    return f"{t(f'five_s.disposition_{tag.disposition}')} {when}".strip()


class RedTagList(ListDialog[None, RedTagRow]):
    BOX = "list detail"
    VERBS = (
        _verb("tag_new", "new", "n"),
        _verb("tag_decide", "decide", "d"),
        _verb("tag_open_only", "open_only", "u"),
        Verb("five_s.tags_close", "close", "escape", "app.key_close"),
    )
    BINDINGS = bindings(VERBS)
    empty = "five_s.no_red_tags"

    def __init__(self, db: Database, area_id: int | None) -> None:
        super().__init__(t("five_s.red_tags_title"), t("five_s.red_tags_hint"))
        self.db, self.area_id = db, area_id
        self.open_only = False
        today = clock.today()

        def late(tag: RedTagRow) -> str:
            return OVERDUE if tag.overdue(today) else ""

        self.columns = (
            ListColumn[RedTagRow]("five_s.h_id", lambda r: f"#{r.id}", right=True, style=late),
            ListColumn[RedTagRow]("five_s.h_item", lambda r: r.item, grow=True, style=late),
            ListColumn[RedTagRow]("five_s.h_area", lambda r: r.area),
            ListColumn[RedTagRow]("five_s.h_qty", lambda r: str(r.quantity), right=True),
            ListColumn[RedTagRow](
                "five_s.h_decision_due", lambda r: day(r.decision_due), style=late
            ),
            ListColumn[RedTagRow]("five_s.h_decision", decision),
        )

    def read(self) -> list[RedTagRow]:
        return redtags.list_tags(self.db, undecided=self.open_only)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide":
            row = self.selected
            return row is not None and not row.disposition
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def action_new(self) -> None:
        def save(values: dict[str, Any]) -> int:
            return redtags.add_tag(self.db, **values).id

        row = {"area_id": self.area_id, "quantity": "1"}
        form = FormScreen(
            t("five_s.red_tag_new_title"),
            RED_TAG_FIELDS,
            save,
            row,
            choices={"area_id": area_choices(self.db)},
        )
        self.app.push_screen(form, lambda tag_id: self.fill(str(tag_id)) if tag_id else None)

    def action_decide(self) -> None:
        tag = self.selected
        if tag is None or tag.disposition:
            return

        def save(values: dict[str, Any]) -> int:
            return redtags.decide(self.db, tag.id, **values).id

        title = t("five_s.decide_title", id=tag.id, item=tag.item)
        form = FormScreen(title, DECIDE_FIELDS, save, {"disposition": "keep"})
        self.app.push_screen(form, lambda tag_id: self.fill(str(tag_id)) if tag_id else None)

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self.fill()
