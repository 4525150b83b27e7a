"""What the desk screen hands down to its panes: every loaded record and today's date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from store.models import Action, Milestone, Note, Risk
from store.projects import Project


@dataclass(eq=False)
class DeskState:
    today: date
    actions: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    @cached_property
    def actions_by_id(self) -> dict[int, Action]:
        return {a.id: a for a in self.actions}

    def open_actions_of_note(self, note: Note) -> int:
        by_id = self.actions_by_id
        return sum(1 for i in note.action_ids if i in by_id and by_id[i].is_open)
