"""The stand-up's agenda: what it stops at, in order, and the line that says why.

The team's open escalations come first (the stand-up's own exceptions), then each
module's exceptions in the order of the registry: the boards right to left (the kanban
module's own order), 5S, PDCA, kaizen. A module that is not registered simply has no
stops. `why` is a pure function of an Attention, so it is tested on hand-built ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from leantui.core import clock
from leantui.core.config import Settings
from leantui.core.hooks import Attention, Scope
from leantui.core.i18n import t

if TYPE_CHECKING:
    from leantui.core.db.engine import Database
    from leantui.core.module_spec import ModuleSpec

MODULE = "standup"


def options(settings: Settings) -> dict[str, dict[str, Any]]:
    """What each module's exceptions take from the settings, by module id."""
    return {
        "kanban": {"stale_days": settings.standup.aging_days},
        "kaizen": {"overdue_days": settings.kaizen.decision_days},
    }


def walk_order() -> list[ModuleSpec]:
    """The stand-up's own stops (escalations) first, then every other module in the
    registry's order."""
    from leantui.core.modules import MODULES

    own = [spec for spec in MODULES if spec.id == MODULE]
    return own + [spec for spec in MODULES if spec.id != MODULE]


def load_hooks() -> None:
    """Import every module's exceptions hook now (with the services and models they
    use: hundreds of ms on a cold start), so that the first `agenda` does not wait for
    them. The lobby calls it in a worker while the team looks at the safety cross."""
    for spec in walk_order():
        if spec.exceptions:
            spec.load(spec.exceptions)


def agenda(
    db: Database, team_id: int, since: datetime | None, settings: Settings | None = None
) -> list[Attention]:
    """Every stop of a stand-up of `team_id` now, in walking order; `since` is when the
    team's last finished stand-up started (None when there was none)."""
    found: list[Attention] = []
    given = options(settings or Settings())
    scope = Scope(team_id=team_id)
    for spec in walk_order():
        found.extend(spec.run_exceptions(db, scope, since, **given.get(spec.id, {})))
    return found


# --- why it stops ------------------------------------------------------------------------------


def _days_since(moment: datetime | None) -> int:
    return max(0, (clock.now() - moment).days) if moment is not None else 0


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value or "—")


def _with_detail(key: str, item: Attention, **args: Any) -> str:
    """`key`, or its `_because` form naming the stored reason when there is one."""
    if item.detail.strip():
        return t(f"{key}_because", detail=item.detail, **args)
    return t(key, **args)


def _blocked(item: Attention) -> str:
    return _with_detail("standup.why_blocked", item, count=_days_since(item.since))


def _over_wip(item: Attention) -> str:
    f = item.facts
    return t("standup.why_over_wip", count=f.get("count", 0), limit=f.get("limit", 0))


def _late(key: str, due_fact: str = "due") -> Callable[[Attention], str]:
    def line(item: Attention) -> str:
        due = item.facts.get(due_fact)
        days = item.facts.get("days")
        if days is None:
            days = (clock.today() - due).days if isinstance(due, date) else 0
        return t(key, count=days, due=_day(due))

    return line


def _aging(item: Attention) -> str:
    f = item.facts
    return t("standup.why_aging", count=f.get("days", 0), column=f.get("column", ""))


def _audit_due(item: Attention) -> str:
    f = item.facts
    if f.get("days") is None:
        return t("standup.why_audit_never")
    return t("standup.why_audit_due", count=f["days"], cadence=f.get("cadence", 0))


def _low_scores(item: Attention) -> str:
    f = item.facts
    items = t("standup.list_sep").join(str(text) for text in f.get("low", []))
    total = f.get("total")
    score = f"{total:.0f}" if isinstance(total, int | float) else "—"
    return t("standup.why_low_scores", count=f.get("count", 0), total=score, items=items)


def _red_tag(item: Attention) -> str:
    return _with_detail("standup.why_red_tag", item, due=_day(item.facts.get("due")))


def _due_soon(item: Attention) -> str:
    return t("standup.why_due_soon", count=item.facts.get("days", 0))


def _check_quiet(item: Attention) -> str:
    last = item.facts.get("last_measured")
    if last is None:
        return t("standup.why_check_quiet_never", count=_days_since(item.since))
    return t("standup.why_check_quiet", last=_day(last))


def _card_blocked(item: Attention) -> str:
    return _with_detail("standup.why_card_blocked", item, cycle=item.facts.get("cycle", ""))


def _decision(item: Attention) -> str:
    f = item.facts
    return t("standup.why_decision", count=f.get("days", 0), submitter=f.get("submitter", ""))


def _escalation(item: Attention) -> str:
    f = item.facts
    return t(
        "standup.why_escalation", day=_day(item.since), by=f.get("raised_by", ""), note=item.detail
    )


WHY: dict[tuple[str, str], Callable[[Attention], str]] = {
    (MODULE, "escalation"): _escalation,
    ("kanban", "over_wip"): _over_wip,
    ("kanban", "blocked"): _blocked,
    ("kanban", "overdue"): _late("standup.why_overdue"),
    ("kanban", "aging"): _aging,
    ("five_s", "audit_due"): _audit_due,
    ("five_s", "low_scores"): _low_scores,
    ("five_s", "action_overdue"): _late("standup.why_action_overdue"),
    ("five_s", "red_tag_overdue"): _red_tag,
    ("pdca", "overdue"): _late("standup.why_cycle_overdue"),
    ("pdca", "due_soon"): _due_soon,
    ("pdca", "check_quiet"): _check_quiet,
    ("pdca", "card_blocked"): _card_blocked,
    ("pdca", "card_overdue"): _late("standup.why_overdue"),
    ("kaizen", "decision_overdue"): _decision,
    ("kaizen", "implementation_late"): _late("standup.why_implementation_late", "implement_by"),
}


def why(item: Attention) -> str:
    """The one line that says why the stand-up stops here, e.g. "blocked 3 days:
    waiting for the die from tool room". A kind this module does not know (a newer
    module's) says its kind and detail."""
    line = WHY.get((item.module, item.kind))
    if line is not None:
        return line(item)
    return _with_detail("standup.why_other", item, kind=item.kind)
