"""The Notes pane: meeting notes, newest first."""

from __future__ import annotations

from textual.binding import Binding

from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row, VirtualList


class NotesPane(Pane):
    PANE_ID = "notes"
    TITLE = "Notes"
    EMPTY_TEXT = "No meeting notes. Press n to start one."
    BINDINGS = [Binding("enter", "read", "Read", id="notes.read")]
    COLUMNS = [
        Column("date", "When", width=16),
        Column("title", "Meeting", min_width=12),
        Column("who", "Attendees", width=16),
        Column("project", "Project", width=10),
        Column("open", "Open", width=4, align="right"),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        notes = sorted(state.notes, key=lambda n: (n.start, n.id), reverse=True)
        rows = []
        for note in notes:
            open_count = state.open_actions_of_note(note)
            rows.append(
                Row(
                    ("note", note.id),
                    [
                        note.start.strftime("%Y-%m-%d %H:%M"),
                        note.title,
                        ", ".join(note.attendees),
                        note.project,
                        (str(open_count) if open_count else "", "vlist--warning"),
                    ],
                    search=f"{note.title} {' '.join(note.attendees)} {note.project}",
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        return f"4 Notes  {len(state.notes)}"

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        self.post_message(self.Command("open", event.key))

    def action_read(self) -> None:
        self.post_message(self.Command("open", self.current))
