"""Checks on user input shared by every service: each failure names the field and
says what is expected, in the user's language."""

from __future__ import annotations

from datetime import date

from leantui.core.errors import ValidationError
from leantui.core.text import code_point, first_control, is_blank, trimmed

MAX_NAME = 80
MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_REASON = 500
# The largest whole number a field or record id may hold: a 32-bit INTEGER column (as on
# PostgreSQL). Anything bigger overflowed the database driver with a traceback.
MAX_COUNT = 2**31 - 1
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")


def text(
    value: str | None,
    field: str,
    *,
    required: bool = False,
    limit: int = MAX_TEXT,
    multiline: bool = False,
) -> str:
    """Text to store, trimmed (spaces and invisible characters at the ends). One-line
    text (names, titles, reasons) refuses line breaks, tabs and control characters;
    `multiline` text (a description) keeps line breaks and tabs. Anyone who can write to
    a shared database could otherwise put escape sequences on everyone's terminal
    (text.py). Text that shows nothing (only U+200B, say) is empty."""
    cleaned = (value or "").replace("\r\n", "\n") if multiline else (value or "")
    cleaned = trimmed(cleaned)
    if is_blank(cleaned):
        cleaned = ""
    if required and not cleaned:
        raise ValidationError("core.v_required", field=field)
    found = first_control(cleaned, multiline)
    if found is not None:
        position, char = found
        key = "core.v_line_break" if char in "\n\r" else "core.v_control"
        raise ValidationError(key, field=field, found=code_point(char), position=position + 1)
    if len(cleaned) > limit:
        raise ValidationError("core.v_too_long", field=field, limit=limit, length=len(cleaned))
    return cleaned


def reason(value: str | None) -> str:
    """A reason a rule asks for (going over a WIP limit, say): required, one short text."""
    return text(value, "reason", required=True, limit=MAX_REASON)


def optional_date(value: str | date | None, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    cleaned = value.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError("core.v_bad_date", field=field, value=cleaned) from None


def optional_count(value: str | int | None, field: str) -> int | None:
    """A non-negative whole number, or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        number = value
    else:
        cleaned = value.strip().translate(_FULL_WIDTH_DIGITS)
        number_or_none = record_id(cleaned.removeprefix("-"), limit=None)
        if number_or_none is None:
            raise ValidationError("core.v_not_number", field=field, value=value)
        number = -number_or_none if cleaned.startswith("-") else number_or_none
    if number < 0:
        raise ValidationError("core.v_negative", field=field, value=number)
    if number > MAX_COUNT:
        raise ValidationError("core.v_too_big", field=field, value=number, limit=MAX_COUNT)
    return number


def record_id(text: str, limit: int | None = MAX_COUNT) -> int | None:
    """`text` as a whole number written with the digits 0-9 (int() also takes "١٢", "1_0"
    and "+1", and str.isdigit() takes "²", which int() refuses), or None; None too when it
    is above `limit`, so that a huge id is simply not found. Full-width digits (a Chinese
    input method's "１２") count as 0-9."""
    text = text.translate(_FULL_WIDTH_DIGITS)
    if not text or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return None if limit is not None and number > limit else number


def choice(value: str, field: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValidationError(
            "core.v_bad_choice", field=field, value=value, choices=", ".join(choices)
        )
    return value


def tags(value: str | list[str] | None) -> str:
    """Tags as one comma-separated string, trimmed, de-duplicated, order kept; a tag is
    one-line text."""
    items = value if isinstance(value, list) else (value or "").replace("，", ",").split(",")
    seen: list[str] = []
    for item in items:
        tag = text(item, "tags", limit=MAX_NAME)
        if tag and tag not in seen:
            seen.append(tag)
    return ",".join(seen)
