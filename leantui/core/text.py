"""Text that reaches a terminal, and text that may be stored.

Anyone who can write to a shared database can put escape sequences in a card title;
printed raw they recolour, clear or retitle the terminal of everyone who reads it. So
input refuses control characters (validate.text), and every output path passes stored
text through `shown` / `shown_block`, which neutralise whatever older data may hold."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls and DEL; bidi embeddings, overrides and isolates (they reorder what
# follows them on screen); zero-width and other invisible format characters.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}{_INVISIBLE}]")
_RAW_IN_JSON = re.compile(f"[\\x7f-\\x9f{_BIDI}{_INVISIBLE}]")  # C0 json.dumps escapes
_BLOCK_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}{_INVISIBLE}]")


def has_control(value: str, multiline: bool = False) -> bool:
    """Whether `value` holds a character that must not be stored (a newline or tab only
    in one-line text)."""
    return bool((_BLOCK_CONTROL if multiline else CONTROL).search(value))


def first_control(value: str, multiline: bool = False) -> tuple[int, str] | None:
    """Where the first character that must not be stored is (0-based), and which."""
    found = (_BLOCK_CONTROL if multiline else CONTROL).search(value)
    return None if found is None else (found.start(), found.group())


def trimmed(value: str) -> str:
    """`value` without spaces and invisible characters at either end."""
    start, end = 0, len(value)
    while start < end and _edge(value[start]):
        start += 1
    while end > start and _edge(value[end - 1]):
        end -= 1
    return value[start:end]


def _edge(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE or unicodedata.category(char) == "Cf"


def code_point(char: str) -> str:
    """How a message names a character it refuses: U+001B ESC."""
    name = unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = (
            "NUL",
            "SOH",
            "STX",
            "ETX",
            "EOT",
            "ENQ",
            "ACK",
            "BEL",
            "BS",
            "TAB",
            "LF",
            "VT",
            "FF",
            "CR",
            "SO",
            "SI",
            "DLE",
            "DC1",
            "DC2",
            "DC3",
            "DC4",
            "NAK",
            "SYN",
            "ETB",
            "CAN",
            "EM",
            "SUB",
            "ESC",
            "FS",
            "GS",
            "RS",
            "US",
        )[ord(char)]
    elif not name and ord(char) == 0x7F:
        name = "DEL"
    return f"U+{ord(char):04X} {name}".rstrip()


def is_blank(value: str) -> bool:
    """Nothing visible: only spaces and invisible characters."""
    return all(c.isspace() or c in _INVISIBLE or unicodedata.category(c) == "Cf" for c in value)


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL …
    if code == 0x7F:
        return "\u2421"  # ␡
    return ""  # C1, bidi and invisible characters: dropped


def shown(value: str) -> str:
    """One line, safe to print: line breaks become spaces, other controls visible
    pictures (␛), bidi and invisible characters are dropped."""
    return CONTROL.sub(_picture, value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def shown_block(value: str) -> str:
    """Several lines, safe to print: line breaks and tabs stay."""
    return _BLOCK_CONTROL.sub(_picture, value.replace("\r\n", "\n"))


def json_safe(encoded: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False, which escapes C0 controls but
    leaves DEL, C1, bidi and invisible characters raw) with those escaped too: the same
    JSON value, safe to print."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
