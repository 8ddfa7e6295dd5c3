"""How the stand-up screens write times, stops and outcomes (one copy each)."""

from __future__ import annotations

from datetime import datetime

from leantui.core.i18n import catalog, language, t
from leantui.core.standup.rows import ActionRow, StandupRow, Stop
from leantui.core.text import shown

NOTHING = "—"
MARKS = {"discussed": "✓", "skipped": "·", "": " "}


def when(moment: datetime | None) -> str:
    """A stored moment in local time, to the minute."""
    return NOTHING if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def clock_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def duration(row: StandupRow) -> str:
    """How long a finished stand-up took, in whole minutes (a running one: —)."""
    if row.ended_at is None:
        return NOTHING
    minutes = max(0, round((row.ended_at - row.started_at).total_seconds() / 60))
    return t("standup_tui.minutes", count=minutes)


def kind_label(stop: Stop) -> str:
    """Why a stop stops, in two or three words ("blocked", "audit due"); a kind this
    catalog does not know yet (a new module's) as it is."""
    key = f"standup_tui.kind_{stop.kind}"
    return t(key) if key in catalog(language()) else stop.kind


def names(people: list[str]) -> str:
    return t("standup.list_sep").join(shown(name) for name in people) or NOTHING


def module_label(module_id: str) -> str:
    from leantui.core.modules import MODULES

    for spec in MODULES:
        if spec.id == module_id:
            return t(spec.title_key)
    return module_id


def outcome_label(outcome: str) -> str:
    return t(f"standup_tui.outcome_{outcome or 'open'}")


def action_args(action: ActionRow) -> dict[str, str]:
    """An action card's title, owner and due date, for `standup_tui.action_line`."""
    return {
        "title": shown(action.title),
        "owner": shown(action.owner) or NOTHING,
        "due": action.due.isoformat() if action.due else NOTHING,
    }
