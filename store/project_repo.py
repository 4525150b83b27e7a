"""The project repository: projects by name, health with history, close, reopen, rename.

A `+name` nobody has described yet creates a bare project quietly, so capture never stops
to ask; a rename rewrites the name in every record that holds it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from store.errors import NotFoundError
from store.models import utcnow
from store.projects import HEALTHS, Project, ProjectError, check_name
from store.repo import Repo

if TYPE_CHECKING:
    from store.repository import Desk


def _today() -> date:
    from store import dates

    return getattr(dates, "today", date.today)()


class ProjectRepo(Repo[Project]):
    """Projects by name; the other records refer to a project by its name."""

    model = Project

    def all(self, include_archive: bool = False) -> list[Project]:
        return sorted(super().all(include_archive), key=lambda p: p.name)

    def active(self) -> list[Project]:
        return [p for p in self.all() if p.is_active]

    def find(self, name: str) -> Project | None:
        """The project of that name, in the working file or else in the archive."""
        name = name.strip().lstrip("+")
        sources = [self.desk.db.documents]
        if self.desk.archive.may_hold_project(name):  # else no need to read the archive
            sources.append(self.desk.archive.documents)
        for documents in sources:
            for key, doc in documents(Project.TABLE).items():
                if doc.get("name") == name and not doc.get("deleted"):
                    return Project.from_doc(doc, int(key))
        return None

    def named(self, name: str) -> Project:
        project = self.find(name)
        if project is None:
            raise NotFoundError(f"no project named {name.strip()!r}")
        return project

    def add(self, project: Project, label: str = "") -> Project:
        project = project.copy(name=check_name(project.name), start=project.start or _today())
        with self.desk.change(label or f"add project {project.name}"):
            if self.find(project.name) is not None:
                raise ProjectError(f"project {project.name!r} already exists")
            return super().add(project)

    def ensure(self, name: str) -> None:
        """Create a bare project for a name nobody described yet (quick-add's `+name`)."""
        if name and self.find(name) is None:
            self.add(Project(name=name))

    def update(self, project: Project, label: str = "") -> Project:
        """Store an edited project; a new name renames it in every record that holds it."""
        stored = self.get(project.id)
        renamed = project.name != stored.name
        if renamed:
            project = project.copy(name=check_name(project.name))
        with self.desk.change(label or f"edit project {stored.name}"):
            if renamed and self.find(project.name) is not None:
                raise ProjectError(f"project {project.name!r} already exists")
            project = super().update(project)  # first, so the records find their project
            if renamed:
                _rename_everywhere(self.desk, stored.name, project.name)
            return project

    def _before_save(self, stored: Project, record: Project) -> Project:
        if record.health != stored.health and record.health_history == stored.health_history:
            entry = _health_entry(stored.health, record.health, record.health_reason)
            record = record.copy(health_history=[*record.health_history, entry])
        return record

    def edit(self, name: str, /, **fields: Any) -> Project:
        return self.update(self.named(name).copy(**fields))

    def rename(self, name: str, new_name: str) -> Project:
        return self.edit(name, name=new_name)

    def set_health(
        self, name: str, health: str, reason: str = "", today: date | None = None
    ) -> Project:
        """Change the health, keeping the change (when, from, to, why) in its history."""
        if health not in HEALTHS:
            raise ProjectError(f"health {health!r} is not one of {', '.join(HEALTHS)}")
        project = self.named(name)
        if health == project.health and reason == project.health_reason:
            return project
        entry = _health_entry(project.health, health, reason, today)
        changed = project.copy(
            health=health, health_reason=reason, health_history=[*project.health_history, entry]
        )
        return self.update(changed, f"set health of {project.name}")

    def close(self, name: str, today: date | None = None) -> Project:
        project = self.named(name)
        if project.status == "closed":
            raise ProjectError(f"project {project.name!r} is already closed")
        closed = project.copy(status="closed", phase="closing", closed_on=today or _today())
        return self.update(closed, f"close project {project.name}")

    def reopen(self, name: str) -> Project:
        project = self.named(name)
        if project.status != "closed":
            raise ProjectError(f"project {project.name!r} is not closed")
        reopened = project.copy(status="active", closed_on=None)
        return self.update(reopened, f"reopen project {project.name}")


def _health_entry(
    before: str, after: str, reason: str, today: date | None = None
) -> dict[str, str]:
    return {
        "on": (today or _today()).isoformat(),
        "at": utcnow().isoformat(),
        "from": before,
        "to": after,
        "reason": reason,
    }


def _token(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)\+{re.escape(name)}(?!\S)")


def _rename_everywhere(desk: Desk, old: str, new: str) -> None:
    """Every record of `old` now says `new`; so do `+old` tokens in note bodies and the
    action lines they made, or the next save of the note would bring the old name back."""
    token = _token(old)
    for repo in (desk.actions, desk.milestones, desk.risks, desk.notes):
        for record in repo.all():
            changes: dict[str, Any] = {}
            if record.project == old:
                changes["project"] = new
            for text_field in ("body", "note_line"):
                text = getattr(record, text_field, "")
                if text and token.search(text):
                    changes[text_field] = token.sub(f"+{new}", text)
            if changes:
                repo.update(record.copy(rev=0, **changes), f"rename project {old}")
