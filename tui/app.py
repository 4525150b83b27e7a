"""The opsdesk Textual app: bindings, themes, key remapping, and the desk screen."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from store.config import config_dir, load_config, save_setting
from store.dates import today as current_day
from store.errors import UserError
from store.repository import Desk
from store.text import safe_text
from themes import (
    APP_VARIABLE_DEFAULTS,
    DEFAULT_THEME,
    FEW_COLOURS_THEME,
    has_few_colours,
    load_themes,
)
from tui.keys import KeysInOrder
from tui.screens.desk import DeskScreen
from tui.text import ControlFilter
from tui.widgets.quick_add import QuickAdd

CONTROL_FILTER = ControlFilter()
HANGUP_GRACE = 5.0  # seconds a hang-up leaves for shutdown before the process just ends


class OpsDesk(KeysInOrder):
    CSS_PATH = ["app.tcss"]
    TITLE = "opsdesk"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(
        self,
        desk: Desk,
        *,
        config: dict[str, Any] | None = None,
        clock: Callable[[], date] = current_day,
        theme_dir: Path | None = None,
        remember_theme: bool = True,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.config = config if config is not None else {}
        self.today = clock
        self.theme_dir = theme_dir
        self.remember_theme = remember_theme
        self.demo = demo
        self._theme_ready = False
        # The theme is set before the stylesheet is first parsed (at start-up, when the
        # app runs): set in on_mount it made Textual parse every rule twice more.
        themes, self._theme_problems = load_themes(theme_dir)
        for theme in themes:
            self.register_theme(theme)
        fallback = FEW_COLOURS_THEME if has_few_colours(os.environ) else DEFAULT_THEME
        wanted = str(self.config.get("theme", fallback))
        if wanted not in self.available_themes:
            self._theme_problems.append(f"Unknown theme {wanted!r}; using {DEFAULT_THEME}.")
            wanted = DEFAULT_THEME
        self.theme = wanted
        # Textual made the stylesheet with the default theme's variables and, for a theme set
        # now, parses every rule a second time once the app runs (refresh_css, queued by the
        # theme's watcher). Given this theme's variables now, the first parse is right and
        # that second one has nothing to change (see refresh_css).
        self._start_variables: dict[str, str] | None = self.get_css_variables()
        self.stylesheet.set_variables(self._start_variables)

    def refresh_css(self, animate: bool = True) -> None:
        start, self._start_variables = self._start_variables, None
        if start is not None and start == self.get_css_variables():
            return
        super().refresh_css(animate)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications are plain text: they quote record titles, file names and errors,
        which are data and must never act as markup (a title like `[@click=app.quit]`) nor
        send control characters to the terminal."""
        super().notify(
            safe_text(message, lines=True),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
        for bar in self.screen.query(QuickAdd) if self.screen_stack else ():
            bar.place_notifications(toast_coming=True)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Behind every widget's own care: no control character in drawn text is ever sent.
        return [*super().get_line_filters(), CONTROL_FILTER]

    def post_display_hook(self) -> None:
        screen = self.screen
        # Textual calls this after every display, also one inside a batch of updates that
        # wrote nothing (the desk's very first one): that is no frame shown yet.
        if not isinstance(screen, DeskScreen) or self._batch_count:
            return
        if not screen.started:
            screen.frame_shown()  # the first frame is out: now the panes it left out
        elif not gc.isenabled():
            # The CLI starts the TUI with the cyclic collector off (see tui.cli.main). Once
            # the whole desk is drawn, what start-up made (a large file's records and rows)
            # stays for the session: freeze it out of collection, so a full one stays short.
            gc.freeze()
            gc.enable()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        for problem in self._theme_problems:
            self.notify(problem, severity="warning", title="Theme not loaded", timeout=8)
        self._theme_ready = True
        keys = self.config.get("keys", {})
        if keys:
            from tui.keymap_check import keymap_problems

            for problem in keymap_problems(keys):  # never drop a key unannounced
                self.notify(problem, severity="warning", title="config.toml", timeout=12)
        if isinstance(keys, dict) and keys:
            self.set_keymap({str(k): str(v) for k, v in keys.items()})
        try:
            self._handle_hangup()
        except (AttributeError, ValueError):
            pass  # no SIGHUP on this platform, or not in the main thread
        # A stored change that could not finish everything (the calendar export, today's
        # backup) is a warning: the change itself stays stored and shown.
        self.desk.on_warning(self._warned)

    def get_default_screen(self) -> Screen:
        # The desk is the first screen, not pushed over a blank one: it is then drawn once
        # the app has started, not first inside Textual's start-up batch, which shows nothing.
        return DeskScreen(self.desk)

    def _warned(self, text: str) -> None:
        self.notify(text, severity="warning", title="Warning", timeout=8)

    def _handle_hangup(self) -> None:
        """SIGHUP (the SSH connection dropped, or `kill -HUP`) ends the app cleanly.

        Once the terminal has hung up, every write to it fails: Textual's output thread dies
        on the first one and the next writes block for ever, and its SIGCONT handler (the
        kernel sends SIGCONT with the hang-up) would start drawing again. So after a SIGHUP
        output goes to /dev/null as soon as the terminal is gone, SIGCONT redraws nothing,
        and the app shuts down as usual (an open note editor keeps its draft). A timer ends
        the process if shutdown stalls all the same.
        """
        import asyncio
        import os
        import termios
        import threading
        import time

        loop = asyncio.get_running_loop()
        terminal = [fd for fd in (0, 1, 2) if os.isatty(fd)]
        redraw = signal.getsignal(signal.SIGCONT)
        hangups: list[int] = []

        def hung_up() -> bool:
            try:
                for fd in terminal:
                    termios.tcgetattr(fd)
            except termios.error:
                return True
            return False

        def silence_when_gone() -> None:
            # The terminal may close a moment after the signal (sshd, tmux): keep watching.
            while not hung_up():
                time.sleep(0.02)
            null = os.open(os.devnull, os.O_RDWR)
            for fd in terminal:
                os.dup2(null, fd)
            os.close(null)

        def on_hangup(signum: int, frame: object) -> None:
            if hangups:
                return
            hangups.append(signum)
            if hung_up():
                silence_when_gone()
            else:
                threading.Thread(target=silence_when_gone, daemon=True).start()
            backstop = threading.Timer(HANGUP_GRACE, os._exit, (128 + signum,))
            backstop.daemon = True
            backstop.start()
            loop.call_soon_threadsafe(self.exit)

        def on_continue(signum: int, frame: object) -> None:
            if callable(redraw) and not hangups and not hung_up():
                redraw(signum, frame)

        signal.signal(signal.SIGHUP, on_hangup)
        signal.signal(signal.SIGCONT, on_continue)

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and self.remember_theme and not self.demo:
            try:
                save_setting("theme", theme)
            except (OSError, UserError) as error:
                self.notify(f"Theme not remembered: {error}", severity="warning")

    def save_screenshot_here(self) -> None:
        folder = screenshot_folder(self.desk.db.path)
        try:
            saved = self.save_screenshot(path=str(folder))
        except OSError as error:
            self.notify(f"Screenshot not saved in {folder}: {error}", severity="error")
            return
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", timeout=6)

    def open_note(
        self,
        note_id: int | None,
        *,
        read_only: bool = False,
        external: bool = False,
        on_saved: Callable[[Any], None] | None = None,
    ) -> None:
        """Open a meeting note (None: a new one) over the desk: the way screens other than
        the desk reach the note reader and editor without importing them."""
        from tui.note_flow import open_note

        desk_screen = next((s for s in self.screen_stack if isinstance(s, DeskScreen)), None)
        if desk_screen is not None:
            open_note(desk_screen, note_id, read_only, external, on_saved)

    def open_project(self, project_id: int) -> None:
        """A project's page over the desk: how the Projects pane (and any screen) opens it
        without importing the page."""
        from tui.screens.project_page import ProjectPage

        try:
            page = ProjectPage(self.desk, project_id)
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(page)

    def _project_command(self, screen: Screen, verb: str) -> None:
        """Close or reopen the project in view on `screen` (a project's page, the row in
        Projects), else the one named in a prompt."""
        from tui.screens.desk_records import DeskRecords
        from tui.screens.project_prompts import ask_project

        if not isinstance(screen, DeskRecords):  # a modal: the desk under it
            screen = next(s for s in self.screen_stack if isinstance(s, DeskScreen))
        ask_project(screen, verb)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":  # Textual's saves to ~/Downloads
                yield command
        yield SystemCommand(
            "Save screenshot",
            "Save an SVG picture of the screen in the current folder",
            self.save_screenshot_here,
        )
        desk_screen = next((s for s in self.screen_stack if isinstance(s, DeskScreen)), None)
        if desk_screen is None:
            return
        yield SystemCommand(
            "Add action",
            "Quick-add an action (a in Today)",
            lambda: (desk_screen.focus_pane("today"), desk_screen.action_add()),
        )
        yield SystemCommand(
            "Add milestone",
            "A new milestone on the timeline",
            lambda: desk_screen.open_form("milestone", None),
        )
        yield SystemCommand(
            "Add risk", "A new risk in the register", lambda: desk_screen.open_form("risk", None)
        )
        yield SystemCommand(
            "New meeting note", "Capture a meeting note (n)", desk_screen.action_new_note
        )
        yield SystemCommand("Undo", "Undo the last change (u)", desk_screen.action_undo)
        yield SystemCommand(
            "Export calendar", "Write milestones to an .ics file", desk_screen.export_calendar
        )
        yield SystemCommand(
            "Import invitations",
            "Meeting notes from an .ics file (invites from Outlook, Google...)",
            desk_screen.import_invites,
        )
        yield SystemCommand(
            "Decision log", "Every decision from meeting notes", desk_screen.show_decisions
        )
        yield SystemCommand(
            "Status report",
            "This week's report: preview, copy, save (r)",
            desk_screen.action_report,
        )
        yield SystemCommand(
            "Search everything",
            "Any record, note bodies and the archive (s)",
            desk_screen.action_search,
        )
        yield SystemCommand(
            "People", "Who owes what, since when; copy a nudge (o)", desk_screen.action_people
        )
        yield SystemCommand(
            "Close project",
            "The closing checklist, then the archive (C in Projects and on a project's page)",
            lambda: self._project_command(screen, "close"),
        )
        yield SystemCommand(
            "Reopen project",
            "A closed project and its records back from the archive (R in Projects)",
            lambda: self._project_command(screen, "reopen"),
        )
        yield SystemCommand("Reload data file", "Read the data file again", desk_screen.load)
        for number, name in enumerate(("today", "timeline", "risks", "notes", "projects"), 1):
            yield SystemCommand(
                f"Go to {name.capitalize()}",
                f"Focus pane {number}",
                lambda name=name: desk_screen.focus_pane(name),
            )


def screenshot_folder(data_file: Path | None) -> Path:
    """Where a screenshot goes: the current folder, else the data file's, else home.

    Textual's default, ~/Downloads, rarely exists on a server reached over SSH.
    """
    candidates = []
    try:
        candidates.append(Path.cwd())
    except OSError:  # the folder the shell was in was removed
        pass
    if data_file is not None:
        candidates.append(Path(data_file).parent)
    candidates.append(Path.home())
    for folder in candidates:
        if folder.is_dir() and os.access(folder, os.W_OK):
            return folder
    return candidates[-1]


def make_app(path: Path | str | None, **options: Any) -> OpsDesk:
    """An app over the data file at `path` (None: in memory), with auto-export wired up."""
    from store.config import attach_autoexport
    from store.storage import Database

    config = options.pop("config", None)
    if config is None:
        config = load_config()
    desk = Desk(Database(path))
    if not options.get("demo"):  # sample data never reaches the person's real calendar
        attach_autoexport(desk, config)
    options.setdefault("theme_dir", config_dir() / "themes")
    return OpsDesk(desk, config=config, **options)


def run(path: Path, *, mouse: bool = True, demo: bool = False) -> int:
    app = make_app(path, demo=demo)
    app.run(mouse=mouse)
    return app.return_code or 0
