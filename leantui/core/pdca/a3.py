"""The one-page A3 of a cycle, as data (sections of paragraphs, a table and notes, in
the user's language and safe to print) and as Markdown a team lead can paste anywhere:
tables aligned by display width, so Chinese lines up in a terminal too. A screen draws
the same sections its own way."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len

from leantui.core.db.engine import Database
from leantui.core.i18n import t
from leantui.core.pdca import cycles, rules
from leantui.core.pdca.errors import phase_label
from leantui.core.pdca.rows import CountermeasureRow, CycleView
from leantui.core.text import shown, shown_block

SECTIONS = (
    "background",
    "current_state",
    "target",
    "root_cause",
    "countermeasures",
    "check",
    "act",
)  # pdca.a3_<key> is each one's title


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    right: frozenset[int] = frozenset()  # columns of numbers, aligned right


@dataclass(frozen=True)
class Section:
    key: str  # one of SECTIONS
    title: str
    paragraphs: list[str] = field(default_factory=list)  # may hold line breaks
    table: Table | None = None
    notes: list[str] = field(default_factory=list)  # one line each, after the table


@dataclass(frozen=True)
class A3:
    cycle_id: int
    title: str
    facts: list[tuple[str, str]]  # (label, value) under the title
    sections: list[Section]


def build(db: Database, cycle_id: int) -> A3:
    return from_view(cycles.view(db, cycle_id))


def _text(value: str) -> list[str]:
    """A stored text as paragraphs, or a dash when empty."""
    return [shown_block(value)] if value.strip() else ["—"]


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _number(value: float | None, unit: str = "") -> str:
    text = rules.format_number(value)
    return f"{text} {shown(unit)}" if unit and value is not None else text


def _yes_no(value: bool | None) -> str:
    if value is None:
        return t("pdca.met_unknown")
    return t("pdca.met_yes") if value else t("pdca.met_no")


def card_state(action: CountermeasureRow) -> str:
    """What a countermeasure's card is doing, in words."""
    if action.card_id is None:
        return t("pdca.card_none")
    if action.state == "gone":
        return t("pdca.card_gone")
    if action.state == "done":
        return t("pdca.card_done")
    if action.blocked:
        return t("pdca.card_blocked")
    if action.overdue:
        return t("pdca.card_overdue")
    return t("pdca.card_open")


def from_view(view: CycleView) -> A3:
    row = view.row
    fact = [
        (t("fields.owner"), shown(row.owner) or "—"),
        (t("fields.team"), shown(row.team) or "—"),
        (t("fields.area"), shown(row.area) or "—"),
        (t("fields.start"), row.start.isoformat()),
        (
            t("fields.due"),
            row.due.isoformat() + (" " + t("pdca.overdue_mark") if row.overdue else ""),
        ),
        (
            t("fields.phase"),
            t("pdca.phase_days", phase=phase_label(row.phase), days=row.days_in_phase)
            if row.status == "open"
            else phase_label(row.phase),
        ),
        (t("fields.status"), t(f"pdca.status_{row.status}")),
    ]
    if view.parent is not None:
        fact.append(
            (
                t("pdca.follow_up_of"),
                t("pdca.source_cycle", id=view.parent.id, title=shown(view.parent.title)),
            )
        )
    sections = [
        Section("background", "", _text(view.problem)),
        Section("current_state", "", _text(view.current_state)),
        _target(view),
        _root_cause(view),
        _countermeasures(view),
        _check(view),
        _act(view),
    ]
    titled = [
        Section(s.key, t(f"pdca.a3_{s.key}"), s.paragraphs, s.table, s.notes) for s in sections
    ]
    return A3(view.id, t("pdca.source_cycle", id=view.id, title=shown(row.title)), fact, titled)


def _target(view: CycleView) -> Section:
    target = view.row.target
    table = Table(
        [
            t("fields.metric"),
            t("fields.unit"),
            t("fields.baseline"),
            t("fields.goal"),
            t("fields.direction"),
        ],
        [
            [
                shown(target.metric) or "—",
                shown(target.unit) or "—",
                rules.format_number(target.baseline),
                rules.format_number(target.goal),
                t(f"pdca.direction_{target.direction}"),
            ]
        ],
        frozenset({2, 3}),
    )
    return Section("target", "", table=table)


def _root_cause(view: CycleView) -> Section:
    notes = [t("pdca.a3_fact", label=t("fields.root_cause"), value=shown(view.root_cause) or "—")]
    if not view.whys:
        return Section("root_cause", "", [t("pdca.no_whys")], notes=notes)
    table = Table(
        ["#", t("fields.why"), t("fields.because")],
        [[str(w.position), shown(w.why), shown(w.because) or "—"] for w in view.whys],
        frozenset({0}),
    )
    return Section("root_cause", "", table=table, notes=notes)


