"""What the PDCA screens, commands and the A3 draw, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from leantui.core.pdca import rules
from leantui.core.pdca.metrics import Share


@dataclass(frozen=True)
class Target:
    metric: str
    unit: str
    baseline: float | None
    goal: float | None
    direction: str  # higher | lower


@dataclass(frozen=True)
class CycleRow:
    """One line of the list of cycles."""

    id: int
    title: str
    owner: str
    team_id: int | None
    team: str
    area_id: int | None
    area: str
    status: str  # open | closed | abandoned
    phase: str  # P | D | C | A
    phase_since: datetime
    start: date
    due: date
    target: Target
    latest: float | None  # the latest measurement
    latest_on: date | None
    closed_at: datetime | None
    parent_id: int | None
    version: int
    days_in_phase: int  # as of the day it was read, or until it was closed
    overdue: bool
    due_soon: bool

    @property
    def target_met(self) -> bool | None:
        return rules.target_met(self.latest, self.target.goal, self.target.direction)


@dataclass(frozen=True)
class WhyRow:
    position: int  # 1 … 7
    why: str
    because: str


@dataclass(frozen=True)
class CountermeasureRow:
    """A countermeasure and, once it is on a board, where its card stands (read through
    the kanban rules). `state`: "" (no card yet), open, overdue, done or gone (the card
    was deleted)."""

    id: int
    cycle_id: int
    position: int
    text: str
    owner: str
    due: date | None
    card_id: int | None
    card_title: str = ""
    board_id: int | None = None
    board: str = ""
    column: str = ""
    column_kind: str = ""
    blocked: bool = False
    blocked_reason: str = ""
    card_due: date | None = None
    overdue: bool = False
    state: str = ""


@dataclass(frozen=True)
class MeasurementRow:
    id: int
    measured_on: date
    value: float
    note: str


@dataclass(frozen=True)
class PhaseChange:
    """One entry of a cycle's phase history (from its events)."""

    at: datetime
    actor: str
    action: str  # create | phase | close | abandon
    from_phase: str | None
    to_phase: str | None
    reason: str


@dataclass(frozen=True)
class CycleLink:
    id: int
    title: str
    status: str


@dataclass(frozen=True)
class CycleView:
    """Everything one cycle's screens and its A3 show, read at `revision`."""

    row: CycleRow
    problem: str
    current_state: str
    root_cause: str
    standard: str
    standard_where: str
    abandon_reason: str
    created_at: datetime
    whys: list[WhyRow]
    countermeasures: list[CountermeasureRow]
    measurements: list[MeasurementRow]  # by date, oldest first
    history: list[PhaseChange]  # oldest first
    parent: CycleLink | None
    follow_ups: list[CycleLink]
    revision: int

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def target_met(self) -> bool | None:
        return self.row.target_met

    @property
    def change_percent(self) -> float | None:
        return rules.change_percent(self.row.latest, self.row.target.baseline)

    @property
    def progress(self) -> float | None:
        t = self.row.target
        return rules.progress(self.row.latest, t.baseline, t.goal)

    @property
    def cards(self) -> list[CountermeasureRow]:
        """The countermeasures that are on a board."""
        return [c for c in self.countermeasures if c.card_id is not None]


@dataclass(frozen=True)
class CycleChange:
    """What a PDCA write did: the cycle as its screen now draws it (for a follow-up, the
    new cycle), the revision of its scope after the change, and the event's action ("" when
    nothing needed changing). `other_id`: the cycle a follow-up came from."""

    view: CycleView
    revision: int
    action: str
    payload: dict[str, Any] = field(default_factory=dict)
    other_id: int | None = None


@dataclass(frozen=True)
class Metrics:
    """The PDCA metrics over the cycles in a scope."""

    cycles: int
    open: int
    on_time: Share | None
    target_met: Share | None
    days_per_phase: dict[str, float | None]
    open_per_owner: dict[str, int]
