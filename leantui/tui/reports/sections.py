"""The report's sections as text drawn to a width: the summary, the cumulative flow, the
cycle-time distribution, the throughput, WIP, aging WIP and each module's figures. Plain
functions over a FlowReport and ModuleFigures, so a test can read what a section says."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from leantui.core.i18n import fit, t
from leantui.core.metrics.modules import ModuleFigures
from leantui.core.metrics.report import FlowReport, histogram
from leantui.core.text import shown
from leantui.tui.reports import charts

AGING_ROWS = 8


def days(value: float | None) -> str:
    return "—" if value is None else t("reports.days", value=f"{value:.1f}")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def summary(r: FlowReport, width: int) -> Text:
    out = Text(no_wrap=False)
    out.append(t("reports.done_count", count=len(r.done)), style="bold")
    out.append("   " + t("reports.wip_now", count=r.wip_now))
    out.append("   " + t("reports.blocked_total", days=f"{r.blocked_days:.1f}"))
    out.append("   " + t("reports.overrides", count=len(r.overrides)) + "\n")
    for name, values in (("reports.lead", r.lead), ("reports.cycle", r.cycle)):
        out.append(t(name) + "  ", style="bold")
        out.append("  ".join(f"p{p} {days(values[p])}" for p in sorted(values)) + "\n")
    return out


def cfd(r: FlowReport, width: int, height: int) -> Text:
    colours = charts.colours([b.kind for b in r.bands])
    bands = [
        (b.label if len(r.boards) == 1 else t(f"reports.kind_{b.kind}"), c, b.counts)
        for b, c in zip(r.bands, colours, strict=True)
    ]
    if not any(any(b[2]) for b in bands):
        return Text(t("reports.nothing"), style="dim")
    return charts.stacked_columns(r.days, bands, width, height)


def cycle_distribution(r: FlowReport, width: int) -> Text:
    values = r.cycle_days
    if not values:
        return Text(t("reports.nothing_done"), style="dim")
    p50, p85 = r.cycle[50], r.cycle[85]
    rows = []
    for low, high, count in histogram(values, buckets=8):
        marks = [f"p{p}" for p, v in ((50, p50), (85, p85)) if v is not None and low <= v < high]
        rows.append(
            (
                t("reports.bucket", low=low, high=high),
                count,
                "◄ " + " ".join(marks) if marks else "",
            )
        )
    out = charts.hbars(rows, width, "magenta")
    out.append(
        t("reports.cycle_marks", p50=days(p50), p85=days(p85), count=len(values)), style="dim"
    )
    return out


def throughput(r: FlowReport, width: int) -> Text:
    if not r.throughput:
        return Text(t("reports.nothing"), style="dim")
    return charts.hbars([(week, n, "") for week, n in r.throughput], width, "green")


def wip(r: FlowReport, width: int) -> Text:
    out = Text(no_wrap=True, overflow="crop")
    if not r.wip:
        return out
    picked = charts.sample(len(r.wip), max(1, width - 12))
    out.append_text(charts.spark([r.wip[i] for i in picked]))
    out.append(f"  {min(r.wip)}–{max(r.wip)}", style="dim")
    return out


def aging(r: FlowReport, width: int, rows: int = AGING_ROWS) -> Text:
    if not r.aging:
        return Text(t("reports.no_aging"), style="dim")
    out = Text(no_wrap=True, overflow="crop")
    column_w = min(14, max(cell_len(shown(a.column)) for a in r.aging[:rows]))
    for a in r.aging[:rows]:
        age = days(a.age_days)
        column = fit(shown(a.column), column_w)
        out.append(column + " " * (column_w - cell_len(column)) + " ", style="dim")
        style = "bold red" if a.over_p85 else ""
        out.append(age.rjust(8) + " ", style=style)
        out.append("!" if a.over_p85 else " ", style=style)
        out.append("⊘" if a.blocked else " ", style="red")
        room = max(4, width - column_w - 12)
        out.append(" " + fit(shown(a.title), room) + "\n")
    more = len(r.aging) - rows
    p85 = days(r.cycle[85])
    out.append(t("reports.aging_note", p85=p85), style="dim")
    if more > 0:
        out.append("  " + t("reports.more", count=more), style="dim")
    return out


def modules(f: ModuleFigures, width: int) -> Text:
    out = Text(no_wrap=True, overflow="crop")
    out.append(t("reports.five_s") + "\n", style="bold")
    if not f.five_s:
        out.append("  —\n", style="dim")
    name_w = min(24, max((cell_len(shown(a.name)) for a in f.five_s), default=0))
    for area in f.five_s:
        name = fit(shown(area.name), name_w)
        out.append("  " + name + " " * (name_w - cell_len(name)) + " ")
        last = "—" if area.last is None else f"{area.last:.0f}%"
        out.append(last.rjust(5) + " ")
        out.append_text(charts.spark(area.trend, 100.0))
        out.append("\n")
    out.append(t("reports.pdca") + "\n", style="bold")
    on_time = (
        t(
            "reports.pdca_on_time",
            count=f.pdca_on_time[0],
            of=f.pdca_on_time[1],
            percent=f"{f.pdca_on_time[0] / f.pdca_on_time[1] * 100:.0f}",
        )
        if f.pdca_on_time
        else t("reports.pdca_on_time_none")
    )
    out.append(
        "  " + on_time + "   " + t("reports.pdca_open", count=f.pdca_open, of=f.pdca_cycles) + "\n"
    )
    out.append(t("reports.kaizen") + "\n", style="bold")
    if not f.kaizen:
        out.append("  —\n", style="dim")
    team_w = min(24, max((cell_len(shown(k.team)) for k in f.kaizen), default=0))
    for k in f.kaizen:
        team = fit(shown(k.team), team_w)
        out.append("  " + team + " " * (team_w - cell_len(team)) + " ")
        out.append(
            t(
                "reports.kaizen_line",
                submitted=k.submitted,
                adoption=percent(k.adoption),
                participation=percent(k.participation),
            )
            + "\n"
        )
    return out
