"""Rows of the shared tables, as plain dataclasses (no ORM objects leave a service)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    area_id: int | None


@dataclass(frozen=True)
class AreaRow:
    id: int
    name: str
    archived: bool
