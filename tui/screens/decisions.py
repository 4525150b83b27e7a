"""The decision log: every `Decision:` line from meeting notes, newest first, filterable;
Enter opens the meeting the decision was taken in."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.models import Note
from tui.screen_styles import add_screen_styles
from tui.widgets.virtual_list import Column, Row, VirtualList


def decision_rows(notes: list[Note]) -> list[Row]:
    """One row per decision, newest meeting first, in the order written within a meeting."""
    rows = []
    for note in sorted(notes, key=lambda n: (n.start, n.id), reverse=True):
        for number, decision in enumerate(note.decisions):
            rows.append(
                Row(
                    (note.id, number),
                    [note.start.strftime("%Y-%m-%d"), decision, note.title, note.project],
                    search=f"{decision}\n{note.title}\n{note.project}\n{' '.join(note.attendees)}",
                )
            )
    return rows


COLUMNS = [
    Column("date", "Date", width=10),
    Column("decision", "Decision", min_width=20),
    Column("meeting", "Meeting", width=20),
    Column("project", "Project", width=10),
]
WIDE = 96  # below this the decision gets the project column's room


class DecisionLog(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape", "back", "Clear filter / close", id="decisions.close"),
        Binding("q", "dismiss", "Close", show=False, id="decisions.quit"),
        Binding("slash", "filter", "Filter", id="decisions.filter"),
        Binding("n", "new_note", "New note", show=False, id="decisions.new"),
    ]
    DEFAULT_CSS = """
    DecisionLog #decisions-filter {
        height: 1;
        border: none;
        padding: 0 1;
        margin: 0 0 1 0;
        background: $boost;
    }
    DecisionLog #decisions-filter:focus { background: $primary 25%; }
    DecisionLog #decisions-keys { height: 1; color: $text-muted; }
    """

    def __init__(self, notes: list[Note]) -> None:
        super().__init__()
        add_screen_styles(self.app)  # its rules are in tui/screens.tcss
        self.notes = notes
        self.rows = decision_rows(notes)

    def compose(self) -> ComposeResult:
        with Vertical(id="decisions") as frame:
            frame.border_title = f"Decision log · {len(self.rows)}"
            yield Input(placeholder="/ filter: decision, meeting, project", id="decisions-filter")
            yield VirtualList(COLUMNS, id="decision-list")
            yield Static("Enter: open the meeting · /: filter · Esc: close", id="decisions-keys")

    def on_mount(self) -> None:
        decision_list = self.query_one(VirtualList)
        decision_list.empty_text = "No decisions yet: write 'Decision: ...' in a meeting note."
        decision_list.set_rows(self.rows)
        decision_list.focus()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        self.query_one(VirtualList).set_columns(COLUMNS if wide else COLUMNS[:-1])

    @on(Input.Changed, "#decisions-filter")
    def _filter(self, event: Input.Changed) -> None:
        decision_list = self.query_one(VirtualList)
        decision_list.filter(event.value)
        shown = decision_list.visible_count
        total = len(self.rows)
        title = f"Decision log · {shown} of {total}" if event.value else f"Decision log · {total}"
        self.query_one("#decisions").border_title = title

    @on(Input.Submitted, "#decisions-filter")
    def _filter_kept(self) -> None:
        self.query_one(VirtualList).focus()

    def action_filter(self) -> None:
        self.query_one("#decisions-filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#decisions-filter", Input)
        if box.value:
            box.value = ""
            self.query_one(VirtualList).focus()
        else:
            self.dismiss()

    @on(VirtualList.Selected)
    def _open(self, event: VirtualList.Selected) -> None:
        self._open_note(event.key[0])

    def action_new_note(self) -> None:
        self._open_note(None)

    def _open_note(self, note_id: int | None) -> None:
        # Through the app, not the desk's module: the desk opens this log.
        self.app.open_note(note_id, read_only=note_id is not None)