def _countermeasures(view: CycleView) -> Section:
    if not view.countermeasures:
        return Section("countermeasures", "", [t("pdca.no_countermeasures")])
    rows = []
    for n, action in enumerate(view.countermeasures, 1):
        where = "—"
        if action.card_id is not None:
            where = f"#{action.card_id}"
            if action.column:
                where += f" {shown(action.board)} · {shown(action.column)}"
        rows.append(
            [
                str(n),
                shown(action.text),
                shown(action.owner or view.row.owner) or "—",  # the cycle's by default
                _date(action.due),
                where,
                card_state(action),
            ]
        )
    table = Table(
        [
            "#",
            t("fields.countermeasure"),
            t("fields.owner"),
            t("fields.due"),
            t("fields.card_id"),
            t("fields.status"),
        ],
        rows,
        frozenset({0}),
    )
    return Section("countermeasures", "", table=table)


def _check(view: CycleView) -> Section:
    unit = view.row.target.unit
    if not view.measurements:
        notes = [t("pdca.a3_fact", label=t("fields.target_met"), value=_yes_no(None))]
        return Section("check", "", [t("pdca.no_measurements")], notes=notes)
    value_header = t("pdca.h_value_unit", unit=shown(unit)) if unit else t("fields.value")
    table = Table(
        [t("fields.date"), value_header, t("fields.note")],
        [
            [m.measured_on.isoformat(), rules.format_number(m.value), shown(m.note) or "—"]
            for m in view.measurements
        ],
        frozenset({1}),
    )
    row = view.row
    change = view.change_percent
    notes = [
        t(
            "pdca.a3_trend",
            spark=rules.sparkline([m.value for m in view.measurements]),
            count=len(view.measurements),
        ),
        t(
            "pdca.a3_latest",
            value=_number(row.latest, unit),
            date=_date(row.latest_on),
            change="—" if change is None else f"{change:+.1f}%",
        ),
        t("pdca.a3_fact", label=t("fields.target_met"), value=_yes_no(view.target_met)),
    ]
    return Section("check", "", table=table, notes=notes)


def _act(view: CycleView) -> Section:
    notes = []
    if view.standard:
        notes.append(t("pdca.a3_fact", label=t("fields.standard"), value=shown(view.standard)))
        where = shown(view.standard_where) or "—"
        notes.append(t("pdca.a3_fact", label=t("fields.standard_where"), value=where))
    for link in view.follow_ups:
        text = t("pdca.source_cycle", id=link.id, title=shown(link.title))
        notes.append(t("pdca.a3_fact", label=t("pdca.follow_up"), value=text))
    if view.row.status == "abandoned":
        reason = shown(view.abandon_reason)
        notes.append(t("pdca.a3_fact", label=t("fields.abandon_reason"), value=reason))
    if not notes:
        key = "pdca.act_open" if view.row.status == "open" else "pdca.act_closed"
        notes.append(t(key))
    return Section("act", "", notes=notes)


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


def markdown_table(table: Table) -> list[str]:
    """A Markdown table whose columns line up in a terminal: cells are padded to the
    widest by display width (a Chinese character is two cells)."""
    grid = [[_cell(h) for h in table.headers]] + [[_cell(c) for c in r] for r in table.rows]
    widths = [max(3, *(cell_len(r[i]) for r in grid)) for i in range(len(table.headers))]

    def line(cells: list[str]) -> str:
        padded = (_pad(c, widths[i], i in table.right) for i, c in enumerate(cells))
        return "| " + " | ".join(padded) + " |"

    rule = [("-" * (w - 1) + ":") if i in table.right else "-" * w for i, w in enumerate(widths)]
    return [line(grid[0]), "| " + " | ".join(rule) + " |", *(line(r) for r in grid[1:])]


def _paragraph(text: str) -> list[str]:
    """A stored text's lines, each its own paragraph: a line break the user typed stays a
    line break in every Markdown renderer, and plain text reads the same."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip():
            out.extend([line, ""])
    return out


def markdown(a3: A3) -> str:
    out = [f"# A3 · {a3.title}", ""]
    out.extend(f"- {t('pdca.a3_fact', label=label, value=value)}" for label, value in a3.facts)
    for n, section in enumerate(a3.sections, 1):
        out.extend(["", f"## {n}. {section.title}", ""])
        for paragraph in section.paragraphs:
            out.extend(_paragraph(paragraph))
        if section.table is not None:
            out.extend([*markdown_table(section.table), ""])
        for note in section.notes:
            out.extend([note, ""])
        while out and out[-1] == "":
            out.pop()
    return "\n".join(out) + "\n"
