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

    def __init__(self, lazy: bool = False) -> None:
        super().__init__(id="quick-add")
        self.today: date | None = None
        self._said = (HINT, False)  # what the preview shows
        # A lazy bar is its blank line until build(): the desk's first frame styles neither
        # the preview nor the input, which are hidden until the bar opens.
        self.built = self._composes_parts = not lazy

    def compose(self) -> ComposeResult:
        # Not by `built`: build() may run before this (a key as the desk starts), and mount
        # the parts itself.
        if self._composes_parts:
            yield from self.parts()

    def parts(self) -> ComposeResult:
        from tui.widgets.inputs import BarInput

        yield Static(HINT, id="quick-add-preview")  # first: it lays over the lines above
        yield BarInput(placeholder="New action: " + HINT, id="quick-add-input")

    def build(self) -> None:
        """Mount a lazy bar's preview and input; they can be queried once this returns."""
        if not self.built:
            self.built = True
            self.mount_all(list(self.parts()))

    @property
    def is_open(self) -> bool:
        return self.built and self.query_one(Input).display

    def open(self, today: date | None = None) -> None:
        self.build()
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
        # which would restyle every widget on it.
        for part in self.children:
            part.display = shown
        self.place_notifications()

    def place_notifications(self, toast_coming: bool = False) -> None:
        """Notifications show at the top while the bar is open: at the bottom they would
        cover its preview. Moving them restyles them, so they move only when there are
        some (App.notify calls this for a new one)."""
        over = self.is_open
        for rack in self.screen.query_children(ToastRack):
            if rack.children or toast_coming or not over:
                rack.set_class(over, "-over-quick-add")

    def action_cancel(self) -> None:
        self.close()

    def show_error(self, message: str) -> None:
        self._say(safe_text(message), error=True)

    @on(Input.Changed, "#quick-add-input")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    @on(Input.Submitted, "#quick-add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(self, event.value))

    def _preview(self, line: str) -> None:
        if not line.strip():
            self._say(HINT, error=False)
            return
        from store.quickadd import describe, parse_quickadd  # only once something is typed

        try:
            text = "→ " + describe(parse_quickadd(line, today=self.today), today=self.today)
        except UserError as error:
            self._say(safe_text(f"✗ {error}"), error=True)
        else:
            self._say(safe_text(text), error=False)

    def _say(self, text: str, error: bool) -> None:
        """Show `text` in the preview, if it is not shown already: an update lays the
        preview out again (opening the bar asks for the hint twice, once as its input
        is emptied)."""
        if (text, error) == self._said:
            return
        self._said = (text, error)
        preview = self.query_one("#quick-add-preview", Static)
        preview.update(Text(text))
        preview.set_class(error, "-error")
