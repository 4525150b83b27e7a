"""A one-line question over the desk: an input whose answer is checked by the caller.

A bad answer shows the caller's message under the input and keeps the typed text, so it
can be fixed; Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.text import plain
from tui.widgets.stored_input import StoredInput


class Prompt(ModalScreen[bool]):
    """`submit(text)` stores the answer and returns None, or returns what is wrong; `value`
    is stored text to start from, handed back exactly when submitted untouched."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    DEFAULT_CSS = """
    Prompt { align: center middle; }
    Prompt #prompt-box {
        width: 76; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    Prompt Input { border: none; height: 1; padding: 0 1; background: $boost; }
    Prompt #prompt-help { color: $text-muted; }
    Prompt #prompt-error { color: $error; display: none; }
    Prompt #prompt-error.-shown { display: block; }
    """

    def __init__(
        self, title: str, help: str, submit: Callable[[str], str | None], value: str = ""
    ) -> None:
        super().__init__()
        self.question = title
        self.help = help
        self.submit = submit
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = plain(self.question)
            yield Static(plain(self.help), id="prompt-help")
            yield StoredInput(self.value, id="prompt-input")
            yield Static(id="prompt-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.submit(self.query_one(StoredInput).text)
        if problem is None:
            self.dismiss(True)
            return
        error = self.query_one("#prompt-error", Static)
        error.update(plain(problem))
        error.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(False)
