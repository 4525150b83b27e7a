"""The desk: the whole store, one repository per record kind over one locked Database, with
undo of the last changes, change listeners and warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from store.action_repo import ActionRepo
from store.archive import Archive
from store.changes import Change, Step, replace_with
from store.errors import UserError
from store.milestone_repo import MilestoneRepo
from store.models import MODELS, Record, utcnow
from store.note_repo import NoteRepo
from store.project_repo import ProjectRepo
from store.risk_repo import RiskRepo
from store.storage import Database


class Desk:
    """The whole store: the repositories over one Database, with undo of the last changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.actions = ActionRepo(self)
        self.milestones = MilestoneRepo(self)
        self.risks = RiskRepo(self)
        self.notes = NoteRepo(self)
        self.archive = Archive(self)
        self.projects = ProjectRepo(self)
        self._history: list[Change] = []
        self._open: Change | None = None
        # Told (model, ids) after each change is stored, and after an undo.
        self.listeners: list[Callable[[type[Record], list[int]], None]] = []
        # What went wrong beside a stored change (calendar export, backup): shown, not fatal.
        self.warnings: list[str] = []
        self._warning_listeners: list[Callable[[str], None]] = []
        if db.backup_error:
            self.warn(f"today's backup was not written: {db.backup_error}")

    def warn(self, text: str) -> None:
        """Record a warning and tell whoever shows them (stderr in the CLI, the TUI's notify)."""
        self.warnings.append(text)
        for listener in self._warning_listeners:
            listener(text)

    def on_warning(self, listener: Callable[[str], None]) -> None:
        """Call `listener` with each warning, starting with those given before it was added."""
        self._warning_listeners.append(listener)
        for text in self.warnings:
            listener(text)

    @contextmanager
    def change(self, label: str) -> Iterator[Change]:
        """One undoable change (nested changes join the outer one), under the file lock."""
        if self._open is not None:
            yield self._open
            return
        self._open = Change(label)
        try:
            with self.db.transaction():
                yield self._open
            change = self._open
        finally:
            self._open = None
        if change.steps:
            self._history = [*self._history[-49:], change]
            self._notify(change.steps)

    def _notify(self, steps: list[Step]) -> None:
        touched: dict[str, list[int]] = {}
        for step in steps:
            ids = touched.setdefault(step.table, [])
            if step.record_id not in ids:
                ids.append(step.record_id)
        self._notify_ids(touched)

    def _notify_ids(self, touched: dict[str, list[int]]) -> None:
        for table, ids in touched.items():
            if table not in MODELS:
                continue
            for listener in self.listeners:
                try:
                    listener(MODELS[table], ids)
                except UserError as error:  # the change is stored whatever a listener says
                    self.warn(str(error))

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> str:
        """Revert the last change; returns what was undone.

        Only while every record it touched still has the revision it left: a record changed
        since (by another session, or a change not made through this desk) is left as it is,
        the change is dropped from the history and UserError says so.
        """
        if not self._history:
            raise UserError("nothing to undo")
        change = self._history[-1]
        with self.db.transaction():
            self._check_undoable(change)
            new_revs = {}
            for step in reversed(change.steps):
                self.archive.ensure_working(step.table, step.record_id)  # moved meanwhile
                table = self.db.table(step.table)
                current = table.get(doc_id=step.record_id) or {}
                rev = current.get("rev", 0) + 1
                new_revs[step.table, step.record_id] = rev
                if step.before is None:
                    table.update({"deleted": True, "rev": rev}, doc_ids=[step.record_id])
                    continue
                restored = {**step.before, "rev": rev, "updated": utcnow().isoformat()}
                if step.table == "milestones":
                    restored["sequence"] = current.get("sequence", 0) + 1
                table.update(replace_with(restored), doc_ids=[step.record_id])
        self._history.pop()
        self._follow_restored(change, new_revs)
        self._notify(change.steps)
        return change.label

    def _check_undoable(self, change: Change) -> None:
        left: dict[tuple[str, int], int] = {}  # the revision the change left each record at
        for step in change.steps:
            left[step.table, step.record_id] = step.after_rev
        for (table, record_id), rev in left.items():
            doc = self.db.documents(table).get(str(record_id))
            if doc is None:
                doc = self.archive.document(table, record_id)
            if doc is None or doc.get("rev") != rev:
                self._history.pop()
                kind = MODELS[table].KIND if table in MODELS else table
                raise UserError(
                    f"cannot undo {change.label}: {kind} {record_id} was changed elsewhere "
                    "since; nothing was undone (the step is dropped)"
                )

    def _follow_restored(self, change: Change, new_revs: dict[tuple[str, int], int]) -> None:
        """The earlier steps that left a record as the undo restored it may still be undone:
        they now expect the revision the undo wrote."""
        seen = set()
        for step in change.steps:  # a record's first step holds what the undo restored
            key = (step.table, step.record_id)
            if key in seen:
                continue
            seen.add(key)
            before_rev = 0 if step.before is None else step.before.get("rev", 0)
            for earlier in reversed(self._history):
                found = [s for s in earlier.steps if (s.table, s.record_id) == key]
                if found:
                    if found[-1].after_rev == before_rev:
                        found[-1].after_rev = new_revs[key]
                    break


def open_desk(path: Any) -> Desk:
    return Desk(Database(path))
