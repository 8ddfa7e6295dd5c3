"""The kaizen rules every screen, command and the stand-up share: categories, the
workflow's statuses and moves, what counts as an amount of money, when a suggestion is
overdue, and the metrics' maths. Plain functions over plain values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from leantui.core.errors import ValidationError
from leantui.core.i18n import t

# The eight wastes (TIMWOODS): 运输 库存 动作 等待 过度加工 过量生产 不良 未被利用的人才.
TIMWOODS = (
    "transport",
    "inventory",
    "motion",
    "waiting",
    "over_processing",
    "over_production",
    "defects",
    "skills",
)
# SQDCP: 安全 质量 交付 成本 人员.
SQDCP = ("safety", "quality", "delivery", "cost", "people")
CATEGORIES = TIMWOODS + SQDCP

STATUSES = ("submitted", "under_review", "adopted", "rejected", "implemented")
WAITING = ("submitted", "under_review")  # waiting for a decision
DECIDED = ("adopted", "rejected", "implemented")
ADOPTED = ("adopted", "implemented")  # what the adoption rate counts as adopted
# The moves the workflow allows. A decision may be taken straight from "submitted" (a
# team lead deciding at the stand-up); "under review" says someone is looking at it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("under_review", "adopted", "rejected"),
    "under_review": ("adopted", "rejected"),
    "adopted": ("implemented",),
    "rejected": (),
    "implemented": (),
}
DECISIONS = {"adopt": "adopted", "reject": "rejected"}
# How a list can be sorted; the default is the newest first.
SORTS = (
    "submitted",
    "decided",
    "status",
    "title",
    "submitter",
    "team",
    "area",
    "category",
    "saving",
    "actual",
    "id",
)
OVERDUE_DAYS = 14  # waiting longer than this for a decision is overdue ([kaizen] in config)
CYCLE_DAYS = 30  # a follow-up PDCA cycle is due this many days ahead unless told otherwise
TREND_MONTHS = 6  # months in a sparkline
CURRENCY = "CNY"
MAX_SAVING = Decimal("999999999999.99")  # what a NUMERIC(14, 2) column holds

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


# --- the workflow -----------------------------------------------------------------------


def check_move(suggestion_id: int, status: str, target: str) -> None:
    """Refuse a move the workflow does not allow, saying why in the user's terms."""
    if target in TRANSITIONS.get(status, ()):
        return
    if target in ("adopted", "rejected") and status in DECIDED:
        raise ValidationError("kaizen.already_decided", field="status", id=suggestion_id)
    if target == "under_review" and status == "under_review":
        raise ValidationError("kaizen.already_in_review", field="status", id=suggestion_id)
    if target == "under_review" and status in DECIDED:
        raise ValidationError("kaizen.already_decided", field="status", id=suggestion_id)
    if target == "implemented" and status == "implemented":
        raise ValidationError("kaizen.already_implemented", field="status", id=suggestion_id)
    if target == "implemented":
        raise ValidationError("kaizen.implement_needs_adoption", field="status", id=suggestion_id)
    raise ValidationError("kaizen.bad_move", field="status", id=suggestion_id)


def local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def waiting_days(submitted_at: datetime, today: date) -> int:
    """Whole days since the suggestion was submitted (0 on the day itself)."""
    return (today - local_date(submitted_at)).days


def is_overdue(status: str, submitted_at: datetime, today: date, days: int = OVERDUE_DAYS) -> bool:
    """Waiting for a decision for longer than `days` days."""
    return status in WAITING and waiting_days(submitted_at, today) > days


def overdue_cutoff(today: date, days: int = OVERDUE_DAYS) -> datetime:
    """Suggestions submitted before this moment and still waiting are overdue."""
    return datetime.combine(today - timedelta(days=days), datetime.min.time()).astimezone()


def is_late(status: str, implement_by: date | None, today: date) -> bool:
    """Adopted, not implemented, and past the date it should have been by."""
    return status == "adopted" and implement_by is not None and implement_by < today


def check_implemented_on(implemented_on: date, submitted_at: datetime, today: date) -> None:
    if implemented_on < local_date(submitted_at):
        raise ValidationError(
            "kaizen.implemented_before_submitted",
            field="implemented_on",
            value=implemented_on.isoformat(),
            submitted=local_date(submitted_at).isoformat(),
        )
    if implemented_on > today:
        raise ValidationError(
            "kaizen.implemented_in_future", field="implemented_on", value=implemented_on.isoformat()
        )


def check_implement_by(implement_by: date, submitted_at: datetime) -> None:
    if implement_by < local_date(submitted_at):
        raise ValidationError(
            "kaizen.implement_by_before_submitted",
            field="implement_by",
            value=implement_by.isoformat(),
            submitted=local_date(submitted_at).isoformat(),
        )


# --- money ----------------------------------------------------------------------------------


