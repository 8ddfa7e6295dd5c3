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
_BLOCK_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}{_INVISIBLE}]")


def has_control(value: str, multiline: bool = False) -> bool:
    """Whether `value` holds a character that must not be stored (a newline or tab only
    in one-line text)."""
    return bool((_BLOCK_CONTROL if multiline else CONTROL).search(value))


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
