"""A small yes-or-no question over the desk: what is about to happen, and two keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    """Show `body` (user text as `Content`, never markup); dismiss with True on y or Enter."""

    BINDINGS: ClassVar = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm #confirm-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    Confirm #confirm-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, body: Content, yes: str = "create") -> None:
        super().__init__()
        self.question = title
        self.body = body
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = Content(self.question)
            yield Static(self.body, id="confirm-body")
            yield Static(Content(f"y or Enter: {self.yes} · n or Esc: cancel"), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
