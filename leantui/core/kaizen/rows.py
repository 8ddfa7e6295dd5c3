"""What the kaizen screens and commands draw, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from leantui.core.i18n import t
from leantui.core.kaizen import rules

if TYPE_CHECKING:  # rows stay free of SQLAlchemy for the screens that import them
    from leantui.core.services.events import HistoryEntry


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion with every field, and the names of its team and area."""

    id: int
    title: str
    submitter: str
    team_id: int | None
    team: str  # "" without a team
    area_id: int | None
    area: str  # "" without an area
    category: str  # one of rules.CATEGORIES, or ""
    problem: str
    proposal: str
    benefit: str
    estimated_saving: Decimal | None
    actual_saving: Decimal | None
    currency: str
    status: str  # one of rules.STATUSES
    reviewer: str
    reason: str
    submitted_at: datetime
    decided_at: datetime | None
    implement_by: date | None
    implemented_on: date | None
    card_id: int | None
    follow_up_cycle_id: int | None
    version: int

    def waiting_days(self, today: date) -> int:
        return rules.waiting_days(self.submitted_at, today)

    def overdue(self, today: date, days: int = rules.OVERDUE_DAYS) -> bool:
        """Waiting for a decision for longer than `days` days."""
        return rules.is_overdue(self.status, self.submitted_at, today, days)

    def late(self, today: date) -> bool:
        """Adopted and not implemented by its date."""
        return rules.is_late(self.status, self.implement_by, today)


@dataclass(frozen=True)
class ListHead:
    """The top of the list as its screen first draws it: the newest suggestions, how
    many there are, how many are overdue for a decision, and the kaizen revision."""

    rows: list[SuggestionRow]
    total: int
    overdue: int
    revision: int


@dataclass(frozen=True)
class CardLink:
    """A suggestion's follow-up card, as it stands now."""

    card_id: int
    title: str
    board_id: int | None
    board: str
    column: str
    state: str  # open | done | archived | gone


@dataclass(frozen=True)
class CycleLink:
    """A suggestion's follow-up PDCA cycle, as it stands now."""

    cycle_id: int
    title: str
    phase: str  # P | D | C | A ("" when gone)
    status: str  # open | closed | abandoned | gone

    def state(self) -> str:
        """Where the cycle stands, in words: "P · open", "deleted"."""
        if self.status == "gone":
            return t("kaizen.card_gone")
        return f"{self.phase} · {t('pdca.status_' + self.status)}"


@dataclass(frozen=True)
class SuggestionDetail:
    suggestion: SuggestionRow
    history: list[HistoryEntry]  # newest first
    card: CardLink | None = None
    cycle: CycleLink | None = None


@dataclass(frozen=True)
class MonthStats:
    """One team's month. Counts by the month things happened in: `submitted` by
    submission, `decided` (and its split) by decision, `implemented_in_month` and
    `actual_saving` by implementation. `implemented` is how many of the month's
    adoptions are implemented by now (the implementation rate's numerator)."""

    team_id: int | None
    team: str
    month: str  # "YYYY-MM"
    submitted: int
    submitters: int  # distinct people who submitted
    headcount: int  # the team's active people, plus anyone else who submitted
    decided: int
    adopted: int  # adopted and not (yet) implemented
    rejected: int
    implemented: int
    implemented_in_month: int
    median_days: float | None  # submission to decision, of the month's decisions
    estimated_saving: Decimal  # of the month's adoptions
    actual_saving: Decimal  # of the month's implementations
    currency: str = rules.CURRENCY

    @property
    def adoption_rate(self) -> float | None:
        return rules.adoption_rate(self.adopted, self.implemented, self.decided)

    @property
    def implementation_rate(self) -> float | None:
        return rules.implementation_rate(self.adopted, self.implemented)

    @property
    def participation(self) -> float | None:
        return rules.participation(self.submitters, self.headcount)


@dataclass(frozen=True)
class TeamTrend:
    """A team's last months, oldest first, for the metrics table's sparklines."""

    team_id: int | None
    team: str
    months: list[MonthStats] = field(default_factory=list)

    def series(self, name: str) -> list[float | None]:
        """One figure ("submitted", "adoption_rate", "participation" …) month by month."""
        out: list[float | None] = []
        for stats in self.months:
            value = getattr(stats, name)
            out.append(None if value is None else float(value))
        return out
