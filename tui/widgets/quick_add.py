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

from store.errors import UserError
from store.quickadd import describe, parse_quickadd
from store.text import safe_text

HINT = "@owner +project #tag !high due:fri every:mon · Enter saves · Esc cancels"


class QuickAdd(Vertical):
    """Hidden until opened; posts Submitted with the typed line, Closed on Escape."""

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
        yield Input(placeholder="New action: " + HINT, id="quick-add-input")
        yield Static(HINT, id="quick-add-preview")

    def open(self, today: date | None = None) -> None:
        self.today = today
        self.display = True
        self.screen.add_class("-quick-adding")  # notifications move off the preview
        field = self.query_one(Input)
        field.value = ""
        self._preview("")
        field.focus()

    def close(self) -> None:
        self.display = False
        self.screen.remove_class("-quick-adding")
        self.post_message(self.Closed())

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
