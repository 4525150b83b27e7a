"""Capture and edit a meeting note: title, attendees, project and a Markdown body."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from store.errors import UserError
from store.models import Note
from store.notes import TEMPLATE

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen


class NoteEditor(ModalScreen[Note | None]):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Close", id="note.cancel"),
    ]

    def __init__(self, desk_screen: DeskScreen, note: Note) -> None:
        super().__init__()
        self.desk_screen = desk_screen
        self.note = note

    def compose(self) -> ComposeResult:
        note = self.note
        with Vertical(id="note-editor"):
            with Horizontal(classes="form-row"):
                yield Label("Title", classes="form-label")
                yield Input(note.title, placeholder="meeting title", id="note-title")
            with Horizontal(classes="form-row"):
                yield Label("Attendees", classes="form-label")
                yield Input(", ".join(note.attendees), placeholder="alice, bob", id="note-who")
            with Horizontal(classes="form-row"):
                yield Label("Project", classes="form-label")
                yield Input(note.project, id="note-project")
            yield TextArea(note.body, language="markdown", id="note-body")
            yield Static("", id="note-message")

    def on_mount(self) -> None:
        self.query_one("#note-title", Input).focus()

    def edited(self) -> Note:
        who = self.query_one("#note-who", Input).value
        return self.note.copy(
            title=self.query_one("#note-title", Input).value.strip(),
            attendees=[a.strip() for a in who.split(",") if a.strip()],
            project=self.query_one("#note-project", Input).value.strip(),
            body=self.query_one("#note-body", TextArea).text,
        )

    def action_save(self) -> None:
        note = self.edited()
        message = self.query_one("#note-message", Static)
        if not note.title:
            message.update("Title: must not be empty")
            return
        try:
            saved = self.desk_screen.desk.notes.save(note, today=self.app.today())
        except UserError as error:
            message.update(str(error))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_note(desk_screen: DeskScreen, note_id: int | None, read_only: bool = False) -> None:
    if note_id is None:
        note = Note(title="", body=TEMPLATE)
    else:
        note = desk_screen.desk.notes.get(note_id)
    desk_screen.app.push_screen(NoteEditor(desk_screen, note))
