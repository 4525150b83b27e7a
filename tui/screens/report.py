"""The status report screen (`r`): a preview of the weekly report, with keys to choose the
week, the project and the format, copy it to the clipboard (OSC 52, which reaches the PM's
own machine over SSH and through tmux) or save it to a file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from store.errors import UserError
from store.report import week_of
from store.report_format import FORMATS, desk_report, write_report
from tui.screen_styles import add_screen_styles

if TYPE_CHECKING:
    from store.repository import Desk

SUFFIX = {"markdown": "md", "text": "txt", "html": "html"}


class ReportScreen(Screen[None]):
    BINDINGS: ClassVar = [
        Binding("escape", "close", "Close", id="report.close"),
        Binding("y", "copy", "Copy", id="report.copy"),
        Binding("s", "save", "Save", id="report.save"),
        Binding("left_square_bracket", "week(-1)", "Week before", id="report.previous"),
        Binding("right_square_bracket", "week(1)", "Week after", id="report.next"),
        Binding("p", "project", "Project", id="report.project"),
        Binding("f", "format", "Format", id="report.format"),
        Binding("j", "scroll(1)", "Down", show=False, id="report.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="report.up"),
    ]
    DEFAULT_CSS = """
    ReportScreen #report-title { height: 1; padding: 0 1; background: $boost; }
    ReportScreen #report-preview { padding: 0 1; width: auto; }
    ReportScreen #report-path { height: 1; border: none; padding: 0 1; display: none; }
    ReportScreen #report-path.-open { display: block; }
    """

    def __init__(self, desk: Desk, today: date, project: str = "") -> None:
        super().__init__()
        add_screen_styles(self.app)  # its rules are in tui/screens.tcss
        self.desk = desk
        self.today = today
        self.since, self.until = week_of(today)
        self.format = "markdown"
        self.projects = [p.name for p in desk.projects.active()]
        self.project = project if project in self.projects else ""
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        with ScrollableContainer(id="report-scroll"):
            yield Static(id="report-preview")
        # Mounted from the start, so keys typed right after `s` land in it.
        yield Input(id="report-path", placeholder="save to file (Enter saves, Esc cancels)")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_report()
        self.query_one("#report-scroll").focus()

    def refresh_report(self) -> None:
        names = [self.project] if self.project else []
        try:
            self.text = desk_report(
                self.desk, self.since, self.until, self.today, names, self.format
            )
        except UserError as error:
            self.text = ""
            self.notify(str(error), severity="error")
        which = f"+{self.project}" if self.project else "all active projects"
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append("Status report", style="bold")
        title.append(f"  {self.since:%a %d %b} – {self.until:%a %d %b %Y} · {which} · ")
        title.append(self.format)
        self.query_one("#report-title", Static).update(title)
        # Not wrapped: a table row stays one line; wide ones scroll sideways (left/right).
        self.query_one("#report-preview", Static).update(Text(self.text, no_wrap=True))

    def action_week(self, step: int) -> None:
        """The week before or after; the current week ends today, not on Sunday."""
        monday = self.since + timedelta(weeks=step)
        this_monday = week_of(self.today)[0]
        if monday > this_monday:
            return
        self.since = monday
        self.until = self.today if monday == this_monday else monday + timedelta(days=6)
        self.refresh_report()

    def action_project(self) -> None:
        choices = ["", *self.projects]
        self.project = choices[(choices.index(self.project) + 1) % len(choices)]
        self.refresh_report()

    def action_format(self) -> None:
        self.format = FORMATS[(FORMATS.index(self.format) + 1) % len(FORMATS)]
        self.refresh_report()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#report-scroll", ScrollableContainer)
        scroll.scroll_relative(y=lines, animate=False)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        lines = self.text.count("\n")
        self.notify(f"Report copied ({lines} lines, {self.format}): paste it into your mail.")

    def default_path(self) -> Path:
        folder = self.desk.db.path.parent if self.desk.db.path else Path.cwd()
        name = f"status-{self.project or 'all'}-{self.until.isoformat()}.{SUFFIX[self.format]}"
        return folder / name

    def action_save(self) -> None:
        box = self.query_one("#report-path", Input)
        box.value = str(self.default_path())
        box.add_class("-open")
        box.focus()

    @on(Input.Submitted, "#report-path")
    def _save(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        try:
            write_report(path, self.text)
        except UserError as error:
            self.notify(str(error), severity="error", title="Not saved")
            return  # the path stays typed, to be fixed
        event.input.remove_class("-open")
        self.query_one("#report-scroll").focus()
        self.notify(f"Report saved to {path}", timeout=4)

    def action_close(self) -> None:
        box = self.query_one("#report-path", Input)
        if box.has_class("-open"):
            box.remove_class("-open")
            self.query_one("#report-scroll").focus()
            return
        self.dismiss()
