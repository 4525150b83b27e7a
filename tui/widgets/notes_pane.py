"""The Notes pane: meeting notes, newest first, with the open actions each one produced.
The filter (`/`) matches titles, attendees, projects, decisions and the text of the notes;
of an old note whose long text moved to the archive, all but that text (search, `s`, reads
it: the pane never reads the archive)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from store.dates import format_date
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row, VirtualList


class NotesPane(Pane):
    PANE_ID = "notes"
    TITLE = "Notes"
    EMPTY_TEXT = "No meeting notes. Press n to start one."
    BINDINGS: ClassVar = [
        # The desk's record keys, named for what they do here (same ids, so remapped too).
        Binding("x", "screen.done", "", show=False, id="record.done"),  # nothing to tick
        Binding("enter", "read", "Read", id="notes.read"),
        Binding("E", "external", "Edit in $EDITOR", show=False, id="notes.external"),
    ]
    COLUMNS = [
        Column("date", "When", width=16),
        Column("title", "Meeting", min_width=12),
        Column("who", "Attendees", min_width=8),
        Column("project", "Project", width=10),
        Column("open", "Open", width=4, align="right"),
        Column("id", "#", align="right", fit=True, shrink=False),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        notes = sorted(state.notes, key=lambda n: (n.start, n.id), reverse=True)
        today = state.today
        rows = []
        for note in notes:
            open_count = state.open_actions_of_note(note)
            attendees = ", ".join(note.attendees)
            rows.append(
                Row(
                    ("note", note.id),
                    [
                        format_date(note.start, today),
                        note.title,
                        attendees,
                        note.project,
                        (str(open_count) if open_count else "", "vlist--warning"),
                        (str(note.id), "vlist--dim"),
                    ],
                    search="\n".join(
                        (note.title, attendees, note.project, *note.decisions, note.body)
                    ),
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        waiting = sum(state.open_actions_of_note(note) for note in state.notes)
        actions = f" · {waiting} open action{'s' if waiting != 1 else ''}" if waiting else ""
        return f"4 Notes  {len(state.notes)}{actions}"

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.post_message(self.Command("open", event.key))

    def action_read(self) -> None:
        self.post_message(self.Command("open", self.current))

    def action_external(self) -> None:
        self.post_message(self.Command("external", self.current))
