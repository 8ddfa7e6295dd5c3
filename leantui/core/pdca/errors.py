"""The PDCA module's errors that a screen answers with more than a message: a
confirmation (NoDoActions) or the phases a step needs (WrongPhase)."""

from __future__ import annotations

from leantui.core.errors import LeanError


def phase_label(phase: str) -> str:
    """ "C · Check" in the user's language."""
    from leantui.core.i18n import t
    from leantui.core.pdca.rules import PHASE_NAMES

    return f"{phase} · {t(f'pdca.phase_{PHASE_NAMES[phase]}')}"


class NoDoActions(LeanError):
    """Advancing to Check while no countermeasure is on a board: allowed, but only when
    the user confirms (`confirm=True`)."""

    def __init__(self, cycle_id: int) -> None:
        super().__init__("pdca.no_do_actions", id=cycle_id)
        self.cycle_id = cycle_id


class WrongPhase(LeanError):
    """A step the cycle's phase does not allow: `needed` are the phases that do."""

    def __init__(self, cycle_id: int, phase: str, needed: tuple[str, ...]) -> None:
        super().__init__("pdca.wrong_phase", id=cycle_id)
        self.cycle_id, self.phase, self.needed = cycle_id, phase, needed

    def message(self) -> str:
        from leantui.core.i18n import t

        return t(
            "pdca.wrong_phase",
            id=self.cycle_id,
            phase=phase_label(self.phase),
            needed=" / ".join(phase_label(p) for p in self.needed),
        )
