"""What the stand-up screens and commands draw, as plain dataclasses (no SQLAlchemy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from leantui.core.hooks import Attention


@dataclass(frozen=True)
class Stop:
    """One stop of a stand-up, as it stood when the stand-up began. `card_id` is set when
    the stop is about a card (so the screen can move it), `board_id` when it is on a
    board."""

    id: int
    standup_id: int
    position: int
    module: str
    kind: str
    entity_type: str
    entity_id: int
    title: str
    why: str
    outcome: str  # "", "discussed" or "skipped"
    note: str
    card_id: int | None
    board_id: int | None
    since: datetime | None


@dataclass(frozen=True)
class StandupRow:
    id: int
    team_id: int
    team_name: str
    started_at: datetime
    ended_at: datetime | None  # None while it runs
    minutes: int  # the timer
    led_by: str

    @property
    def finished(self) -> bool:
        return self.ended_at is not None


@dataclass(frozen=True)
class ActionRow:
    """An action card made at a stop (a kanban card whose source is the stop)."""

    card_id: int
    stop_id: int
    board_id: int
    title: str
    owner: str
    due: date | None


@dataclass(frozen=True)
class EscalationRow:
    id: int
    team_id: int
    standup_id: int
    stop_id: int
    stop_title: str
    note: str
    raised_at: datetime
    raised_by: str
    cleared_at: datetime | None
    cleared_by: str

    @property
    def open(self) -> bool:
        return self.cleared_at is None


@dataclass(frozen=True)
class StandupRecord(StandupRow):
    """A stand-up with who attended, its stops, the actions made at them and the
    escalations raised."""

    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    stops: list[Stop] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    escalations: list[EscalationRow] = field(default_factory=list)


@dataclass(frozen=True)
class SafetyDay:
    day: date
    state: str  # one of safety.STATES
    note: str


@dataclass(frozen=True)
class Plan:
    """The stops a stand-up of the team begun now would take (`items`, with the line
    that says why each stops), and what they were read at: `begin` takes them as they
    are while the same stand-ups, events and options hold, the same day, a few minutes
    on (services.plan, services.holds)."""

    team_id: int
    since: datetime | None  # the team's last finished stand-up started
    newest_event: int
    options: dict[str, dict[str, Any]]
    made_at: datetime
    items: list[Attention]
    lines: list[str]  # why each stops
    places: list[tuple[int | None, int | None]]  # each stop's card and board
