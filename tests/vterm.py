"""A tiny terminal: enough of xterm to replay what Textual writes (cursor moves and text;
colours ignored), so a test can see the screen a user would see after partial updates.
A double-width character takes two cells; writing over either half erases it, as a real
terminal does."""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

_RIGHT_HALF = "\0"  # the second cell of a double-width character
_TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b[^\[]|([^\x1b])", re.S)


class VTerm:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def _erase_at(self, x: int) -> None:
        row = self.cells[self.y]
        if row[x] == _RIGHT_HALF and x > 0:
            row[x - 1] = " "
        if x + 1 < self.width and row[x + 1] == _RIGHT_HALF:
            row[x + 1] = " "

    def feed(self, data: str) -> None:
        for match in _TOKEN.finditer(data):
            params, command, char = match.group(1), match.group(2), match.group(3)
            if command == "H":
                parts = (params or "1;1").split(";")
                self.y = int(parts[0]) - 1
                self.x = int(parts[1] if len(parts) > 1 else 1) - 1
            elif char is not None:
                if char == "\n":
                    self.y, self.x = self.y + 1, 0
                    continue
                if char == "\r":
                    self.x = 0
                    continue
                width = get_character_cell_size(char)
                if width == 0 or self.y >= self.height or self.x >= self.width:
                    continue
                self._erase_at(self.x)
                row = self.cells[self.y]
                row[self.x] = char
                if width == 2 and self.x + 1 < self.width:
                    if self.x + 2 < self.width and row[self.x + 2] == _RIGHT_HALF:
                        row[self.x + 2] = " "
                    row[self.x + 1] = _RIGHT_HALF
                self.x += width

    def lines(self) -> list[str]:
        return ["".join(c for c in row if c != _RIGHT_HALF) for row in self.cells]

    def region(self, x: int, y: int, width: int, height: int) -> list[str]:
        """The text of a rectangle of cells, line by line."""
        return [
            "".join(c for c in row[x : x + width] if c != _RIGHT_HALF)
            for row in self.cells[y : y + height]
        ]
