"""What the 5S screens and commands draw, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

Text = Any  # plain text or {language: text}; shown with templates.text_in


@dataclass(frozen=True)
class ItemRow:
    id: int
    audit_id: int
    position: int
    key: str
    s: str
    text: Text
    weight: float
    score: int | None
    na: bool
    comment: str
    card_id: int | None

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


@dataclass(frozen=True)
class AuditRow:
    id: int
    area_id: int
    area: str
    template: str
    template_version: int
    title: Text
    scale_min: int
    scale_max: int
    na_allowed: bool
    levels: dict[str, Text]
    auditor: str
    status: str  # draft | finished
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class ActionRow:
    """A corrective action: the card an item's low score led to, and where it stands."""

    item_id: int
    card_id: int
    title: str
    column: str
    state: str  # open | done | overdue | gone
    due: date | None


@dataclass(frozen=True)
class AuditResult:
    audit: AuditRow
    items: list[ItemRow]
    by_s: dict[str, float | None]
    total: float | None
    band: str | None
    previous_total: float | None  # this area's audit before this one
    trend: list[float | None]  # the area's last finished audits, oldest first, this one last
    actions: list[ActionRow] = field(default_factory=list)
    open_before: list[ActionRow] = field(default_factory=list)  # the area's, still open

    @property
    def change(self) -> float | None:
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)


@dataclass(frozen=True)
class AuditSummary:
    id: int
    area_id: int
    area: str
    template: str
    auditor: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    total: float | None


@dataclass(frozen=True)
class AreaStatus:
    """One line of the overview."""

    area_id: int
    name: str
    template: str
    owner: str
    cadence_days: int
    last_audit_id: int | None
    last_date: date | None
    last_total: float | None
    band: str | None
    days_since: int | None
    trend: list[float | None]
    open_actions: int
    due: bool
    draft_id: int | None


@dataclass(frozen=True)
class RedTagRow:
    id: int
    area_id: int
    area: str
    item: str
    location: str
    reason: str
    quantity: int
    tagged_by: str
    tagged_at: datetime
    decision_due: date | None
    disposition: str
    decided_at: datetime | None
    decided_by: str
    note: str

    def overdue(self, today: date) -> bool:
        return not self.disposition and self.decision_due is not None and self.decision_due < today
