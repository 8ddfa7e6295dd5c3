"""How the kaizen screens write a value in a few cells: a status, a day, an amount of
money, and a sparkline of the last months (a share: rules.percent). Plain functions (no
widgets), so the list, the detail and the metrics table write things the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from leantui.core.i18n import t
from leantui.core.kaizen import rules

NOTHING = "—"
BLOCKS = "▁▂▃▄▅▆▇█"
NO_DATA = "·"  # a month without a figure (no decisions: no adoption rate), not a zero


def short_status(status: str) -> str:
    """The status in a list cell: "in review", "已实施"."""
    return t(f"kaizen.short_{status}") if status in rules.STATUSES else status


def day(moment: datetime | date | None) -> str:
    if moment is None:
        return NOTHING
    if isinstance(moment, datetime):
        return rules.local_date(moment).isoformat()
    return moment.isoformat()


def when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else NOTHING


def compact_money(amount: Decimal | None) -> str:
    """An amount in at most six cells: "9,999", "12.3k" / "1.2万", "—" for none."""
    if amount is None:
        return NOTHING
    if amount < 10_000:
        return f"{amount:,.0f}"
    value = amount / Decimal(t("kaizen.compact_unit"))
    text = f"{value:.1f}" if value < 100 else f"{value:,.0f}"
    return t("kaizen.compact_big", value=text)


def days(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.1f}"


def spark(values: Sequence[float | None], top: float | None = None) -> str:
    """One block a value, scaled from 0 to `top` (default: the highest value), so a
    month of nothing is the lowest block and a month without a figure a dot."""
    known = [v for v in values if v is not None]
    high = top if top is not None else max(known, default=0.0)
    out = []
    for value in values:
        if value is None:
            out.append(NO_DATA)
        elif high <= 0:
            out.append(BLOCKS[0])
        else:
            level = round(min(value, high) / high * (len(BLOCKS) - 1))
            out.append(BLOCKS[max(0, level)])
    return "".join(out)
