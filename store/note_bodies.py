"""Long bodies of old meeting notes, archived beside the working file while the notes stay.

A note stays in the working file for good (the Notes pane, the people view, the decision
log and the report read its title, day, attendees, project, decisions and linked actions),
but what it weighs there is mostly its text, which only the note reader, an edit, `show`,
`list`, search and export read. So the daily pass moves the body of a note that nobody has
touched for `archive_after_days` (its meeting and its last change both that old) and whose
body is longer than `archive_body_bytes`; the working copy keeps every other field and says
`body_archived: true` in place of the body.

Recent notes keep their bodies: they are the ones opened, edited and captured into, and each
of those would otherwise read a second file. Short bodies stay too: under ARCHIVE_BODY_BYTES
a body weighs less than the rest of its note, so moving it saves little.

The bodies go to an archive file of their own, `opsdesk.archive.notes.json` (a Database like
the others: atomic, locked, private, backed up, bad files refused), not into
`opsdesk.archive.json`: opening an old note then reads about a kilobyte per archived note
instead of every archived record (on a five-year file, 19 MB parsed and checked: 0.8 s).

A move keeps the archive's guarantee (see store/archive.py), under the working file's lock
taken first: the bodies file is written with the body first, then the working file without
it; bringing a body back writes the working file with it first, then drops the archived
copy. A kill -9 between the two writes leaves the body in both files, never in neither; the
working file's copy counts while it has one. The repositories read bodies back
transparently (NoteRepo.get, all, archived); editing, deleting or undoing a change to such a
note puts its body back into the working file first.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.side_file import SideFile
from store.storage import DataFileError

if TYPE_CHECKING:
    from store.repository import Desk

BODIES = "note_bodies"  # the table of moved bodies: note id -> {"body": text}
MARKER = "body_archived"  # in a note of the working file: its body is in BODIES
NOTES = "notes"
# A typical meeting note of 8+ lines (the demo's are 850 bytes); its other fields weigh
# about 350 bytes.
ARCHIVE_BODY_BYTES = 512


def bodies_path(path: Path) -> Path:
    """opsdesk.json -> opsdesk.archive.notes.json, beside it."""
    return path.with_name(f"{path.stem}.archive.notes{path.suffix}")


def archive_body_bytes(config: dict[str, Any]) -> int:
    value = config.get("archive_body_bytes", ARCHIVE_BODY_BYTES)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return ARCHIVE_BODY_BYTES


class NoteBodies(SideFile):
    """The archived note bodies of one desk; the file is opened on first use."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk, bodies_path)

    def due(self, today: date, after_days: int, min_bytes: int) -> list[int]:
        """The notes of the working file whose body should move: longer than `min_bytes`,
        the meeting and the last change both before `today - after_days`, not deleted."""
        from store.archive import _day

        cutoff = today - timedelta(days=after_days)
        # Runs after every command: most notes are passed over on one comparison of text
        # (an ISO day sorts as text; one in another spelling is parsed below, or kept).
        before = cutoff.isoformat()
        found = []
        for key, doc in self.desk.db.documents(NOTES).items():
            body, start = doc.get("body"), doc.get("start")
            if doc.get(MARKER) or doc.get("deleted") or not isinstance(body, str):
                continue
            if not isinstance(start, str) or start[:10] >= before:
                continue
            if len(body) <= min_bytes and len(body.encode()) <= min_bytes:  # encode if near
                continue
            if max(_day(start), _day(doc.get("updated"))) < cutoff:
                found.append(int(key))
        return found

    def move(self, note_ids: list[int]) -> int:
        """Move these notes' bodies out of the working file; returns how many moved. The
        bodies file commits here, the working file when its (outer) transaction ends."""
        working = self.desk.db
        with working.transaction():
            notes = working.documents(NOTES)
            docs = {
                str(i): doc
                for i in note_ids
                if (doc := notes.get(str(i))) is not None
                and not doc.get(MARKER)
                and doc.get("body")
            }
            if not docs:
                return 0
            if not self.exists and working.path is not None:
                working.backup("before-archive")  # the first split of a file
            with self.db.transaction():  # committed here, before the working file
                put = {key: {"body": doc["body"]} for key, doc in docs.items()}
                self.db.put_documents(BODIES, put)
                self._drop_stale(keep=set(docs))
            working.put_documents(NOTES, {key: _without_body(doc) for key, doc in docs.items()})
        return len(docs)

    def bring_back(self, note_id: int) -> None:
        """Put a note's archived body back into the working file (before it is changed);
        the archived copy goes once that is stored. A note with its body is left alone."""
        working = self.desk.db
        with working.transaction():
            doc = working.documents(NOTES).get(str(note_id))
            if doc is None or not doc.get(MARKER):
                return
            restored = {key: value for key, value in doc.items() if key != MARKER}
            restored["body"] = self.read([note_id])[note_id]
            working.put_documents(NOTES, {str(note_id): restored})
            working.after_commit(self.clean)

    def read(self, note_ids: list[int]) -> dict[int, str]:
        """The archived bodies of these notes; a DataFileError if one is missing (the file
        was removed or replaced: the text is not shown as empty, nor saved over)."""
        bodies = self.db.documents(BODIES) if self.exists else {}
        found = {}
        for note_id in note_ids:
            entry = bodies.get(str(note_id))
            if not isinstance(entry, dict) or not isinstance(entry.get("body"), str):
                raise DataFileError(
                    f"cannot read note {note_id}: its text is kept in {self.path}, "
                    "which does not have it (restore that file from its backups)"
                )
            found[note_id] = entry["body"]
        return found

    def clean(self) -> int:
        """Drop the archived bodies that their note in the working file holds again."""
        if not self.exists:
            return 0
        with self.desk.db.transaction(), self.db.transaction():
            return self._drop_stale()

    def _drop_stale(self, keep: set[str] | None = None) -> int:
        """Inside both files' transactions: drop the bodies whose note is in the working file
        with a body of its own. Those of notes elsewhere (archived whole: they keep their
        marker) or nowhere stay."""
        working = self.desk.db.documents(NOTES)
        stale = [
            key
            for key in self.db.documents(BODIES)
            if key in working and not working[key].get(MARKER) and key not in (keep or ())
        ]
        if stale:
            self.db.drop_documents(BODIES, stale)
        return len(stale)


def _without_body(doc: dict[str, Any]) -> dict[str, Any]:
    emptied = {key: value for key, value in doc.items() if key != "body"}
    emptied[MARKER] = True
    return emptied
