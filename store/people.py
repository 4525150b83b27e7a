"""People: who owes what. Owners and meeting attendees, each with what they hold open,
what is overdue, what the PM waits on from them (and since when), and their meetings.

Pure functions of the records and `today`; the TUI's people view and `opsdesk people` share
them, and `nudge` writes the short, polite reminder a person can paste into chat or mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.models import Action, Milestone, Note, Risk
from store.report import local_day


@dataclass
class Waiting:
    action: Action
    since: date
    days: int


@dataclass
class Person:
    name: str
    open: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    last_meeting: Note | None = None
    next_meeting: Note | None = None

    def to_json(self) -> dict[str, Any]:
        def meeting(note: Note | None) -> dict[str, Any] | None:
            if note is None:
                return None
            return {"id": note.id, "title": note.title, "start": note.start.isoformat()}

        return {
            "name": self.name,
            "open": [a.id for a in self.open],
            "overdue": [a.id for a in self.overdue],
            "waiting": [
                {
                    "id": w.action.id,
                    "title": w.action.title,
                    "since": w.since.isoformat(),
                    "days": w.days,
                }
                for w in self.waiting
            ],
            "milestones": [m.id for m in self.milestones],
            "risks": [r.id for r in self.risks],
            "last_meeting": meeting(self.last_meeting),
            "next_meeting": meeting(self.next_meeting),
        }


def people(
    actions: list[Action],
    notes: list[Note],
    milestones: list[Milestone],
    risks: list[Risk],
    today: date,
) -> list[Person]:
    """Everyone named as an owner or an attendee, by name."""
    found: dict[str, Person] = {}

    def person(name: str) -> Person:
        return found.setdefault(name, Person(name))

    for action in sorted(actions, key=lambda a: (a.due_date or date.max, a.id)):
        if not action.owner or not action.is_open:
            continue
        who = person(action.owner)
        who.open.append(action)
        if action.due_date is not None and action.due_date < today:
            who.overdue.append(action)
        since = local_day(action.created) or today
        who.waiting.append(Waiting(action, since, max(0, (today - since).days)))
    for milestone in milestones:
        if milestone.owner and milestone.status == "open":
            person(milestone.owner).milestones.append(milestone)
    for risk in risks:
        if risk.owner and risk.is_open:
            person(risk.owner).risks.append(risk)
    for note in sorted(notes, key=lambda n: (n.start, n.id)):
        for name in note.attendees:
            who = person(name)
            if note.start.date() <= today:
                who.last_meeting = note
            elif who.next_meeting is None:
                who.next_meeting = note
    for who in found.values():
        who.waiting.sort(key=lambda w: (w.since, w.action.id))
    return sorted(found.values(), key=lambda p: p.name.casefold())


def nudge(who: Person, today: date) -> str:
    """A short, polite reminder of what is outstanding, ready to paste."""
    if not who.open:
        return f"Hi {who.name}, nothing outstanding from you at the moment. Thanks!"
    lines = [f"Hi {who.name}, a quick check on what I am waiting for from you:"]
    for action in who.open:
        due = ""
        if action.due_date is not None:
            late = " (overdue)" if action.due_date < today else ""
            due = f", due {action.due_date.strftime('%a %d %b')}{late}"
        project = f" [{action.project}]" if action.project else ""
        lines.append(f"- {action.title}{project}{due}")
    lines.append("Could you let me know where these stand, or when I can expect them? Thanks!")
    return "\n".join(lines)
