"""The leantui application shell: navigation between modules, help, command palette, who
is acting, and the first-start screen. Modules plug in through `modules.py`; their
screens are built from the kit (leantui/tui/kit).

I/O rule: handlers call services synchronously when the call is a small indexed query
or a one-record write on the local database (well under a frame); anything that can take
longer (demo data, exports, whole-board reloads at scale) runs in a thread worker that
only posts its result back as a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal

from leantui import __version__
from leantui.core import actor
from leantui.core.config import Settings
from leantui.core.crashlog import write_crash_log
from leantui.core.errors import LeanError
from leantui.core.i18n import t
from leantui.core.kanban import view
from leantui.core.services import Database
from leantui.core.text import shown, shown_block
from leantui.tui import widechar
from leantui.tui.kit.dialogs import AskText
from leantui.tui.kit.help import HelpScreen
from leantui.tui.kit.palette import Palette
from leantui.tui.kit.screens import Context
from leantui.tui.memory import settle_garbage
from leantui.tui.modules import MODULES, navigation
from leantui.tui.welcome import WelcomeScreen

# Seconds after start-up before its leftovers are done, when the app is idle (the first
# screen's own reads and a screen opened at once over it come first): the quick capture
# form, the garbage.
IDLE_AFTER = 0.5


class LeanApp(App[None]):
    CSS_PATH = Path(__file__).parent / "leantui.tcss"  # also for subclasses elsewhere
    TITLE = "leantui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", t("app.key_help"), id="app.help"),
        # The footer shows the palette key on its right edge already.
        Binding(
            "ctrl+p",
            "command_palette",
            t("app.key_palette"),
            id="app.palette",
            priority=True,
            show=False,
        ),
        Binding("ctrl+q", "quit", t("app.key_quit"), id="app.quit", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        # Quick capture of a kaizen idea, over whatever is on screen (kaizen/capture.py).
        Binding(
            "ctrl+k",
            "kaizen_capture",
            t("kaizen.key_capture"),
            id="app.kaizen_capture",
            priority=True,
            show=False,
        ),
        *(
            Binding(m.key, f"switch_mode('{m.id}')", m.title, id=f"app.open_{m.id}")
            for m in navigation()
        ),
    ]

    def __init__(
        self, settings: Settings, database: Database, start: str = "", team_id: int | None = None
    ) -> None:
        """`start`: the id of the module to open first (default: the first one);
        `team_id`: the team it opens on (`leantui standup --team`)."""
        super().__init__()
        # Double-width characters in toasts and dialogs over the board (widechar.py).
        widechar.install()
        self.settings = settings
        self.db = database
        self.ctx = Context(database, settings, team_id)
        self.start_module = start if start in {m.id for m in MODULES} else MODULES[0].id
        self.sub_title = __version__
        self.actor_changed: Signal[str] = Signal(self, "actor-changed")
        self.keymap_warnings: list[str] = []
        if settings.user:
            actor.set_actor(settings.user)
        for entry in navigation():
            self.add_mode(entry.id, partial(entry.screen, self.ctx))
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def on_mount(self) -> None:
        try:
            self.theme = self.settings.theme
        except Exception:  # an unknown theme name in the config: keep the default
            self.notify(t("app.unknown_theme", theme=self.settings.theme), severity="warning")
        self.switch_mode(self.start_module)
        self.set_timer(IDLE_AFTER, self.settle)
        if self.settings.keymap:
            self.call_after_refresh(self.check_keymap)
        if not view.any_board(self.db):
            self.push_screen(WelcomeScreen(), self.on_welcome)

    def _handle_exception(self, error: Exception) -> None:
        # No traceback reaches a user: Textual would print one on exit. Keep its exit
        # handling (and Pilot's re-raise in tests), but show two lines and a log file.
        super()._handle_exception(error)
        log = write_crash_log(error)
        self._exit_renderables[:] = [t("app.crashed", log=log or "—")]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Toasts show text, never markup (whatever `markup` says), and stored text in
        them (a card title) never reaches the terminal as an escape sequence."""
        super().notify(
            shown_block(message),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def check_keymap(self) -> None:
        """Say which [keymap] entries name no binding, or take a key another binding of
        the same screen uses (after the first frame: it imports every screen)."""
        from leantui.tui.kit.keys import keymap_problems
        from leantui.tui.modules import screen_classes

        path = self.settings.config_path or "config.toml"
        for key, args in keymap_problems(self.settings.keymap, type(self), screen_classes()):
            message = t(key, path=path, **args)
            self.keymap_warnings.append(message)
            self.notify(message, severity="warning", timeout=20)

    # --- first start -------------------------------------------------------------

    def on_welcome(self, choice: str | None) -> None:
        if choice == "demo":
            self.load_demo()
        elif choice == "board":
            self.ask_first_board()
        else:
            self.exit()

    def ask_first_board(self) -> None:
        from leantui.core.kanban import boards

        def create(name: str) -> None:
            boards.create_board(self.db, name)

        def done(name: str | None) -> None:
            if name is None:
                self.push_screen(WelcomeScreen(), self.on_welcome)
            else:
                self.refresh_data()

        self.push_screen(AskText(t("app.first_board_title"), t("fields.name"), check=create), done)

    @work(thread=True, exclusive=True, group="demo")
    def load_demo(self) -> None:
        from leantui.core.demo import load_demo

        self.call_from_thread(self.notify, t("app.demo_loading"))
        try:
            load_demo(self.db)
        except LeanError as exc:
            self.call_from_thread(self.notify, exc.message(), severity="error")
            return
        self.call_from_thread(self.refresh_data)
        self.call_from_thread(self.notify, t("app.demo_loaded"))

    def refresh_data(self) -> None:
        """Ask every screen to re-read the database (after a change made elsewhere)."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "reload", None)
            if callable(refresh):
                refresh()

    # --- who is acting --------------------------------------------------------------

    def action_switch_user(self) -> None:
        """Someone else takes over this terminal: their name goes into the history."""

        def check(name: str) -> None:
            actor.clean(name)

        def done(name: str | None) -> None:
            if name is not None:
                actor.set_actor(actor.clean(name))
                self.actor_changed.publish(actor.current_actor())
                self.notify(t("app.user_switched", user=actor.current_actor()))

        title = t("app.switch_user_title")
        self.push_screen(AskText(title, t("fields.user"), actor.current_actor(), check), done)

    # --- keys, help and palette ---------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen | CommandPalette):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if not isinstance(self.screen, CommandPalette):
            self.push_screen(
                Palette(placeholder=t("app.palette_placeholder"), id="--command-palette")
            )

    def action_help_quit(self) -> None:
        self.notify(t("app.ctrl_c_hint"))

    def action_kaizen_capture(self) -> None:
        from leantui.tui.kaizen.capture import open_capture

        if isinstance(self.screen, HelpScreen):  # `?` lists it: the key works from there too
            self.pop_screen()
        open_capture(self, self.ctx)

    def busy(self) -> bool:
        """A worker runs, or the screen waits for what it shows (its `reading`)."""
        stack = self.screen_stack  # (empty while the app closes)
        reading = bool(stack) and getattr(stack[-1], "reading", False) is True
        return reading or any(worker.is_running for worker in self.workers)

    async def settle(self, drawn: bool = False) -> None:
        """Once the app is idle and the screen has drawn what it took in last (else a
        little later): in a terminal, build the capture form; then collect the
        start-up's garbage once, freezing the form with the rest of what survives
        (memory.py)."""
        if not self.screen_stack:
            return  # closing
        if self.busy():
            self.set_timer(IDLE_AFTER / 4, self.settle)
            return
        if not drawn:
            # A collection landing between a screen's data and its frame held that frame
            # back by 100-150 ms. (Back to the app's own task: after-refresh callbacks
            # run in the screen's, and this one takes a while.)
            self.call_after_refresh(self.call_later, self.settle, True)
            return
        if not self.is_headless:  # (tests press their keys at once, on forms of their own)
            await self.prepare_capture()
        settle_garbage()

    async def prepare_capture(self) -> None:
        """Build the capture form while the app is idle, with nothing open over the
        module's screen (else a little later)."""
        if not self.screen_stack:
            return  # closing
        if len(self.screen_stack) > 1 or self.busy():
            self.set_timer(IDLE_AFTER / 4, self.prepare_capture)
            return
        from leantui.tui.kaizen.capture import prepare

        await prepare(self, self.ctx)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "kaizen_capture":
            # Not over the capture form itself, the first-start choice or the palette.
            screen = self.screen
            busy = isinstance(screen, CommandPalette | WelcomeScreen)
            return not busy and not getattr(screen, "blocks_capture", False)
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for entry in navigation():
            yield SystemCommand(
                entry.title,
                t("app.cmd_open_module", module=entry.title),
                partial(self.switch_mode, entry.id),
            )
        yield SystemCommand(t("app.cmd_keys"), t("app.cmd_keys_help"), self.action_help)
        if not isinstance(screen, WelcomeScreen) and not getattr(screen, "blocks_capture", False):
            yield SystemCommand(
                t("kaizen.cmd_capture"), t("kaizen.cmd_capture_help"), self.action_kaizen_capture
            )
        user = escape(shown(actor.current_actor()) or "—")
        yield SystemCommand(
            t("app.cmd_user"), t("app.cmd_user_help", user=user), self.action_switch_user
        )
        yield SystemCommand(t("app.cmd_theme"), t("app.cmd_theme_help"), self.action_change_theme)
        yield SystemCommand(t("app.cmd_quit"), t("app.cmd_quit_help"), self.exit)


def run_tui(
    settings: Settings, database: Database, start: str = "", team_id: int | None = None
) -> int:
    """Run the app (on module `start`, for `team_id`); its exit status (non-zero when it
    stopped on an unexpected error)."""
    app = LeanApp(settings, database, start, team_id)
    app.run()
    return app.return_code or 0
