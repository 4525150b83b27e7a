"""`FIELD=VALUE` edits of a project, as `opsdesk edit project NAME FIELD=VALUE...` takes them.

    title=TEXT goal=TEXT sponsor=NAME owner=NAME phase=planning status=on hold
    health=amber reason=TEXT (or health_reason=) start=DATE target=DATE (empty clears)
    name=NEW (renames it everywhere)
    measure="NAME;TARGET;CURRENT;UNIT" (adds or replaces)  current:NAME=VALUE  measure-=NAME
    stakeholder="NAME;ROLE" (adds or replaces)  stakeholder-=NAME

Every assignment is checked before anything is stored: one bad one changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from store.projects import HEALTHS, PHASES, Project, ProjectError

TEXT_FIELDS = ("title", "goal", "sponsor", "owner", "name")
ALIASES = {"reason": "health_reason"}


def _date(text: str, today: date) -> date | None:
    from store.dates import as_date, parse_date

    return as_date(parse_date(text, today)) if text.strip() else None


def _choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ProjectError(f"{field} {value!r} is not one of {', '.join(allowed)}")
    return value


def _replace(entries: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    kept = [e for e in entries if e.get("name") != entry["name"]]
    position = next((i for i, e in enumerate(entries) if e.get("name") == entry["name"]), None)
    if position is None:
        return [*kept, entry]
    return [*kept[:position], entry, *kept[position:]]


def apply_assignments(project: Project, assignments: list[str], today: date) -> Project:
    """The project with every assignment made; raises ProjectError naming a bad one."""
    changes: dict[str, Any] = {}
    measures = [dict(m) for m in project.measures]
    stakeholders = [dict(s) for s in project.stakeholders]
    for assignment in assignments:
        field, equals, value = assignment.partition("=")
        field = ALIASES.get(field.strip(), field.strip())
        if not equals or not field:
            raise ProjectError(f"expected FIELD=VALUE, got {assignment!r}")
        if field in TEXT_FIELDS or field == "health_reason":
            changes[field] = value.strip()
        elif field == "health":
            changes[field] = _choice(field, value.strip(), HEALTHS)
        elif field == "phase":
            changes[field] = _choice(field, value.strip(), PHASES)
        elif field == "status":
            changes[field] = _choice(field, value.strip(), ("active", "on hold"))
        elif field in ("start", "target"):
            changes[field] = _date(value, today)
        elif field == "measure":
            parts = [p.strip() for p in value.split(";")]
            if not parts[0] or len(parts) > 4:
                raise ProjectError(f"measure wants NAME;TARGET;CURRENT;UNIT, got {value!r}")
            parts += [""] * (4 - len(parts))
            entry = dict(zip(("name", "target", "current", "unit"), parts, strict=True))
            measures = _replace(measures, entry)
        elif field.startswith("current:"):
            name = field.removeprefix("current:").strip()
            match = [m for m in measures if m.get("name") == name]
            if not match:
                raise ProjectError(f"no measure named {name!r}")
            match[0]["current"] = value.strip()
        elif field == "measure-":
            if not any(m.get("name") == value.strip() for m in measures):
                raise ProjectError(f"no measure named {value.strip()!r}")
            measures = [m for m in measures if m.get("name") != value.strip()]
        elif field == "stakeholder":
            name, _, role = (p.strip() for p in value.partition(";"))
            if not name:
                raise ProjectError(f"stakeholder wants NAME;ROLE, got {value!r}")
            stakeholders = _replace(stakeholders, {"name": name, "role": role})
        elif field == "stakeholder-":
            stakeholders = [s for s in stakeholders if s.get("name") != value.strip()]
        elif field == "status" or field == "closed_on":
            raise ProjectError("close a project with: opsdesk project close NAME")
        else:
            raise ProjectError(f"a project has no field {field!r}")
    return project.copy(**changes, measures=measures, stakeholders=stakeholders)
