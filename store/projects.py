"""Projects as records: the `+name` every action, milestone, risk and note points to.

A project is keyed by its name (what `+name` says); the other records keep holding the
name. The repository (store.project_repo) renames it everywhere and creates a bare project
for a `+name` nobody described yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from store.errors import UserError
from store.models import MODELS, Record

HEALTHS = ("green", "amber", "red")
PHASES = ("initiating", "planning", "executing", "closing")
PROJECT_STATUSES = ("active", "on hold", "closed")
# The tables whose records carry a `project` name.
LINKED_TABLES = ("actions", "milestones", "risks", "notes")
# Quick-add's `+name` is one word, but the CLI's --project takes any text: a name only has
# to be something a line can show (no control characters, no edge spaces).
NAME = re.compile(r"[^\x00-\x1f\x7f\s](?:[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s])?")


class ProjectError(UserError):
    """A project field that cannot hold what was given; the message names it."""


def check_name(name: str) -> str:
    """A project name, without the `+` someone may have typed before it."""
    name = name.strip().lstrip("+")
    if not NAME.fullmatch(name):
        raise ProjectError(
            f"project name {name!r} must be non-empty text without control characters"
        )
    return name


@dataclass(kw_only=True)
class Project(Record):
    """A project the desk's records belong to (`+name`), with its health and phase."""

    KIND: ClassVar[str] = "project"
    TABLE: ClassVar[str] = "projects"
    WHEN_FIELDS: ClassVar[tuple[str, ...]] = ("start", "target", "closed_on")

    name: str
    title: str = ""
    goal: str = ""
    measures: list[dict[str, Any]] = field(default_factory=list)  # name, target, current, unit
    health: str = "green"
    health_reason: str = ""
    health_history: list[dict[str, Any]] = field(default_factory=list)  # on, from, to, reason
    sponsor: str = ""
    owner: str = ""
    stakeholders: list[dict[str, Any]] = field(default_factory=list)  # name, role
    phase: str = "initiating"
    start: date | None = None
    target: date | None = None
    status: str = "active"
    closed_on: date | None = None

    def __post_init__(self) -> None:
        # Also runs when a document loads: a hand-edited file with a health of "purple"
        # is refused with its id rather than drawn wrong.
        problems = [
            f"{name} {getattr(self, name)!r} is not one of {', '.join(allowed)}"
            for name, allowed in (
                ("health", HEALTHS),
                ("phase", PHASES),
                ("status", PROJECT_STATUSES),
            )
            if getattr(self, name) not in allowed
        ]
        if not isinstance(self.name, str) or not NAME.fullmatch(self.name):
            problems.append(f"name {self.name!r} is empty or holds control characters")
        for key in ("measures", "stakeholders", "health_history"):
            value = getattr(self, key)
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                problems.append(f"{key} is not a list of entries")
        if problems:
            raise ProjectError(f"project {self.id or self.name}: " + "; ".join(problems))

    @property
    def label(self) -> str:
        return self.title or self.name

    @property
    def is_active(self) -> bool:
        return self.status == "active"


MODELS[Project.TABLE] = Project  # so change listeners are told about projects too


def projects_from_names(data: dict[str, dict[str, Any]], stamp: str) -> dict[str, Any]:
    """Project documents for the `+name` strings a schema-2 file holds, for the migration."""
    first_seen: dict[str, str] = {}
    for table in LINKED_TABLES:
        for doc in data.get(table, {}).values():
            name = doc.get("project")
            if not isinstance(name, str) or not NAME.fullmatch(name):
                continue
            created = str(doc.get("created") or stamp)[:10]
            first_seen[name] = min(first_seen.get(name, created), created)
    documents = {}
    for number, name in enumerate(sorted(first_seen), 1):
        record = Project(name=name, start=date.fromisoformat(first_seen[name]))
        doc = record.to_doc()
        doc.update(created=stamp, updated=stamp, rev=1)
        documents[str(number)] = doc
    return documents