def parse_saving(value: str | int | float | Decimal | None, field: str) -> Decimal | None:
    """An amount of money (0 or more, at most two decimals) or None when empty. Takes
    what people type: full-width digits, thousands separators ("1,200.50"), a currency
    sign in front (¥ ￥ $ €)."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValidationError("kaizen.v_not_money", field=field, value=value)
    if isinstance(value, Decimal | int | float):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError("kaizen.v_not_money", field=field, value=value) from None
        shown = str(value)
    else:
        shown = value.strip()
        cleaned = shown.translate(_FULL_WIDTH).replace(" ", "").lstrip("¥￥$€")
        if not cleaned:
            return None
        if not _AMOUNT.fullmatch(cleaned):
            raise ValidationError("kaizen.v_not_money", field=field, value=shown)
        amount = Decimal(cleaned.replace(",", ""))
    if not amount.is_finite():
        raise ValidationError("kaizen.v_not_money", field=field, value=shown)
    if amount < 0:
        raise ValidationError("core.v_negative", field=field, value=shown)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("kaizen.v_money_cents", field=field, value=shown)
    if amount > MAX_SAVING:
        raise ValidationError("core.v_too_big", field=field, value=shown, limit=MAX_SAVING)
    return amount.quantize(Decimal("0.01"))


def percent(share: float | None) -> str:
    """0.456 → "46%"; None (nothing to divide by) → "—"."""
    return "—" if share is None else f"{share * 100:.0f}%"


def money(amount: Decimal | None, currency: str = "") -> str:
    """1234.5 → "1,234.50 CNY"; None → "—"."""
    if amount is None:
        return "—"
    text = f"{amount:,.2f}"
    return f"{text} {currency}" if currency else text


# --- months ---------------------------------------------------------------------------------


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(value: str, field: str = "month") -> str:
    """ "2026-3" or "2026-03" → "2026-03"."""
    found = _MONTH.fullmatch(value.strip().translate(_FULL_WIDTH))
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise ValidationError("kaizen.v_bad_month", field=field, value=value.strip())
    return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def month_start(month: str) -> datetime:
    """The local midnight that starts `month`, aware."""
    return datetime(int(month[:4]), int(month[5:7]), 1).astimezone()


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    out: list[str] = []
    month = first
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def last_months(today: date, count: int = TREND_MONTHS) -> list[str]:
    """The `count` months up to and including this one, oldest first."""
    months = [month_of(today)]
    while len(months) < count:
        year, number = int(months[0][:4]), int(months[0][5:7])
        months.insert(0, f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}")
    return months


# --- the metrics' maths ---------------------------------------------------------------------


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (not 0: "no decisions
    this month" is not "none adopted")."""
    return part / whole if whole else None


def adoption_rate(adopted: int, implemented: int, decided: int) -> float | None:
    """(adopted + implemented) / decided."""
    return ratio(adopted + implemented, decided)


def implementation_rate(adopted: int, implemented: int) -> float | None:
    """implemented / (adopted + implemented)."""
    return ratio(implemented, adopted + implemented)


def headcount(active: Iterable[str], submitters: Iterable[str]) -> int:
    """The people of a team in a month: its active people, and everyone who submitted a
    suggestion for it that month (someone who has left the team since, or was never
    entered as a person, still took part, so counts above and below the line)."""
    return len({name.strip() for name in active} | {name.strip() for name in submitters})


def participation(submitters: int, people: int) -> float | None:
    """Distinct submitters / the team's people that month; None for a team of nobody."""
    return ratio(submitters, people)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


# --- words: what the CLI and the screens call things -----------------------------------------


def status_name(status: str) -> str:
    return t(f"kaizen.status_{status}") if status in STATUSES else status


def category_name(category: str) -> str:
    """A category's name in the user's language; "—" for none."""
    if not category:
        return "—"
    return t(f"kaizen.category_{category}") if category in CATEGORIES else category


def event_text(action: str, payload: dict[str, object]) -> str:
    """One history entry of a suggestion in words (stored text in it is not made safe
    here: the caller shows it through core.text.shown)."""
    if action in ("submit", "review", "adopt", "reject", "implement"):
        text = t("kaizen.event_status", status=status_name(str(payload.get("to", ""))))
        if payload.get("reason"):
            text += t("kaizen.cli_sep") + str(payload["reason"])
        if payload.get("actual_saving"):
            text += t("kaizen.cli_sep") + money(Decimal(str(payload["actual_saving"])))
        return text
    if action == "card":
        return t("kaizen.event_card", card=payload.get("card_id"))
    if action == "cycle":
        return t("kaizen.event_cycle", cycle=payload.get("cycle_id") or "—")
    if action == "edit":
        names = t("cli.list_sep").join(t(f"fields.{name}") for name in payload)
        return t("kaizen.event_edit", fields=names)
    return action
