"""What in 5S needs a team lead's attention: areas due for an audit, audits since a date
with items at or below the action threshold, corrective actions overdue, and red tags
past their decision date."""

from __future__ import annotations

from datetime import datetime

from leantui.core import clock
from leantui.core.db.engine import Database
from leantui.core.five_s import areas, audits, peek, redtags, rules, templates
from leantui.core.hooks import Attention, Scope

KINDS = ("audit_due", "low_scores", "action_overdue", "red_tag_overdue")


def exceptions(
    db: Database,
    scope: Scope,
    since: datetime | None,
    threshold: int = rules.ACTION_THRESHOLD,
) -> list[Attention]:
    wanted = areas.in_scope(db, scope)
    today = clock.today()
    found: list[Attention] = []

    def stop(kind: str, entity: str, entity_id: int, title: str, **rest: object) -> None:
        found.append(
            Attention("five_s", kind, entity, entity_id, title, order=(kind, len(found)), **rest)  # type: ignore[arg-type]
        )

    for status in peek.first_overview(db)[0]:  # the overview's fast read, the same rows
        if wanted is not None and status.area_id not in wanted:
            continue
        if status.due:
            stop(
                "audit_due",
                "area",
                status.area_id,
                status.name,
                facts={
                    "days": status.days_since,
                    "cadence": status.cadence_days,
                    "last_total": status.last_total,
                },
            )
    for summary in audits.list_audits(db, status="finished"):
        if wanted is not None and summary.area_id not in wanted:
            continue
        if since is not None and (summary.finished_at is None or summary.finished_at < since):
            continue
        items = audits.items_of(db, summary.id)
        low = [i for i in items if rules.needs_action(i.score, i.na, threshold)]
        if low:
            stop(
                "low_scores",
                "audit",
                summary.id,
                summary.area,
                since=summary.finished_at,
                facts={
                    "total": summary.total,
                    "low": [templates.text_in(i.text) for i in low],
                    "count": len(low),
                },
            )
        for action in audits.actions_of(db, [i.id for i in items]):
            if action.state == "overdue":
                stop(
                    "action_overdue",
                    "card",
                    action.card_id,
                    action.title,
                    facts={"due": action.due, "area": summary.area},
                )
    for tag in redtags.list_tags(db, undecided=True):
        if (wanted is None or tag.area_id in wanted) and tag.overdue(today):
            stop(
                "red_tag_overdue",
                "red_tag",
                tag.id,
                tag.item,
                detail=tag.reason,
                facts={"area": tag.area, "due": tag.decision_due, "location": tag.location},
            )
    return found
