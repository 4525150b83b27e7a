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

from tui.widgets.virtual_list import VirtualList

SECTIONS = (
    ("Everywhere", "tui.app:OpsDesk"),
    ("Desk", "tui.screens.desk:DeskScreen"),
    ("Lists", "tui.widgets.virtual_list:VirtualList"),
    ("Today", "tui.widgets.today_pane:TodayPane"),
    ("Timeline", "tui.widgets.timeline_pane:TimelinePane"),
    ("Risks", "tui.widgets.risks_pane:RisksPane"),
    ("Notes", "tui.widgets.notes_pane:NotesPane"),
)


def key_label(app, binding: Binding) -> str:
    """The key as the person has it, after config.toml's [keys] remapping."""
    keys = app._keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as frame:
            frame.border_title = "Keys"
            frame.border_subtitle = "Esc closes"
            yield Static(self.render_table(), id="help-table")

    def render_table(self) -> Table:
        import importlib

        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True, width=14)
        table.add_column("does")
        for heading, target in SECTIONS:
            module, name = target.split(":")
            cls = getattr(importlib.import_module(module), name)
            bindings = [b for b in cls.BINDINGS if isinstance(b, Binding) and b.description]
            if cls is VirtualList:
                bindings = [b for b in bindings if b.id]
            if not bindings:
                continue
            table.add_row(Text(heading, style="bold underline"), "")
            for binding in bindings:
                table.add_row(Text(key_label(self.app, binding)), Text(binding.description))
        table.add_row("", "")
        table.add_row(Text("Quick add", style="bold underline"), "")
        table.add_row("", Text("Call vendor @alice +warehouse #contract !high due:fri every:mon"))
        table.add_row("", Text('Remap keys in config.toml: [keys] record.done = "space"'))
        return table
