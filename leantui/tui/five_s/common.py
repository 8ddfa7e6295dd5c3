"""What the 5S screens show the same way: an S by its Chinese and English names, a
percentage, a band, a date, a text of a template in the user's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from leantui.core.i18n import catalog, t

NOTHING = "—"
BAND_STYLES = {"excellent": "bold green", "good": "green", "fair": "yellow", "poor": "bold red"}
OVERDUE = "bold red"


def s_name(s: str) -> str:
    """ "整理 Sort": the Chinese name first, as 5S is taught, and the English one."""
    key = f"five_s.s_{s}"
    zh, en = catalog("zh_CN").get(key, s), catalog("en").get(key, s)
    return f"{zh} {en}"


def label(key: str) -> str:
    """A label to put before its value: "Answer: ", but "回答：" (a full-width colon
    carries its own space)."""
    text = t(key)
    return text if text.endswith("：") else text + " "


def percent(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.0f}%"


def band_label(band: str | None) -> str:
    return t(f"five_s.band_{band}") if band else NOTHING


def band_style(band: str | None) -> str:
    return BAND_STYLES.get(band or "", "")


def day(value: date | None) -> str:
    return value.isoformat() if value else NOTHING


def text_of(value: Any) -> str:
    """A template text (plain, or by language) in the user's language."""
    from leantui.core.five_s.templates import text_in

    return text_in(value)


def change(value: float | None) -> str:
    """ "▲ +4" / "▼ −3" / "= 0" against the previous audit; "—" without one."""
    if value is None:
        return NOTHING
    rounded = round(value)
    if rounded > 0:
        return f"▲ +{rounded}"
    if rounded < 0:
        return f"▼ −{-rounded}"
    return "= 0"


BLOCKS = "▁▂▃▄▅▆▇█"


def spark(values: list[float | None]) -> str:
    """A one-line sparkline of percentages, from the lowest of them to the highest (a gap
    for an audit with no score), so that a few points up or down show."""
    scored = [v for v in values if v is not None]
    if not scored:
        return ""
    low, high = min(scored), max(scored)
    top = len(BLOCKS) - 1
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        elif high - low < 0.5:
            out.append(BLOCKS[top // 2])
        else:
            out.append(BLOCKS[round((value - low) / (high - low) * top)])
    return "".join(out)
