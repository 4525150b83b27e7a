"""The records of opsdesk as plain dataclasses, and their JSON document form.

Dates a person chose (due, forecast, review) are naive local `date` or `datetime`;
bookkeeping timestamps (created, updated, done) are aware UTC `datetime`s.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, Self

from store.dates import as_date
from store.dates import today as current_day

ACTION_STATUSES = ("todo", "doing", "waiting", "done", "cancelled")
MILESTONE_STATUSES = ("open", "done", "cancelled")
RISK_STATUSES = ("open", "mitigating", "closed", "occurred")
RISK_OPEN = ("open", "mitigating")  # a risk still to be watched
PRIORITY_NAMES = {1: "high", 2: "med", 3: "low"}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


_datetime, _date = datetime.fromisoformat, date.fromisoformat


@dataclass(frozen=True)
class _Plan:
    """How from_doc fills one model: which keys it takes and what they become."""

    names: frozenset[str]
    lists: tuple[str, ...]  # copied, so records never share lists with the storage
    # ISO text in the document, date or datetime in the record: (name, always a date-time:
    # a bare day is midnight)
    dates: tuple[tuple[str, bool], ...]
    required: frozenset[str]
    defaults: dict[str, Any]
    factories: tuple[tuple[str, Callable[[], Any]], ...]
    post_init: Callable[[Any], None] | None


@functools.cache
def _plan(cls: type[Record]) -> _Plan:
    fields = dataclasses.fields(cls)
    types = {f.name: f.type for f in fields}
    missing = dataclasses.MISSING
    return _Plan(
        names=frozenset(f.name for f in fields),
        lists=tuple(
            f.name for f in fields if f.default_factory is list or str(f.type).startswith("list")
        ),
        dates=tuple(
            (name, str(types[name]).startswith("datetime"))
            for name in ("created", "updated", *cls.WHEN_FIELDS)
        ),
        required=frozenset(
            f.name for f in fields if f.default is missing and f.default_factory is missing
        ),
        defaults={f.name: f.default for f in fields if f.default is not missing},
        factories=tuple(
            (f.name, f.default_factory) for f in fields if f.default_factory is not missing
        ),
        post_init=getattr(cls, "__post_init__", None),
    )


@dataclass(kw_only=True)
class Record:
    """What every record has: a short typeable id, timestamps and a revision."""

    KIND: ClassVar[str] = ""
    TABLE: ClassVar[str] = ""
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: int = 0
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    rev: int = 0

    def to_doc(self) -> dict[str, Any]:
        """The JSON document stored in TinyDB (the id is the document id, not stored)."""
        doc = {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}
        del doc["id"]
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any], doc_id: int) -> Self:
        # Runs for every record when a large file loads (10k+), so the field plan is worked
        # out once per class and __init__ is bypassed; what it would do is done here.
        # The document's values go straight into the new record's attributes.
        plan = _plan(cls)
        record = object.__new__(cls)
        values = record.__dict__
        if plan.names.issuperset(doc):
            values.update(doc)
        else:  # a key this version does not know (a newer file, a removed field)
            values.update((key, value) for key, value in doc.items() if key in plan.names)
        for key in plan.lists:
            value = values.get(key)
            if value.__class__ is list:  # never share lists with the storage's cache
                values[key] = [dict(v) if v.__class__ is dict else v for v in value]
        for key, timed in plan.dates:
            value = values.get(key)
            if value:
                values[key] = _datetime(value) if timed or "T" in value else _date(value)
            elif key in values:
                values[key] = None
        values["id"] = doc_id
        if len(values) < len(plan.names):  # a document that leaves fields out (values ⊆ names)
            if not plan.required <= values.keys():
                missing = ", ".join(sorted(plan.required - values.keys()))
                raise TypeError(f"{cls.__name__} document {doc_id} lacks {missing}")
            for key, default in plan.defaults.items():
                values.setdefault(key, default)
            for key, factory in plan.factories:
                if key not in values:
                    values[key] = factory()
        if plan.post_init is not None:
            plan.post_init(record)
        return record

    def copy(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    def consistent(self) -> Self:
        """This record with the fields that follow from others set to agree (the repository
        stores only consistent records, whatever a form or an overwrite hands it)."""
        return self


@dataclass(kw_only=True)
class Action(Record):
    """Something to do, or to chase when someone else owns it (a waiting-for)."""

    KIND: ClassVar[str] = "action"
    TABLE: ClassVar[str] = "actions"
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ("due", "done_at")

    title: str
    status: str = "todo"
    due: date | datetime | None = None
    priority: int | None = None  # 1 high, 2 medium, 3 low
    owner: str = ""  # empty: mine; anyone else: I am waiting for them
    project: str = ""
    tags: list[str] = field(default_factory=list)
    recur: str = ""  # the every: rule as typed, e.g. "mon" or "2w"
    series_id: int | None = None  # a repeating action's first occurrence; None on that one
    milestone_id: int | None = None
    risk_id: int | None = None
    note_id: int | None = None
    notes: str = ""
    note_line: str = ""  # the `- [ ]` line of the meeting note this action came from
    done_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in ("done", "cancelled")

    def consistent(self) -> Self:
        if self.status == "done" and self.done_at is None:
            return self.copy(done_at=utcnow())
        if self.status != "done" and self.done_at is not None:
            return self.copy(done_at=None)
        return self

    @property
    def is_waiting(self) -> bool:
        return self.is_open and (self.status == "waiting" or bool(self.owner))

    @property
    def due_date(self) -> date | None:
        return as_date(self.due)


@dataclass(kw_only=True)
class Milestone(Record):
    """A dated point of a project's plan: its forecast moves, its baseline stays."""

    KIND: ClassVar[str] = "milestone"
    TABLE: ClassVar[str] = "milestones"
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ("baseline", "forecast", "done_on")

    title: str
    forecast: date
    baseline: date | None = None  # first planned date; set from forecast when added
    project: str = ""
    status: str = "open"
    owner: str = ""
    description: str = ""
    done_on: date | None = None
    moves: list[dict[str, Any]] = field(default_factory=list)  # at, from, to, reason
    uid: str = ""
    sequence: int = 0

    def __post_init__(self) -> None:
        if self.baseline is None:
            self.baseline = self.forecast

    def consistent(self) -> Self:
        if self.status == "done" and self.done_on is None:
            return self.copy(done_on=current_day())
        if self.status != "done" and self.done_on is not None:
            return self.copy(done_on=None)
        return self

    @property
    def slip_days(self) -> int:
        return (self.forecast - (self.baseline or self.forecast)).days

    def state(self, today: date) -> str:
        """done, late (forecast passed, not done), slipped (later than baseline) or on track."""
        if self.status == "done":
            return "done"
        if self.status == "cancelled":
            return "cancelled"
        if self.forecast < today:
            return "late"
        if self.slip_days > 0:
            return "slipped"
        return "on track"


