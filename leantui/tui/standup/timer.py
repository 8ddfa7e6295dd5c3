"""The stand-up's clock, always on screen: minutes and seconds since the stand-up began,
in big digits, against its time box ([standup] minutes). It turns to the warning colour
in the last minute and to the error colour once over, so the team sees it from across
the room. Time comes from `now` (clock.now unless a test drives it): no sleeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Digits, Static

from leantui.core import clock
from leantui.core.i18n import t

TICK_SECONDS = 1.0


def mm_ss(seconds: int) -> str:
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


class StandupTimer(Horizontal):
    """Elapsed time against the time box; classes `-near` (last minute) and `-over`.
    Made before its stand-up begins (the walk screen is built ahead), it stands still
    until `start`."""

    def __init__(
        self,
        started_at: datetime | None,
        minutes: int,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        super().__init__(id="standup-timer")
        self.started_at = started_at
        self.minutes = minutes
        self.now = now

    def compose(self) -> ComposeResult:
        yield Digits(mm_ss(self.elapsed), id="timer-digits")
        yield Static(t("standup_tui.timer_box", minutes=self.minutes), id="timer-box")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def start(self, started_at: datetime, minutes: int) -> None:
        if minutes != self.minutes:
            self.minutes = minutes
            self.query_one("#timer-box", Static).update(t("standup_tui.timer_box", minutes=minutes))
        self.started_at = started_at
        self.tick()

    @property
    def elapsed(self) -> int:
        if self.started_at is None:
            return 0
        return int((self.now() - self.started_at).total_seconds())

    @property
    def over(self) -> bool:
        return self.elapsed > self.minutes * 60

    def tick(self) -> None:
        elapsed = self.elapsed
        self.query_one("#timer-digits", Digits).update(mm_ss(elapsed))
        limit = self.minutes * 60
        self.set_class(elapsed > limit, "-over")
        self.set_class(limit - 60 < elapsed <= limit, "-near")
