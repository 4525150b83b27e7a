"""The opsdesk Textual app: bindings, themes, key remapping, and the desk screen."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store.config import config_dir, load_config, save_setting
from store.errors import UserError
from store.repository import Desk
from themes import APP_VARIABLE_DEFAULTS, DEFAULT_THEME, load_themes
from tui.screens.desk import DeskScreen


class OpsDesk(App):
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
        clock: Callable[[], date] = date.today,
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

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        themes, problems = load_themes(self.theme_dir)
        for theme in themes:
            self.register_theme(theme)
        for problem in problems:
            self.notify(problem, severity="warning", title="Theme not loaded", timeout=8)
        wanted = str(self.config.get("theme", DEFAULT_THEME))
        if wanted not in self.available_themes:
            self.notify(f"Unknown theme {wanted!r}; using {DEFAULT_THEME}.", severity="warning")
            wanted = DEFAULT_THEME
        self.theme = wanted
        self._theme_ready = True
        keys = self.config.get("keys", {})
        if isinstance(keys, dict) and keys:
            self.set_keymap({str(k): str(v) for k, v in keys.items()})
        try:
            self._loop_signal(signal.SIGHUP)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not on this platform or not in the main thread (tests)
        self.push_screen(DeskScreen(self.desk))

    def _loop_signal(self, signum: int) -> None:
        """A dropped SSH connection (SIGHUP) ends the app cleanly instead of mid-flight."""
        import asyncio

        asyncio.get_running_loop().add_signal_handler(signum, self.exit)

    def watch_theme(self, theme: str) -> None:
        if self._theme_ready and self.remember_theme and not self.demo:
            try:
                save_setting("theme", theme)
            except (OSError, UserError) as error:
                self.notify(f"Theme not remembered: {error}", severity="warning")

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
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
            "Decision log", "Every decision from meeting notes", desk_screen.show_decisions
        )
        yield SystemCommand("Reload data file", "Read the data file again", desk_screen.load)
        for number, name in enumerate(("today", "timeline", "risks", "notes"), 1):
            yield SystemCommand(
                f"Go to {name.capitalize()}",
                f"Focus pane {number}",
                lambda name=name: desk_screen.focus_pane(name),
            )


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