@dataclass(kw_only=True)
class Risk(Record):
    """What may go wrong, scored probability x impact, reviewed every few days."""

    KIND: ClassVar[str] = "risk"
    TABLE: ClassVar[str] = "risks"
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ("review",)

    title: str
    probability: int = 3
    impact: int = 3
    project: str = ""
    owner: str = ""
    trigger: str = ""
    mitigation: str = ""
    contingency: str = ""
    status: str = "open"
    review: date | None = None
    review_days: int = 14
    history: list[dict[str, Any]] = field(default_factory=list)  # at, probability, impact

    @classmethod
    def new(cls, today: date, **fields: Any) -> Risk:
        """A risk not stored yet (the form's and `opsdesk risk add`'s): without a review date
        it is first reviewed one interval from `today`, not due the moment it is stored."""
        risk = cls(**fields)
        if risk.review is None and date.max - today >= timedelta(days=risk.review_days):
            risk = risk.copy(review=today + timedelta(days=risk.review_days))
        return risk

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def band(self) -> str:
        """high (15-25), medium (8-14) or low (1-7)."""
        if self.score >= 15:
            return "high"
        if self.score >= 8:
            return "medium"
        return "low"

    @property
    def is_open(self) -> bool:
        return self.status in RISK_OPEN

    @property
    def trend(self) -> int:
        """+1 if the score rose at the last change, -1 if it fell, 0 otherwise."""
        if not self.history:
            return 0
        last = self.history[-1]
        before = last.get("probability", self.probability) * last.get("impact", self.impact)
        return (self.score > before) - (self.score < before)


@dataclass(kw_only=True)
class Note(Record):
    """A meeting note: who was there, the body, its decisions and the actions it made."""

    KIND: ClassVar[str] = "note"
    TABLE: ClassVar[str] = "notes"
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ("start",)

    title: str
    start: datetime = field(default_factory=lambda: datetime.now().replace(second=0, microsecond=0))
    attendees: list[str] = field(default_factory=list)
    project: str = ""
    body: str = ""
    action_ids: list[int] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    uid: str = ""  # the invitation's UID for a note imported from an .ics file
    # True on a copy read without its body, which is kept in the archive file (see
    # store/note_bodies.py); never stored by to_doc: the archive writes the marker itself.
    body_archived: bool = False

    def to_doc(self) -> dict[str, Any]:
        doc = super().to_doc()
        del doc["body_archived"]
        return doc


MODELS: dict[str, type[Record]] = {m.TABLE: m for m in (Action, Milestone, Risk, Note)}
