"""The base of every record repository: add, read, update and delete the records of one
kind over the desk's locked Database; returns models, not Documents.

Deleting marks a record deleted instead of removing it, so ids (and the calendar UIDs
derived from them) are never handed to another record, and a delete can be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from store.changes import Change, Step, replace_with
from store.errors import NotFoundError, StaleEditError, UserError
from store.models import Record, utcnow

if TYPE_CHECKING:
    from store.repository import Desk

R = TypeVar("R", bound=Record)


class Repo(Generic[R]):
    """Add, read, update and delete the records of one kind."""

    model: type[R]

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def table(self):
        return self.desk.db.table(self.model.TABLE)

    def all(self, include_archive: bool = False) -> list[R]:
        """The records of the working file (what the desk shows); with `include_archive`,
        the archived ones too (reads the archive file)."""
        records = self._from_docs(self.desk.db.documents(self.model.TABLE))
        return records + self.archived() if include_archive else records

    def archived(self) -> list[R]:
        """The records of this kind that were moved to the archive."""
        return self._from_docs(self.desk.archive.documents(self.model.TABLE))

    def where(self, keep: Callable[[dict[str, Any]], bool]) -> list[R]:
        """The records of the working file whose stored document passes `keep`; no other
        document is decoded (for a reader that needs a few records of a large file)."""
        documents = self.desk.db.documents(self.model.TABLE)
        return self._from_docs({key: doc for key, doc in documents.items() if keep(doc)})

    def _from_docs(self, documents: dict[str, dict[str, Any]]) -> list[R]:
        from_doc = self.model.from_doc
        return [from_doc(doc, int(key)) for key, doc in documents.items() if not doc.get("deleted")]

    def deleted(self) -> list[R]:
        """The deleted records (kept as tombstones), `updated` being when each was deleted."""
        from_doc = self.model.from_doc
        documents = self.desk.db.documents(self.model.TABLE)
        return [from_doc(doc, int(key)) for key, doc in documents.items() if doc.get("deleted")]

    def get(self, record_id: int, include_archive: bool = True) -> R:
        """One record by id; an archived one too, unless `include_archive` is False."""
        doc = self.desk.db.documents(self.model.TABLE).get(str(int(record_id)))
        if doc is None and include_archive:
            doc = self.desk.archive.document(self.model.TABLE, int(record_id))
        if doc is None or doc.get("deleted"):
            raise NotFoundError(f"no {self.model.KIND} with id {record_id}")
        return self.model.from_doc(doc, int(record_id))

    def add(self, record: R, label: str = "") -> R:
        with self.desk.change(label or f"add {self.model.KIND}") as change:
            now = utcnow()
            record = record.copy(created=now, updated=now, rev=1).consistent()
            record_id = self.table.insert(self._checked(record.to_doc()))
            change.steps.append(Step(self.model.TABLE, record_id, None, 1))
            record = record.copy(id=record_id)
            self.desk.projects.ensure(getattr(record, "project", ""))
        return record

    def update(self, record: R, label: str = "") -> R:
        """Store an edited record; refuse it if someone saved a newer revision meanwhile."""
        with self.desk.change(label or f"edit {self.model.KIND} {record.id}") as change:
            self.desk.archive.ensure_working(self.model.TABLE, record.id)  # edits bring it back
            stored = self.get(record.id)
            if record.rev and record.rev != stored.rev:
                raise StaleEditError(
                    f"{self.model.KIND} {record.id} was changed elsewhere since you opened it; "
                    "reload and try again"
                )
            record = record.copy(updated=utcnow(), rev=stored.rev + 1).consistent()
            record = self._before_save(stored, record)
            self._write(change, stored, record)
            project = getattr(record, "project", "")
            if project != getattr(stored, "project", ""):
                self.desk.projects.ensure(project)
        return record

    def delete(self, record_id: int) -> R:
        with self.desk.change(f"delete {self.model.KIND} {record_id}") as change:
            self.desk.archive.ensure_working(self.model.TABLE, record_id)
            stored = self.get(record_id)
            before = dict(self.desk.db.documents(self.model.TABLE)[str(stored.id)])
            change.steps.append(Step(self.model.TABLE, stored.id, before, stored.rev + 1))
            deleted = {"deleted": True, "updated": utcnow().isoformat(), "rev": stored.rev + 1}
            self.table.update(deleted, doc_ids=[stored.id])
        return stored

    def _write(self, change: Change, stored: R, record: R) -> None:
        before = dict(self.desk.db.documents(self.model.TABLE)[str(stored.id)])
        change.steps.append(Step(self.model.TABLE, stored.id, before, record.rev))
        # Keys this version does not know stay: a newer opsdesk may have written them.
        known = record.to_doc()
        kept = {key: value for key, value in before.items() if key not in known}
        self.table.update(replace_with(self._checked({**kept, **known})), doc_ids=[stored.id])

    def _checked(self, doc: dict[str, Any]) -> dict[str, Any]:
        """`doc`, if it is a record the next load accepts; never store one it would refuse."""
        from store.validate import check_record

        if (problem := check_record(self.model, doc)) is not None:
            raise UserError(f"cannot store this {self.model.KIND}: {problem}")
        return doc

    def _before_save(self, stored: R, record: R) -> R:
        return record


def default_today() -> date:
    # Imported here: store.dates loads dateutil, which most commands never need.
    from store.dates import today

    return today()
