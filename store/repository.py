"""One small repository per record kind, over the locked Database; returns models.

Deleting marks a record deleted instead of removing it, so ids (and the calendar UIDs
derived from them) are never handed to another record, and a delete can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from store.archive import Archive
from store.dates import DateError
from store.errors import NotFoundError, StaleEditError, UserError
from store.models import MODELS, Action, Milestone, Note, Record, Risk, utcnow
from store.storage import Database

if TYPE_CHECKING:
    from store.notes import NoteSaved

R = TypeVar("R", bound=Record)

# Fields a calendar shows: a change to any of them raises the milestone's SEQUENCE.
CALENDAR_FIELDS = ("title", "forecast", "status", "baseline")  # baseline: the slip in the title


@dataclass
class _Step:
    table: str
    record_id: int
    before: dict[str, Any] | None  # None: the step created the record
    after_rev: int = 0  # the revision the step left: undo only while the record has it


@dataclass
class _Change:
    label: str
    steps: list[_Step] = field(default_factory=list)


def _replace_with(fields: dict[str, Any]) -> Callable[[dict], None]:
    """A TinyDB update that replaces the whole document (a plain update merges)."""

    def replace(doc: dict) -> None:
        doc.clear()
        doc.update(fields)

    return replace


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
            change.steps.append(_Step(self.model.TABLE, record_id, None, 1))
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
            change.steps.append(_Step(self.model.TABLE, stored.id, before, stored.rev + 1))
            deleted = {"deleted": True, "updated": utcnow().isoformat(), "rev": stored.rev + 1}
            self.table.update(deleted, doc_ids=[stored.id])
        return stored

    def _write(self, change: _Change, stored: R, record: R) -> None:
        before = dict(self.desk.db.documents(self.model.TABLE)[str(stored.id)])
        change.steps.append(_Step(self.model.TABLE, stored.id, before, record.rev))
        # Keys this version does not know stay: a newer opsdesk may have written them.
        known = record.to_doc()
        kept = {key: value for key, value in before.items() if key not in known}
        self.table.update(_replace_with(self._checked({**kept, **known})), doc_ids=[stored.id])

    def _checked(self, doc: dict[str, Any]) -> dict[str, Any]:
        """`doc`, if it is a record the next load accepts; never store one it would refuse."""
        from store.validate import check_record

        if (problem := check_record(self.model, doc)) is not None:
            raise UserError(f"cannot store this {self.model.KIND}: {problem}")
        return doc

    def _before_save(self, stored: R, record: R) -> R:
        return record


class ActionRepo(Repo[Action]):
    model = Action

    def open(self) -> list[Action]:
        """The open actions of the working file; the done and cancelled ones are not even
        decoded (Today shows only open ones, and the desk's first frame is Today)."""
        closed = ("done", "cancelled")
        documents = self.desk.db.documents(self.model.TABLE)
        return self._from_docs({k: d for k, d in documents.items() if d["status"] not in closed})

    def add_quick(self, line: str, today: date | None = None, **links: Any) -> Action:
        from store.quickadd import parse_quickadd

        parsed = parse_quickadd(line, today=today)
        return self.add(
            Action(
                title=parsed.title,
                owner=parsed.owner,
                project=parsed.project,
                tags=parsed.tags,
                priority=parsed.priority,
                due=parsed.due,
                recur=parsed.recur,
                status="waiting" if parsed.owner else "todo",
                **links,
            )
        )

    def complete(self, action_id: int, today: date | None = None) -> Action:
        """Mark done; a recurring action gets its next occurrence."""
        today = today or _today()
        with self.desk.change(f"complete action {action_id}"):
            action = self.get(action_id)
            if not action.is_open:
                raise UserError(f"action {action_id} is already {action.status}")
            done = self.update(action.copy(status="done", done_at=utcnow()))
            if action.recur:
                try:
                    following = next_occurrence_of(action, today)
                except DateError as error:  # the repeat ran off the end of the calendar
                    self.desk.warn(f"action {action_id} is done, with no next one: {error}")
                else:
                    self.add(following)
        return done

    def reopen(self, action_id: int) -> Action:
        action = self.get(action_id)
        status = "waiting" if action.owner else "todo"
        return self.update(action.copy(status=status, done_at=None), f"reopen action {action_id}")

    def toggle(self, action_id: int, today: date | None = None) -> Action:
        if self.get(action_id).is_open:
            return self.complete(action_id, today)
        return self.reopen(action_id)


def next_occurrence_of(action: Action, today: date) -> Action:
    from store.dates import next_occurrence

    base = max(action.due_date or today, today)
    next_day = next_occurrence(action.recur, base)
    due: date | datetime = next_day
    if isinstance(action.due, datetime):
        due = datetime.combine(next_day, action.due.time())
    return action.copy(
        id=0,
        status="waiting" if action.owner else "todo",
        due=due,
        done_at=None,
        series_id=action.series_id or action.id,  # one series (one calendar UID) for all
    )


class MilestoneRepo(Repo[Milestone]):
    model = Milestone

    def _before_save(self, stored: Milestone, record: Milestone) -> Milestone:
        if record.forecast != stored.forecast and not _recorded(record):
            record = record.copy(moves=[*record.moves, _move(stored.forecast, record.forecast)])
        if any(getattr(stored, name) != getattr(record, name) for name in CALENDAR_FIELDS):
            record = record.copy(sequence=stored.sequence + 1)
        return record

    def move(
        self, milestone_id: int, to: date | str, reason: str = "", today: date | None = None
    ) -> Milestone:
        """Change the forecast date, keeping a record of the move.

        `to` is a day, or a date as typed: ``+3d``, ``-1w``, ``+1m`` count from the current
        forecast, anything else reads as store.dates reads it. A reason is recorded even
        when the date stays (a confirmed date is news too).
        """
        from store.dates import parse_date_from
        from store.models import as_date

        with self.desk.change(f"move milestone {milestone_id}"):
            milestone = self.get(milestone_id)
            if isinstance(to, str):
                to = as_date(parse_date_from(to, milestone.forecast, today))
            if to == milestone.forecast and not reason:
                return milestone
            move = _move(milestone.forecast, to, reason)
            moved = milestone.copy(forecast=to, moves=[*milestone.moves, move])
            return self.update(moved, f"move milestone {milestone_id}")

    def complete(self, milestone_id: int, today: date | None = None) -> Milestone:
        milestone = self.get(milestone_id)
        if milestone.status == "done":
            changed = milestone.copy(status="open", done_on=None)
        else:
            changed = milestone.copy(status="done", done_on=today or _today())
        return self.update(changed, f"complete milestone {milestone_id}")


def _today() -> date:
    # Imported here: store.dates loads dateutil, which most commands never need.
    from store.dates import today

    return today()


def _move(before: date, after: date, reason: str = "") -> dict[str, str]:
    return {
        "at": utcnow().isoformat(),
        "from": before.isoformat(),
        "to": after.isoformat(),
        "reason": reason,
    }


def _recorded(milestone: Milestone) -> bool:
    """Whether the last recorded move already lands on the milestone's forecast."""
    return bool(milestone.moves) and milestone.moves[-1]["to"] == milestone.forecast.isoformat()


class RiskRepo(Repo[Risk]):
    model = Risk

    def _before_save(self, stored: Risk, record: Risk) -> Risk:
        rescored = (stored.probability, stored.impact) != (record.probability, record.impact)
        if rescored and len(record.history) == len(stored.history):  # rescore() wrote one
            entry = {
                "at": utcnow().isoformat(),
                "probability": stored.probability,
                "impact": stored.impact,
            }
            record = record.copy(history=[*record.history, entry])
        return record

    def rescore(self, risk_id: int, probability: int, impact: int, reason: str = "") -> Risk:
        """Set both scores; the history entry keeps the scores replaced and why."""
        risk = self.get(risk_id)
        if (probability, impact) == (risk.probability, risk.impact):
            raise UserError(f"risk {risk_id} is already scored {probability}x{impact}")
        entry = {"at": utcnow().isoformat(), "probability": risk.probability}
        entry.update(impact=risk.impact, reason=reason)
        changed = risk.copy(probability=probability, impact=impact, history=[*risk.history, entry])
        return self.update(changed, f"rescore risk {risk_id}")

    def adjust(self, risk_id: int, probability: int = 0, impact: int = 0) -> Risk:
        """Raise or lower probability and impact by the given steps, kept within 1-5."""
        risk = self.get(risk_id)
        changed = risk.copy(
            probability=min(5, max(1, risk.probability + probability)),
            impact=min(5, max(1, risk.impact + impact)),
        )
        if (changed.probability, changed.impact) == (risk.probability, risk.impact):
            return risk
        return self.update(changed, f"rescore risk {risk_id}")

    def reviewed(self, risk_id: int, today: date | None = None) -> Risk:
        risk = self.get(risk_id)
        try:
            next_review = (today or _today()) + timedelta(days=risk.review_days)
        except OverflowError:
            raise UserError(
                f"risk {risk_id}: the next review, {risk.review_days} days on, "
                "would be past 9999-12-31"
            ) from None
        return self.update(risk.copy(review=next_review), f"review risk {risk_id}")

    def contingency_action(self, risk_id: int, today: date | None = None) -> Action:
        """The action the contingency of risk `risk_id` would become, not yet stored.

        The contingency is read as a quick-add line (``Rent racking @bob due:+3d``); what it
        does not say comes from the risk: its project, high priority, due today.
        """
        from store.quickadd import parse_quickadd

        risk = self.get(risk_id)
        today = today or _today()
        parsed = parse_quickadd(risk.contingency.strip() or f"Contingency for: {risk.title}", today)
        return Action(
            title=parsed.title,
            owner=parsed.owner,
            project=parsed.project or risk.project,
            tags=parsed.tags,
            priority=parsed.priority or 1,
            due=parsed.due or today,
            recur=parsed.recur,
            status="waiting" if parsed.owner else "todo",
            risk_id=risk.id,
        )

    def to_action(self, risk_id: int, today: date | None = None) -> Action:
        """Mark the risk occurred and store its contingency as a linked action."""
        action = self.contingency_action(risk_id, today)  # a bad line stores nothing
        risk = self.get(risk_id)
        with self.desk.change(f"contingency for risk {risk_id}"):
            if risk.status != "occurred":
                self.update(risk.copy(status="occurred"))
            return self.desk.actions.add(action)


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


class Desk:
    """The whole store: the repositories over one Database, with undo of the last changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.actions = ActionRepo(self)
        self.milestones = MilestoneRepo(self)
        self.risks = RiskRepo(self)
        self.notes = NoteRepo(self)
        self.archive = Archive(self)
        from store.project_repo import ProjectRepo  # it builds on Repo, defined here

        self.projects = ProjectRepo(self)
        self._history: list[_Change] = []
        self._open: _Change | None = None
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
    def change(self, label: str) -> Iterator[_Change]:
        """One undoable change (nested changes join the outer one), under the file lock."""
        if self._open is not None:
            yield self._open
            return
        self._open = _Change(label)
        try:
            with self.db.transaction():
                yield self._open
            change = self._open
        finally:
            self._open = None
        if change.steps:
            self._history = [*self._history[-49:], change]
            self._notify(change.steps)

    def _notify(self, steps: list[_Step]) -> None:
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
                table.update(_replace_with(restored), doc_ids=[step.record_id])
        self._history.pop()
        self._follow_restored(change, new_revs)
        self._notify(change.steps)
        return change.label

    def _check_undoable(self, change: _Change) -> None:
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

    def _follow_restored(self, change: _Change, new_revs: dict[tuple[str, int], int]) -> None:
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
