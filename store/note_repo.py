"""The note repository: long bodies moved to the archive come back whole, and saving a
note turns its action lines into linked actions (store/notes.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from store.models import Note
from store.repo import Repo

if TYPE_CHECKING:
    from store.notes import NoteSaved


class NoteRepo(Repo[Note]):
    """Notes whose long body was archived (store/note_bodies.py) come back whole: `get`,
    `all` and `archived` read those bodies back, unless `bodies=False` (the desk's panes,
    which show no body and must not read another file to start)."""

    model = Note

    def all(self, include_archive: bool = False, bodies: bool = True) -> list[Note]:
        notes = super().all() + (super().archived() if include_archive else [])
        return self.with_bodies(notes) if bodies else notes

    def archived(self, bodies: bool = True) -> list[Note]:
        notes = super().archived()
        return self.with_bodies(notes) if bodies else notes

    def where(self, keep: Callable[[dict[str, Any]], bool], bodies: bool = True) -> list[Note]:
        notes = super().where(keep)
        return self.with_bodies(notes) if bodies else notes

    def get(self, record_id: int, include_archive: bool = True) -> Note:
        return self.with_bodies([super().get(record_id, include_archive)])[0]

    def with_bodies(self, notes: list[Note]) -> list[Note]:
        """These notes, each with its body (read from the archive where it moved; a copy
        given a body of its own keeps that one)."""
        if not any(note.body_archived for note in notes):
            return notes
        moved = [note.id for note in notes if note.body_archived and not note.body]
        bodies = self.desk.archive.bodies.read(moved)
        return [
            note.copy(body=bodies.get(note.id, note.body), body_archived=False)
            if note.body_archived
            else note
            for note in notes
        ]

    def _before_save(self, stored: Note, record: Note) -> Note:
        if record.body_archived and not record.body:  # a copy read without its body
            record = record.copy(body=stored.body)
        return record.copy(body_archived=False)

    def save(self, note: Note, today: date | None = None) -> Note:
        """Add or update a note; its action lines become linked actions (see store.notes)."""
        return self.save_with_report(note, today).note

    def save_with_report(self, note: Note, today: date | None = None) -> NoteSaved:
        """Like save, and tells which action fields were kept over the note's line
        (`.conflicts`). A copy older than the stored note raises StaleNoteError, which
        carries both versions and a merge."""
        from store.notes import StaleNoteError, sync_note

        with self.desk.change(f"save note {note.title!r}"):
            note = self.with_bodies([note])[0]  # its action lines are read from the body
            if not note.id:
                note = self.add(note)
            else:
                stored = self.get(note.id)
                if note.rev and note.rev != stored.rev:
                    raise StaleNoteError(note, stored)
            return sync_note(self.desk, note, today=today)
