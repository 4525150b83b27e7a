"""The archive: old done records and closed projects, in a second data file beside the working one.

The working file (`opsdesk.json`) holds what the desk shows, so that opening it, a capture
command and the TUI's start-up do not grow with years of history. Done and cancelled records
older than `archive_after_days` (and deleted ones), and the records of a closed project, move
to `opsdesk.archive.json`: a Database like the working file (atomic, locked, private, backed
up, bad files refused). A record keeps its id (and so its calendar UID) in both files, and the
working file remembers the ids it handed out, so an archived id is never given again.

A move can never lose a record, whatever moment a kill -9 or a full disk strikes:

- to the archive: the archive is written with the records first, then the working file
  without them;
- back to the working file: the working file is written with them first, then the archive
  without them.

Both run under the working file's lock, taken before the archive's (always in that order, so
two processes cannot deadlock). A crash between the two writes leaves a record in both files,
never in neither; the working file's copy is then the one that counts (it is the newer or the
same), readers skip archived copies of ids the working file has, and the next move or
clean-up drops them from the archive.

The API (the CLI and TUI use it through `Desk.archive` and the repositories):
`Repo.all(include_archive=True)`, `Repo.archived()`, `Repo.get()` (finds archived records
too; editing, completing or deleting one brings it back first), `Archive.archive_records`,
`Archive.restore_records`, `Archive.archive_project`, `Archive.restore_project`,
`Archive.archive_old` (the daily pass, which also moves the long bodies of old notes to
`opsdesk.archive.notes.json`: see store/note_bodies.py, `Archive.bodies`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store import note_bodies
from store.note_bodies import NoteBodies
from store.side_file import SideFile
from store.storage import DataFileError

if TYPE_CHECKING:
    from store.repository import Desk

ARCHIVE_AFTER_DAYS = 30
RECORD_TABLES = ("actions", "milestones", "risks", "notes")
PROJECTS = "projects"  # the project records' table, when the file has one
CLOSED = {
    "actions": ("done", "cancelled"),
    "milestones": ("done", "cancelled"),
    "risks": ("closed",),
    "notes": (),  # a note is never done; it leaves with its project
    PROJECTS: ("closed",),
}
# The field that says when a record was closed, where it has one; else its last change.
CLOSED_AT = {"actions": "done_at", "milestones": "done_on"}

Ids = dict[str, list[int]]


def archive_path(path: Path) -> Path:
    """opsdesk.json -> opsdesk.archive.json, beside it."""
    return path.with_name(f"{path.stem}.archive{path.suffix}")


def archive_after_days(config: dict[str, Any]) -> int:
    value = config.get("archive_after_days", ARCHIVE_AFTER_DAYS)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 30


class Archive(SideFile):
    """The archive file of one desk; opened on first use (most commands never touch it)."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk, archive_path)
        self.bodies = NoteBodies(desk)  # the long texts of old notes, in a file of their own

    # -- reading ---------------------------------------------------------------------------

    def documents(self, table: str) -> dict[str, dict[str, Any]]:
        """The archived documents of a table by id, without those the working file holds
        (left by a move that was cut off: the working copy counts). Read, never change."""
        if not self.exists:
            return {}
        archived = self.db.documents(table)
        working = self.desk.db.documents(table)
        if not any(key in working for key in archived):
            return archived
        return {key: doc for key, doc in archived.items() if key not in working}

    def document(self, table: str, record_id: int) -> dict[str, Any] | None:
        return self.documents(table).get(str(record_id))

    def project_names(self) -> set[str]:
        """The names of the archived projects, from the working file: no archive read."""
        names = self.desk.db.meta().get("archived_projects")
        return set(names) if isinstance(names, list) else set()

    def may_hold_project(self, name: str) -> bool:
        """Whether the archive may have a project of this name (a file archived before the
        working file kept their names: maybe, if there is an archive)."""
        names = self.desk.db.meta().get("archived_projects")
        if not isinstance(names, list):
            return self.exists
        return name in names

    def _note_projects(self, names: set) -> None:
        self.desk.db.set_meta("archived_projects", sorted(n for n in names if isinstance(n, str)))

    def close(self) -> None:
        self.bodies.close()
        super().close()

    # -- moving ----------------------------------------------------------------------------

    def archive_records(self, ids: Ids, notify: bool = True) -> int:
        """Move these records (by table) from the working file to the archive; returns how
        many moved. Ids the working file does not hold are skipped. Inside a transaction of
        the working file the order still holds: the archive commits here, the working file
        when the outer transaction ends."""
        working = self.desk.db
        moved: Ids = {}
        with working.transaction():
            docs = {
                table: {
                    str(i): doc
                    for i in record_ids
                    if (doc := working.documents(table).get(str(i))) is not None
                }
                for table, record_ids in ids.items()
            }
            docs = {table: found for table, found in docs.items() if found}
            if not docs:
                return 0
            if not self.exists and working.path is not None:
                working.backup("before-archive")  # the first split of a file
            archive = self.db
            with archive.transaction():  # committed here, before the working file
                for table, found in docs.items():
                    archive.put_documents(table, {key: dict(doc) for key, doc in found.items()})
            for table, found in docs.items():
                working.drop_documents(table, list(found))
                moved[table] = [int(key) for key in found]
            names = {doc.get("name") for doc in docs.get(PROJECTS, {}).values()}
            known = self.desk.db.meta().get("archived_projects")
            if not isinstance(known, list):  # first time: the archive itself says
                known = [doc.get("name") for doc in archive.documents(PROJECTS).values()]
            self._note_projects(set(known) | names)
        self._told(moved, notify)
        return sum(len(found) for found in moved.values())

    def restore_records(self, ids: Ids, notify: bool = True) -> int:
        """Bring these records (by table) back from the archive; returns how many came back.

        Inside a transaction of the working file, the archive's copies are dropped once it has
        committed (until then they are not read: the working copy counts)."""
        working = self.desk.db
        restored: Ids = {}
        with working.transaction():
            for table, record_ids in ids.items():
                archived = self.documents(table)
                found = {str(i): dict(archived[str(i)]) for i in record_ids if str(i) in archived}
                if found:
                    working.put_documents(table, found)
                    restored[table] = [int(key) for key in found]
                if table == PROJECTS and found and self.desk.db.meta().get("archived_projects"):
                    back = {doc.get("name") for doc in found.values()}
                    self._note_projects(self.project_names() - back)
        if restored:
            working.after_commit(self.clean)  # the archive's copies go once these are stored
        self._told(restored, notify)
        return sum(len(found) for found in restored.values())

    def clean(self) -> int:
        """Drop the archived copies of records the working file holds; returns how many."""
        if not self.exists:
            return 0
        working, archive = self.desk.db, self.db
        dropped = 0
        with working.transaction(), archive.transaction():
            for table in archive.table_names():
                present = working.documents(table)
                stale = [key for key in archive.documents(table) if key in present]
                if stale:
                    archive.drop_documents(table, stale)
                    dropped += len(stale)
        return dropped

    def ensure_working(self, table: str, record_id: int) -> bool:
        """Bring one record back if it is archived, a note with its body; True if it is in
        the working file now."""
        if str(record_id) not in self.desk.db.documents(table):
            if not self.restore_records({table: [record_id]}, notify=False):
                return False
        if table == note_bodies.NOTES:
            self.bodies.bring_back(record_id)
        return True

    # -- what moves ------------------------------------------------------------------------

    def old_records(self, today: date, after_days: int = ARCHIVE_AFTER_DAYS) -> Ids:
        """Done, cancelled, closed and deleted records last closed or changed before
        `today - after_days`, by table."""
        cutoff = today - timedelta(days=after_days)
        found: Ids = {}
        for table, closed in CLOSED.items():
            ids = [
                int(key)
                for key, doc in self.desk.db.documents(table).items()
                if (doc.get("deleted") or doc.get("status") in closed)
                and _day(doc.get(CLOSED_AT.get(table, "")) or doc.get("updated")) < cutoff
            ]
            if ids:
                found[table] = ids
        return found

    def project_records(self, name: str, archived: bool = False) -> Ids:
        """Every record of project `name` (and its project record), in the working file or,
        with `archived`, in the archive."""
        found: Ids = {}
        for table in (*RECORD_TABLES, PROJECTS):
            docs = self.documents(table) if archived else self.desk.db.documents(table)
            field = "name" if table == PROJECTS else "project"
            ids = [int(key) for key, doc in docs.items() if doc.get(field) == name]
            if ids:
                found[table] = ids
        return found

    def archive_old(
        self,
        today: date,
        after_days: int = ARCHIVE_AFTER_DAYS,
        body_bytes: int = note_bodies.ARCHIVE_BODY_BYTES,
        notify: bool = True,
    ) -> int:
        """The daily pass: move old closed records and the long bodies of old notes to the
        archive, with one write of each file; returns how many records and bodies moved.
        A pass that finds nothing to move says so in a hint for this version of the file
        (Database.set_hint): until the file changes, the next passes that day skip the search."""
        nothing_due = f"archive pass {today} {after_days} {body_bytes}: nothing to move"
        with self.desk.db.transaction():  # what is old is decided on what is stored now
            if self.desk.db.hint() == nothing_due:
                return 0
            ids = self.old_records(today, after_days)
            bodies = self.bodies.due(today, after_days, body_bytes)
            if not ids and not bodies:
                self.desk.db.set_hint(nothing_due)
                return 0
            moved = self.archive_records(ids, notify=False) if ids else 0
            moved += self.bodies.move(bodies) if bodies else 0
        self._told(ids, notify)
        return moved

    def archive_project(self, name: str) -> int:
        """Move every record of a project, open ones included, to the archive."""
        return self.archive_records(self.project_records(name))

    def restore_project(self, name: str) -> int:
        """Bring every record of an archived project back to the working file."""
        return self.restore_records(self.project_records(name, archived=True))

    def _told(self, ids: Ids, notify: bool) -> None:
        if notify and ids:
            self.desk._notify_ids(ids)


def maintain(desk: Desk, config: dict[str, Any], today: date | None = None) -> str | None:
    """Run the daily archive pass; returns why it could not (it never stops a command)."""
    try:
        desk.archive.archive_old(
            today or date.today(),
            archive_after_days(config),
            note_bodies.archive_body_bytes(config),
        )
    except DataFileError as error:
        return str(error)
    return None


def _day(value: str | None) -> date:
    """The local day of a stored date or UTC time stamp; a record without one is never old."""
    if not value:
        return date.max
    try:
        when = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    except ValueError:
        return date.max
    if isinstance(when, datetime):
        if when.tzinfo is not None:
            when = when.astimezone(UTC).astimezone()
        return when.date()
    return when
