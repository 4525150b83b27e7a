"""The one-line quick-add bar, with a live preview of what the line will create."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.widgets._toast import ToastRack

from store.errors import UserError
from store.quickadd import describe, parse_quickadd
from store.text import safe_text

HINT = "@owner +project #tag !high due:fri every:mon · Enter saves · Esc cancels"


class QuickAdd(Vertical):
    """A line of the screen kept for the bar, blank until opened; posts Submitted with the
    typed line, Closed on Escape.

    The line is always there, so opening or closing the bar resizes no pane (which would
    draw the whole screen again); the preview shows above it, over the panes.
    """

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="quickadd.cancel"),
    ]

    @dataclass
    class Submitted(Message):
        bar: QuickAdd
        text: str

    class Closed(Message):
        pass

    def __init__(self) -> None:
        super().__init__(id="quick-add")
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        yield Static(HINT, id="quick-add-preview")  # first: it lays over the lines above
        yield Input(placeholder="New action: " + HINT, id="quick-add-input")

    @property
    def is_open(self) -> bool:
        return self.query_one(Input).display

    def open(self, today: date | None = None) -> None:
        self.today = today
        self._show(True)
        field = self.query_one(Input)
        field.value = ""
        self._preview("")
        field.focus()

    def close(self) -> None:
        self._show(False)
        self.post_message(self.Closed())

    def _show(self, shown: bool) -> None:
        # Inline display here and a class on the notifications, not a class on the screen,
        # which would restyle every widget on it. Notifications move off the preview.
        for part in self.children:
            part.display = shown
        for rack in self.screen.query_children(ToastRack):
            rack.set_class(shown, "-over-quick-add")

    def action_cancel(self) -> None:
        self.close()

    def show_error(self, message: str) -> None:
        preview = self.query_one("#quick-add-preview", Static)
        preview.update(Text(safe_text(message)))
        preview.set_class(True, "-error")

    @on(Input.Changed, "#quick-add-input")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    @on(Input.Submitted, "#quick-add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(self, event.value))

    def _preview(self, line: str) -> None:
        preview = self.query_one("#quick-add-preview", Static)
        if not line.strip():
            preview.update(Text(HINT))
            preview.set_class(False, "-error")
            return
        try:
            text = "→ " + describe(parse_quickadd(line, today=self.today), today=self.today)
            preview.set_class(False, "-error")
        except UserError as error:
            text = f"✗ {error}"
            preview.set_class(True, "-error")
        preview.update(Text(safe_text(text)))
