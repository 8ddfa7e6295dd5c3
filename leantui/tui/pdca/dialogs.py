"""The PDCA dialogs made from the kit: the cycle form (new or edit), the list's filter
and the board picker of Do. Each save is one service call; its errors show at the
field they name and the form keeps what was typed."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from leantui.core import actor, clock
from leantui.core.i18n import t
from leantui.core.kanban.rows import BoardSummary
from leantui.core.pdca.rows import CycleChange, CycleRow, CycleView
from leantui.core.services import Database
from leantui.tui.kit.forms import FormScreen
from leantui.tui.kit.lists import ListColumn, ListDialog
from leantui.tui.pdca.forms import CYCLE_FIELDS, FILTER_FIELDS
from leantui.tui.pdca.screen import Filter


def _teams_and_areas(db: Database) -> dict[str, list[tuple[str, Any]]]:
    from leantui.core.services import workspace

    return {
        "team_id": [(team.name, team.id) for team in workspace.list_teams(db)],
        "area_id": [(area.name, area.id) for area in workspace.list_areas(db)],
    }


def cycle_form(db: Database, view: CycleView | None = None) -> FormScreen[CycleChange]:
    """The new-cycle form, or the edit form of `view`: it returns the change."""
    from leantui.core.pdca import cycles

    if view is None:
        row: dict[str, Any] = {"owner": actor.current_actor(), "start": clock.today()}

        def save(values: dict[str, Any]) -> CycleChange:
            return cycles.create_cycle(db, **values)

        title = t("pdca.new_cycle_title")
    else:
        seen = cycles.editable_values(view)
        row = dict(seen)
        cycle_id = view.id

        def save(values: dict[str, Any]) -> CycleChange:
            # Checked against the values the form was filled from: an edit of them by
            # someone else meanwhile is refused, and the form keeps what was typed.
            return cycles.edit_cycle(db, cycle_id, seen, **values)

        title = t("pdca.edit_cycle_title", id=view.id)
    owners = sorted({r.owner for r in cycles.list_cycles(db, status="open")} | {row["owner"]})
    return FormScreen(
        title,
        CYCLE_FIELDS,
        save,
        row,
        choices=_teams_and_areas(db),
        suggestions={"owner": owners, "unit": ["%", "min", "h", "ppm"]},
    )


def filter_form(db: Database, current: Filter, rows: list[CycleRow]) -> FormScreen[Filter]:
    """Filter the list by status, owner, team and area (each "all" by default)."""
    choices = _teams_and_areas(db)
    owners = sorted({r.owner for r in rows} | ({current.owner} if current.owner else set()))
    choices["owner"] = [(o, o) for o in owners]
    names = {key: dict((v, n) for n, v in found) for key, found in choices.items()}

    def save(values: dict[str, Any]) -> Filter:
        return Filter(
            status=values["status"],
            owner=values["owner"],
            team_id=values["team_id"],
            area_id=values["area_id"],
            team=names["team_id"].get(values["team_id"], ""),
            area=names["area_id"].get(values["area_id"], ""),
        )

    row = {
        "status": current.status,
        "owner": current.owner,
        "team_id": current.team_id,
        "area_id": current.area_id,
    }
    return FormScreen(
        t("pdca.filter_title"),
        FILTER_FIELDS,
        save,
        row,
        choices=choices,
        hint=t("pdca.filter_hint"),
    )


class PickBoard(ListDialog[int | None, BoardSummary]):
    """Do: the board the countermeasures' cards go on; returns its id."""

    BINDINGS = [Binding("escape", "close", t("app.key_cancel"), id="pdca.pick_board_cancel")]
    columns = (
        ListColumn[BoardSummary]("fields.board", lambda b: b.name, grow=True),
        ListColumn[BoardSummary]("fields.team", lambda b: b.team),
    )
    empty = "pdca.no_boards"

    def __init__(self, db: Database, count: int, select: int | None = None) -> None:
        super().__init__(
            t("pdca.pick_board_title", count=count),
            t("pdca.pick_board_hint"),
            None if select is None else str(select),
        )
        self.db = db

    def read(self) -> list[BoardSummary]:
        from leantui.core.kanban import boards

        return boards.list_boards(self.db)

    def chosen(self, row: BoardSummary) -> None:
        self.dismiss(row.id)
