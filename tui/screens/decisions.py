"""The decision log: every `Decision:` line from meeting notes, newest first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.models import Note
from tui.widgets.virtual_list import Column, Row, VirtualList


class DecisionLog(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,q", "dismiss", "Close", id="decisions.close")]

    def __init__(self, notes: list[Note]) -> None:
        super().__init__()
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="decisions"):
            yield Static("Decision log  (Esc closes)", id="decisions-title")
            yield VirtualList(
                [
                    Column("date", "Date", width=10),
                    Column("decision", "Decision", min_width=20),
                    Column("meeting", "Meeting", width=22),
                ],
                id="decision-list",
            )

    def on_mount(self) -> None:
        rows = []
        for note in sorted(self.notes, key=lambda n: n.start, reverse=True):
            for number, decision in enumerate(note.decisions):
                rows.append(
                    Row(
                        (note.id, number),
                        [note.start.strftime("%Y-%m-%d"), decision, note.title],
                        search=f"{decision} {note.title}",
                    )
                )
        decision_list = self.query_one(VirtualList)
        decision_list.empty_text = "No decisions yet: write 'Decision: ...' in a meeting note."
        decision_list.set_rows(rows)
        decision_list.focus()
