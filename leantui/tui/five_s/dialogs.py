"""The 5S forms made with what the database offers: start an audit (the live areas, the
templates, the team's people as completions) and corrective-action cards (the boards)."""

from __future__ import annotations

from typing import Any

from leantui.core.i18n import t
from leantui.core.services import Database
from leantui.tui.five_s.common import text_of
from leantui.tui.five_s.forms import ACTION_FIELDS, START_FIELDS
from leantui.tui.kit.forms import FormScreen


def area_choices(db: Database) -> list[tuple[str, Any]]:
    from leantui.core.services import workspace

    return [(area.name, area.id) for area in workspace.list_areas(db)]


def start_form(db: Database, area_id: int | None) -> FormScreen[int]:
    """Pick the area (the highlighted one first), the auditor (a person of the team, or
    any name typed) and the template (the area's own first). Returns the new audit's id."""
    from leantui.core.five_s import areas, audits, templates

    loaded = templates.load_all().templates
    current = areas.settings(db, area_id).template if area_id is not None else "5s"
    names = sorted(loaded, key=lambda name: (name != current, name))
    template_choices = [(f"{name} · {text_of(loaded[name].title)}", name) for name in names]
    people = areas.people(db, area_id)

    def save(values: dict[str, Any]) -> int:
        return audits.start_audit(db, values["area_id"], values["auditor"], values["template"]).id

    row = {"area_id": area_id, "auditor": "", "template": names[0] if names else None}
    return FormScreen(
        t("five_s.start_title"),
        START_FIELDS,
        save,
        row,
        choices={"area_id": area_choices(db), "template": template_choices},
        suggestions={"auditor": people},
    )


def action_form(db: Database, item_ids: list[int], area_id: int) -> FormScreen[list[int]]:
    """A corrective-action card on a chosen board for each item, with an owner and a due
    date. Returns the new cards' ids."""
    from leantui.core.five_s import areas, audits
    from leantui.core.kanban import boards

    choices = [(board.name, board.id) for board in boards.list_boards(db)]

    def save(values: dict[str, Any]) -> list[int]:
        return audits.create_actions(
            db, item_ids, values["board_id"], values["owner"], values["due"] or None
        )

    row = {"board_id": choices[0][1] if choices else None, "owner": "", "due": ""}
    return FormScreen(
        t("five_s.actions_title", count=len(item_ids)),
        ACTION_FIELDS,
        save,
        row,
        choices={"board_id": choices},
        suggestions={"owner": areas.people(db, area_id)},
    )
