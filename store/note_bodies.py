"""Long bodies of old meeting notes, kept in the archive file while the notes stay on the desk.

A note stays in the working file for good (the Notes pane, the people view, the decision
log and the report read its title, day, attendees, project, decisions and linked actions),
but what it weighs there is mostly its text, which only the note reader, an edit, `show`,
search and export read. So the daily pass moves the body of a note that nobody has touched
for `archive_after_days` (its meeting and its last change both that old) and whose body is
longer than `archive_body_bytes` to the archive's `note_bodies` table; the working copy keeps
every other field and says `body_archived: true` in place of the body.

Recent notes keep their bodies: they are the ones opened, edited and captured into, and each
of those would otherwise read the archive. Short bodies stay too: under ARCHIVE_BODY_BYTES a
body weighs less than the rest of its note, so moving it saves little and costs a second
file read whenever the note is opened.

The move keeps the archive's guarantee (see store/archive.py): the archive is written with
the body first, then the working file without it; bringing a body back writes the working
file with it first, then drops the archive's copy. A kill -9 between the two writes leaves
the body in both files, never in neither; the working file's copy counts while it has one.
Repositories read bodies back transparently (NoteRepo.get, all, archived); editing, deleting
or undoing a change to such a note puts its body back into the working file first.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from store.storage import DataFileError

if TYPE_CHECKING:
    from store.archive import Archive
    from store.repository import Desk

BODIES = "note_bodies"  # the archive's table of moved bodies: note id -> {"body": text}
MARKER = "body_archived"  # in a working note: its body is in BODIES
NOTES = "notes"
# A demo or typical meeting note of 8+ lines; its other fields weigh about 350 bytes.
ARCHIVE_BODY_BYTES = 512


def archive_body_bytes(config: dict[str, Any]) -> int:
    value = config.get("archive_body_bytes", ARCHIVE_BODY_BYTES)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return ARCHIVE_BODY_BYTES


def old_bodies(desk: Desk, today: date, after_days: int, min_bytes: int) -> list[int]:
    """The notes of the working file whose body should move: longer than `min_bytes`, the
    meeting and the last change both before `today - after_days`, not deleted."""
    from store.archive import _day

    cutoff = today - timedelta(days=after_days)
    found = []
    for key, doc in desk.db.documents(NOTES).items():
        body = doc.get("body")
        if doc.get(MARKER) or doc.get("deleted") or not isinstance(body, str):
            continue
        if len(body) <= min_bytes and len(body.encode()) <= min_bytes:  # encode only if near
            continue
        if max(_day(doc.get("start")), _day(doc.get("updated"))) < cutoff:
            found.append(int(key))
    return found


def move_bodies(archive: Archive, note_ids: list[int]) -> int:
    """Move these notes' bodies to the archive; returns how many moved. The archive commits
    here, the working file when its (outer) transaction ends."""
    working = archive.desk.db
    with working.transaction():
        notes = working.documents(NOTES)
        docs = {
            str(i): doc
            for i in note_ids
            if (doc := notes.get(str(i))) is not None and not doc.get(MARKER) and doc.get("body")
        }
        if not docs:
            return 0
        if not archive.exists and working.path is not None:
            working.backup("before-archive")  # the first split of a file
        db = archive.db
        with db.transaction():  # committed here, before the working file
            db.put_documents(BODIES, {key: {"body": doc["body"]} for key, doc in docs.items()})
            drop_stale(archive, keep=set(docs))
        emptied = {key: _without_body(doc) for key, doc in docs.items()}
        working.put_documents(NOTES, emptied)
    return len(docs)


def bring_back(archive: Archive, note_id: int) -> None:
    """Put a note's archived body back into the working file (before it is changed); the
    archive's copy goes once that is stored. Nothing happens to a note that has its body."""
    working = archive.desk.db
    with working.transaction():
        doc = working.documents(NOTES).get(str(note_id))
        if doc is None or not doc.get(MARKER):
            return
        restored = {key: value for key, value in doc.items() if key != MARKER}
        restored["body"] = stored_bodies(archive, [note_id])[note_id]
        working.put_documents(NOTES, {str(note_id): restored})
        working.after_commit(archive.clean)


def stored_bodies(archive: Archive, note_ids: list[int]) -> dict[int, str]:
    """The archived bodies of these notes; a DataFileError if the archive lacks one (it
    was removed or replaced: the text is not shown as empty, nor saved over)."""
    bodies = archive.db.documents(BODIES) if archive.exists else {}
    found = {}
    for note_id in note_ids:
        entry = bodies.get(str(note_id))
        if not isinstance(entry, dict) or not isinstance(entry.get("body"), str):
            raise DataFileError(
                f"cannot read note {note_id}: its text is kept in {archive.path}, "
                "which does not have it (restore that file from its backups)"
            )
        found[note_id] = entry["body"]
    return found


def drop_stale(archive: Archive, keep: set[str] | None = None) -> int:
    """Inside both files' transactions: drop the archived bodies whose note (in the working
    file, else the archive) has its body itself. A body whose note is nowhere stays."""
    db = archive.db
    working, archived = archive.desk.db.documents(NOTES), db.documents(NOTES)
    stale = []
    for key in db.documents(BODIES):
        doc = working.get(key) or archived.get(key)
        if doc is not None and not doc.get(MARKER) and key not in (keep or ()):
            stale.append(key)
    if stale:
        db.drop_documents(BODIES, stale)
    return len(stale)


def _without_body(doc: dict[str, Any]) -> dict[str, Any]:
    emptied = {key: value for key, value in doc.items() if key != "body"}
    emptied[MARKER] = True
    return emptied
