"""The kanban forms, declared once each (kit.forms.Field): card, column, board, filter.
A field's name is the service's argument; `load` reads it from a row, `dump` turns what
was typed into what the service takes. The services validate."""

from __future__ import annotations

from leantui.core.i18n import t
from leantui.core.kanban.rules import COLUMN_KINDS
from leantui.tui.kit.forms import CHOICE, LINES, Choices, Field

PRIORITY_KEYS = ("board.priority_0", "board.priority_1", "board.priority_2", "board.priority_3")
SOURCE_TYPES = ("5s_audit_item", "pdca", "kaizen", "andon")
_KINDS = {
    "backlog": "board.kind_backlog",
    "queue": "board.kind_queue",
    "active": "board.kind_active",
    "done": "board.kind_done",
}
_SOURCES = {
    "5s_audit_item": "board.source_5s",
    "pdca": "board.source_pdca",
    "kaizen": "board.source_kaizen",
    "andon": "board.source_andon",
}


def priority_label(value: int) -> str:
    return t(PRIORITY_KEYS[value]) if 0 <= value < len(PRIORITY_KEYS) else str(value)


def kind_label(kind: str) -> str:
    return t(_KINDS[kind]) if kind in _KINDS else kind


def source_label(source: str) -> str:
    return t(_SOURCES[source]) if source in _SOURCES else source


def _priorities() -> Choices:
    return [(priority_label(p), p) for p in range(len(PRIORITY_KEYS))]


def _sources() -> Choices:
    return [(source_label(s), s) for s in SOURCE_TYPES]


def _kinds() -> Choices:
    return [(kind_label(k), k) for k in COLUMN_KINDS]


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Every editable field of a card (kanban.cards.EDITABLE names the same, for the service).
CARD_FIELDS = (
    Field("title", "fields.title"),
    Field("description", "fields.description", LINES),
    Field("owner", "fields.owner"),
    Field("tags", "fields.tags", hint="board.tags_hint", load=lambda c: c.tags.replace(",", ", ")),
    Field("priority", "fields.priority", CHOICE, choices=_priorities, dump=lambda v: v or 0),
    Field(
        "due",
        "fields.due",
        hint="board.date_hint",
        load=lambda c: _text(c.due and c.due.isoformat()),
    ),
    Field(
        "source_type",
        "fields.source_type",
        CHOICE,
        choices=_sources,
        blank="board.source_none",
        load=lambda c: c.source_type or None,
        dump=lambda v: v or "",
    ),
    Field(
        "source_id", "fields.source_id", hint="board.digits_hint", load=lambda c: _text(c.source_id)
    ),
)

COLUMN_FIELDS = (
    Field("name", "fields.name"),
    Field("kind", "fields.kind", CHOICE, choices=_kinds, default="queue"),
    Field(
        "wip_limit", "fields.wip_limit", hint="board.wip_hint", load=lambda c: _text(c.wip_limit)
    ),
    Field("policy", "fields.policy"),
)

# The team's choices are the teams of the workspace, given when the form is made.
BOARD_FIELDS = (
    Field("name", "fields.name"),
    Field("team_id", "fields.team", CHOICE, blank="board.no_team", error_name="team"),
)

FILTER_FIELDS = (Field("query", "board.filter_label", hint="board.filter_placeholder"),)
