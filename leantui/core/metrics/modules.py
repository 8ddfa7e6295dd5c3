"""Each landed module's figures for a report, through the core services: the 5S score
trend per area, PDCA on-time closure, kaizen adoption and participation."""

from __future__ import annotations

from dataclasses import dataclass

from leantui.core.db.engine import Database
from leantui.core.hooks import Scope


@dataclass(frozen=True)
class AreaTrend:
    name: str
    last: float | None
    trend: list[float | None]


@dataclass(frozen=True)
class TeamIdeas:
    team: str
    submitted: int
    adoption: float | None  # percent, this period's months together
    participation: float | None  # percent, the last month


@dataclass(frozen=True)
class ModuleFigures:
    five_s: list[AreaTrend]
    pdca_cycles: int
    pdca_open: int
    pdca_on_time: tuple[int, int] | None  # closed on time, of
    kaizen: list[TeamIdeas]


def team_scope(db: Database, scope: Scope) -> Scope:
    """A board's report covers the board's team for the modules that work by team."""
    if scope.board_id is None:
        return scope
    from leantui.core.kanban.boards import board_info

    return Scope(team_id=board_info(db, scope.board_id).team_id)


def module_figures(db: Database, scope: Scope) -> ModuleFigures:
    from leantui.core.five_s import areas
    from leantui.core.kaizen import metrics as kaizen
    from leantui.core.kaizen import rules as krules
    from leantui.core.pdca import cycles

    by_team = team_scope(db, scope)
    wanted = areas.in_scope(db, by_team) if by_team.team_id is not None else None
    five_s = [
        AreaTrend(a.name, a.last_total, list(a.trend))
        for a in areas.overview(db)
        if wanted is None or a.area_id in wanted
    ]
    pdca = cycles.metrics_of(db, by_team)
    ideas = []
    for trend in kaizen.recent(db, team_id=by_team.team_id):
        months = trend.months
        submitted = sum(m.submitted for m in months)
        decided = sum(m.decided for m in months)
        taken = sum(m.adopted + m.implemented for m in months)
        last = months[-1].participation if months else None
        adoption = krules.adoption_rate(taken, 0, decided)
        ideas.append(TeamIdeas(trend.team, submitted, adoption, last))
    return ModuleFigures(
        five_s,
        pdca.cycles,
        pdca.open,
        (pdca.on_time.count, pdca.on_time.of) if pdca.on_time else None,
        ideas,
    )
