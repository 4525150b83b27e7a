"""The help screen, generated from the bindings so it always matches the keys in use."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.text import safe_text
from tui.key_names import key_label, key_of
from tui.screen_styles import add_screen_styles

# Every class with bindings, by the name a person knows it by. Named by string so the help
# screen imports no screen at import time (no cycles); tests check none is left out.
SECTIONS = (
    ("Everywhere", "tui.app:OpsDesk"),
    ("Desk", "tui.screens.desk:DeskScreen"),
    ("Lists", "tui.widgets.virtual_list:VirtualList"),
    ("Filter line", "tui.widgets.pane:Pane"),
    ("Today", "tui.widgets.today_pane:TodayPane"),
    ("Quick add", "tui.widgets.quick_add:QuickAdd"),
    ("Timeline", "tui.widgets.timeline_pane:TimelinePane"),
    ("Risks", "tui.widgets.risks_pane:RisksPane"),
    ("Heat map", "tui.widgets.heatmap:HeatMap"),
    ("Notes", "tui.widgets.notes_pane:NotesPane"),
    ("Projects", "tui.widgets.projects_pane:ProjectsPane"),
    ("Project page", "tui.screens.project_page:ProjectPage"),
    ("Closing a project", "tui.screens.close_project:CloseProject"),
    ("Note reader", "tui.screens.note_view:NoteView"),
    ("Note editor", "tui.screens.note_editor:NoteEditor"),
    ("Decision log", "tui.screens.decisions:DecisionLog"),
    ("Status report", "tui.screens.report:ReportScreen"),
    ("People", "tui.screens.people:PeopleScreen"),
    ("Search", "tui.screens.search:SearchScreen"),
    ("Record detail", "tui.screens.detail:RecordDetail"),
    ("Edit form", "tui.screens.form:RecordForm"),
    ("Import invitations", "tui.screens.import_invites:ImportInvites"),
    ("Unsaved note offer", "tui.screens.draft_offer:RecoverDraft"),
    ("Note changed elsewhere", "tui.screens.stale_note:StaleNoteChoice"),
    ("Questions", "tui.screens.confirm:Confirm"),
    ("One-line questions", "tui.screens.prompt:Prompt"),
    ("This help", "tui.screens.help:HelpScreen"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        add_screen_styles(self.app)  # its rules are in tui/screens.tcss

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as frame:
            frame.border_title = "Keys"
            frame.border_subtitle = f"{key_of(self, 'help.close')} closes"
            yield Static(self.render_table(), id="help-table")

    def render_table(self) -> Table:
        import importlib

        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True, width=14)
        table.add_column("does", ratio=1)
        table.add_column("id (for [keys] in config.toml)", style="dim", no_wrap=True)
        for heading, target in SECTIONS:
            module, name = target.split(":")
            cls = getattr(importlib.import_module(module), name)
            bindings = [
                b
                for b in cls.__dict__.get("BINDINGS", [])
                if isinstance(b, Binding) and b.description and b.id
            ]
            if not bindings:
                continue
            table.add_row(Text(heading, style="bold underline"), "", "")
            for binding in bindings:
                table.add_row(
                    Text(safe_text(key_label(self.app, binding))),
                    Text(safe_text(binding.description)),
                    Text(binding.id or ""),
                )
        table.add_row("", "", "")
        table.add_row(Text("Capture", style="bold underline"), "", "")
        table.add_row("", Text("Call vendor @alice +warehouse #contract !high due:fri every:mon"))
        table.add_row("", Text("due:dec 5 · due:fri 14:00 · due:14:00 · due:+3d · due:yesterday"))
        table.add_row("", Text('Remap keys in config.toml: [keys] "record.done" = "space"'))
        return table
