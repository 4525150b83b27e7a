"""The Today agenda: what must be done or chased today, from the loaded records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from store.models import RISK_OPEN, Action, Milestone, Risk

if TYPE_CHECKING:
    from store.repository import Desk

UPCOMING_DAYS = 7
MILESTONE_DAYS = 14


@dataclass
class Agenda:
    """The records of each Today section, in the order shown."""

    overdue: list[Action] = field(default_factory=list)
    due_today: list[Action] = field(default_factory=list)
    in_progress: list[Action] = field(default_factory=list)
    waiting: list[Action] = field(default_factory=list)
    upcoming: list[Action] = field(default_factory=list)
    reviews: list[Risk] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    SECTIONS = (
        ("overdue", "Overdue"),
        ("due_today", "Due today"),
        ("in_progress", "In progress"),
        ("waiting", "Waiting for"),
        ("upcoming", "Next 7 days"),
        ("reviews", "Risk reviews due"),
        ("milestones", "Milestones, next 14 days"),
    )

    def sections(self) -> list[tuple[str, str, list]]:
        """(key, heading, records) for each section, in display order."""
        return [(key, heading, getattr(self, key)) for key, heading in self.SECTIONS]


def section_of(action: Action, today: date) -> str | None:
    """The one agenda section an open action belongs to, most urgent first."""
    if not action.is_open:
        return None
    due = action.due_date
    if due is not None and due < today:
        return "overdue"
    if due == today:
        return "due_today"
    if action.status == "doing":
        return "in_progress"
    if action.is_waiting:
        return "waiting"
    if due is not None and due <= today + timedelta(days=UPCOMING_DAYS):
        return "upcoming"
    return None


def build_agenda(
    actions: Iterable[Action],
    risks: Iterable[Risk],
    milestones: Iterable[Milestone],
    today: date,
) -> Agenda:
    agenda = Agenda()
    for action in actions:
        section = section_of(action, today)
        if section:
            getattr(agenda, section).append(action)
    for name in ("overdue", "due_today", "in_progress", "waiting", "upcoming"):
        getattr(agenda, name).sort(key=order_in(name))
    agenda.reviews = sorted(
        (r for r in risks if r.is_open and r.review is not None and r.review <= today),
        key=lambda r: (-r.score, r.review, r.id),
    )
    horizon = today + timedelta(days=MILESTONE_DAYS)
    agenda.milestones = sorted(
        (m for m in milestones if m.status == "open" and m.forecast <= horizon),
        key=lambda m: (m.forecast, m.id),
    )
    return agenda


def agenda_of(desk: Desk, today: date) -> Agenda:
    """The agenda of the desk's working file, as build_agenda makes it from every record,
    decoding only the records it may show (see may_show)."""
    shown = may_show(today)
    return build_agenda(
        desk.actions.where(shown["actions"]),
        desk.risks.where(shown["risks"]),
        desk.milestones.where(shown["milestones"]),
        today,
    )


def may_show(today: date) -> dict[str, Callable[[dict], bool]]:
    """For each table, whether build_agenda may show the record of a stored document: open
    actions, open risks whose review is due and open milestones before the horizon (ISO
    days compare as text). build_agenda decides; the others are not worth decoding."""
    day, horizon = today.isoformat(), (today + timedelta(days=MILESTONE_DAYS)).isoformat()
    action_status, risk_status = _stored(Action, "status"), _stored(Risk, "status")
    review, milestone_status = _stored(Risk, "review"), _stored(Milestone, "status")
    return {
        "actions": lambda doc: action_status(doc) not in ("done", "cancelled"),
        "risks": lambda doc: risk_status(doc) in RISK_OPEN and (review(doc) or "9999") <= day,
        "milestones": lambda doc: milestone_status(doc) == "open" and doc["forecast"] <= horizon,
    }


def _stored(model: type, name: str) -> Callable[[dict], Any]:
    """A stored document's field, or the model's default when the document leaves it out."""
    default = model.__dataclass_fields__[name].default
    return lambda doc: doc.get(name, default)


def order_in(section: str) -> Callable[[Action], tuple]:
    """The sort key of the actions in an agenda section: what comes next reads as a
    calendar (tomorrow before Thursday, whatever the priority), the rest by priority."""
    return _due_then_priority if section == "upcoming" else _priority_then_due


def _priority_then_due(action: Action) -> tuple:
    return (action.priority or 4, action.due_date or date.max, action.id)


def _due_then_priority(action: Action) -> tuple:
    due = action.due
    time_of_day = due.time() if isinstance(due, datetime) else None
    day = action.due_date or date.max
    return (day, time_of_day is None, time_of_day, action.priority or 4, action.id)


def order_text(section: str, record: Action | Risk | Milestone) -> str:
    """The section's sort key but the id, as text that sorts the same way: with the id after
    it, what a kept `opsdesk today` answer puts a changed record back in its place by
    (tui/cli/today_cache.py)."""
    if isinstance(record, Risk):
        return f"{100 - record.score:03d}{record.review.isoformat()}"
    if isinstance(record, Milestone):
        return record.forecast.isoformat()
    priority = f"{record.priority or 4:02d}"
    day = (record.due_date or date.max).isoformat()
    if section != "upcoming":
        return priority + day
    due = record.due
    time_of_day = f"0{due.time():%H:%M:%S.%f}" if isinstance(due, datetime) else "1"
    return day + time_of_day + priority
