"""Closing a project: the checklist (milestones, open actions, open risks, final measure
values, a lessons-learned note), then its records leave the working set for the archive.

The TUI and `opsdesk project close` fill a ClosePlan (the CLI by asking, or `--yes` for the
defaults: open milestones and actions cancelled, open risks closed, an empty lessons note
from the template) and hand it to `close_project`, which does it all as one change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from store.models import Action, Milestone, Note, Risk
from store.projects import Project, ProjectError

if TYPE_CHECKING:
    from store.repository import Desk

LESSONS_TEMPLATE = (
    "## What went well\n-\n\n## What did not go well\n-\n\n## What to change next time\n-\n"
)
ACTION_CHOICES = ("cancel", "keep", "move")


@dataclass
class ClosePlan:
    milestones: dict[int, str] = field(default_factory=dict)  # id -> done | cancelled
    actions: dict[int, str] = field(default_factory=dict)  # id -> cancel | keep | move
    move_to: str = ""  # the project moved actions go to
    measures: dict[str, str] = field(default_factory=dict)  # name -> final value
    lessons: str = LESSONS_TEMPLATE


@dataclass
class Checklist:
    """What still needs a decision before the project can close."""

    project: Project
    milestones: list[Milestone]
    actions: list[Action]
    risks: list[Risk]


def checklist(desk: Desk, name: str) -> Checklist:
    project = desk.projects.named(name)
    if project.status == "closed":
        raise ProjectError(f"project {project.name!r} is already closed")
    return Checklist(
        project,
        [m for m in desk.milestones.all() if m.project == project.name and m.status == "open"],
        [a for a in desk.actions.all() if a.project == project.name and a.is_open],
        [r for r in desk.risks.all() if r.project == project.name and r.is_open],
    )


def default_plan(items: Checklist) -> ClosePlan:
    """What `--yes` does: cancel what is open, keep the measures, an empty lessons note."""
    return ClosePlan(
        milestones={m.id: "cancelled" for m in items.milestones},
        actions={a.id: "cancel" for a in items.actions},
    )


def close_project(desk: Desk, name: str, plan: ClosePlan, today: date) -> Note:
    """Close the project as planned, as one change; returns the lessons-learned note."""
    items = checklist(desk, name)
    project = items.project
    if any(choice == "move" for choice in plan.actions.values()):
        target = desk.projects.named(plan.move_to)
        if target.name == project.name or target.status == "closed":
            raise ProjectError(f"cannot move actions to project {plan.move_to!r}")
    with desk.change(f"close project {project.name}"):
        for milestone in items.milestones:
            if plan.milestones.get(milestone.id, "cancelled") == "done":
                desk.milestones.update(milestone.copy(status="done", done_on=today))
            else:
                desk.milestones.update(milestone.copy(status="cancelled"))
        for action in items.actions:
            choice = plan.actions.get(action.id, "cancel")
            if choice == "move":
                desk.actions.update(action.copy(project=plan.move_to.strip().lstrip("+")))
            elif choice == "cancel":
                desk.actions.update(action.copy(status="cancelled"))
        for risk in items.risks:
            desk.risks.update(risk.copy(status="closed"))
        measures = [
            {**m, "current": plan.measures.get(str(m.get("name")), m.get("current", ""))}
            for m in project.measures
        ]
        desk.projects.update(project.copy(measures=measures))
        note = desk.notes.save(
            Note(
                title=f"Lessons learned: {project.label}",
                project=project.name,
                start=datetime.combine(today, datetime.now().time()).replace(
                    second=0, microsecond=0
                ),
                body=plan.lessons,
            ),
            today=today,
        )
        desk.projects.close(project.name, today=today)
        desk.archive.archive_project(project.name)
    return note


def reopen_project(desk: Desk, name: str) -> Project:
    """Bring a closed project and its records back to the working set, active again."""
    with desk.change(f"reopen project {name}"):
        desk.archive.restore_project(name.strip().lstrip("+"))
        return desk.projects.reopen(name)
