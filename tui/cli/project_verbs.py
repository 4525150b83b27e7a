"""`opsdesk project list|show|add|edit|close|reopen`: projects from scripts and a shell."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.dates import today
from store.errors import UserError
from store.text import safe_text
from tui.cli.common import dump, open_desk, say


def _desk(args: argparse.Namespace) -> Any:
    return open_desk(args)


def as_json(project: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = project.to_doc()
    doc.update(id=project.id, kind="project", **(extra or {}))
    return doc


def _counts(desk: Any, name: str) -> dict[str, int]:
    now = today()
    actions = [a for a in desk.actions.all() if a.project == name and a.is_open]
    return {
        "open_actions": len(actions),
        "overdue_actions": sum(1 for a in actions if a.due_date and a.due_date < now),
        "open_milestones": sum(
            1 for m in desk.milestones.all() if m.project == name and m.status == "open"
        ),
        "open_risks": sum(1 for r in desk.risks.all() if r.project == name and r.is_open),
    }


def cmd_list(args: argparse.Namespace) -> None:
    desk = _desk(args)
    projects = desk.projects.all(include_archive=args.all)
    if not args.all:
        projects = [p for p in projects if p.is_active]
    if args.json:
        dump([as_json(p) for p in projects])
        return
    for p in projects:
        title = f"  {p.title}" if p.title else ""
        say(safe_text(f"{p.name}  {p.health.upper()}  {p.phase}  [{p.status}]{title}"))


def cmd_show(args: argparse.Namespace) -> None:
    desk = _desk(args)
    project = desk.projects.named(args.name)
    counts = _counts(desk, project.name)
    if args.json:
        dump(as_json(project, counts))
        return
    lines = [
        f"+{project.name}  {project.title}".rstrip(),
        f"status {project.status}, phase {project.phase}",
        f"health {project.health.upper()}"
        + (f": {project.health_reason}" if project.health_reason else ""),
    ]
    for label, value in (
        ("goal", project.goal),
        ("sponsor", project.sponsor),
        ("owner", project.owner),
    ):
        if value:
            lines.append(f"{label}: {value}")
    dates = [
        f"{k} {v.isoformat()}"
        for k, v in (("start", project.start), ("target", project.target))
        if v
    ]
    if dates:
        lines.append(", ".join(dates))
    for m in project.measures:
        unit = f" {m.get('unit')}" if m.get("unit") else ""
        lines.append(
            f"measure {m.get('name')}: target {m.get('target')}{unit}, "
            f"current {m.get('current')}{unit}"
        )
    for s in project.stakeholders:
        lines.append(f"stakeholder {s.get('name')}" + (f" ({s['role']})" if s.get("role") else ""))
    for h in project.health_history:
        reason = f": {h['reason']}" if h.get("reason") else ""
        lines.append(f"health {h.get('on')} {h.get('from')} -> {h.get('to')}{reason}")
    lines.append(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    for line in lines:
        say(safe_text(line))


def cmd_add(args: argparse.Namespace) -> None:
    from store.project_fields import apply_assignments
    from store.projects import Project, check_name

    fields = [
        f"{k}={getattr(args, k)}"
        for k in ("title", "goal", "owner", "sponsor", "start", "target")
        if getattr(args, k)
    ]
    project = apply_assignments(
        Project(name=check_name(args.name)), [*fields, f"phase={args.phase}"], today()
    )
    added = _desk(args).projects.add(project)
    say(safe_text(added.name))


def cmd_edit(args: argparse.Namespace) -> None:
    edit_project(_desk(args), args.name, args.assignments)


def edit_project(desk: Any, name: str, assignments: list[str]) -> None:
    """`edit project NAME FIELD=VALUE...`, shared with the generic `edit` command."""
    from store.project_fields import apply_assignments

    project = desk.projects.named(name)
    changed = apply_assignments(project, assignments, today())
    saved = desk.projects.update(changed)
    say(safe_text(f"edited project {saved.name}"))


def cmd_close(args: argparse.Namespace) -> None:
    from store.project_close import checklist, close_project, default_plan

    desk = _desk(args)
    items = checklist(desk, args.name)
    if args.yes:
        plan = default_plan(items)
    elif sys.stdin is not None and sys.stdin.isatty():
        from tui.cli.close import ask_plan

        plan = ask_plan(desk, items)
    else:
        raise UserError("closing asks questions on a terminal; pass --yes to close without them")
    note = close_project(desk, items.project.name, plan, today())
    say(safe_text(f"closed project {items.project.name}; lessons learned in note {note.id}"))


def cmd_reopen(args: argparse.Namespace) -> None:
    from store.project_close import reopen_project

    project = reopen_project(_desk(args), args.name)
    say(safe_text(f"reopened project {project.name}"))
