"""The Projects pane's questions: add a project, edit its fields, set its health with a
reason; Enter opens the project's page (through the app). Each question goes through the
Prompt modal, which keeps the typed text and shows what is wrong until it can be stored."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from store.errors import UserError

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen

EDIT_HELP = (
    "FIELD=VALUE ...  title= goal= owner= sponsor= phase= status= start= target= name=NEW\n"
    'measure="NAME;TARGET;CURRENT;UNIT"  current:NAME=VALUE  stakeholder="NAME;ROLE"'
)


def _stored(call) -> str | None:
    try:
        call()
    except (UserError, ValueError) as error:
        return str(error)
    return None


def add_project(screen: DeskScreen) -> None:
    from store.projects import Project
    from tui.screens.prompt import Prompt

    def submit(text: str) -> str | None:
        name, _, title = text.strip().partition(" ")
        if not name:
            return "type the project's +name first, then its title"
        return _stored(
            lambda: screen.desk.projects.add(Project(name=name.lstrip("+"), title=title.strip()))
        )

    screen.app.push_screen(Prompt("New project", "+name and title: +hq HQ refit", submit))


def edit_project(screen: DeskScreen, project_id: int) -> None:
    from store.project_fields import apply_assignments
    from tui.screens.prompt import Prompt

    desk = screen.desk
    project = desk.projects.get(project_id)

    def submit(text: str) -> str | None:
        try:
            assignments = shlex.split(text)
        except ValueError as error:
            return f"cannot read that: {error}"
        if not assignments:
            return "type at least one FIELD=VALUE"

        def save() -> None:
            fresh = desk.projects.get(project_id)
            desk.projects.update(apply_assignments(fresh, assignments, screen.app.today()))

        return _stored(save)

    screen.app.push_screen(Prompt(f"Edit +{project.name}", EDIT_HELP, submit))


def set_health(screen: DeskScreen, project_id: int) -> None:
    from tui.screens.prompt import Prompt

    desk = screen.desk
    project = desk.projects.get(project_id)

    def submit(text: str) -> str | None:
        health, _, reason = text.partition(":")
        health = health.strip().lower()
        if not reason.strip():
            return "say why: amber: racking a week late"
        today = screen.app.today()
        return _stored(
            lambda: desk.projects.set_health(project.name, health, reason.strip(), today)
        )

    current = f"{project.health}: {project.health_reason}".rstrip(": ")
    screen.app.push_screen(
        Prompt(
            f"Health of +{project.name}",
            "green, amber or red, a colon, then the reason",
            submit,
            value=current + (": " if not project.health_reason else ""),
        )
    )


def project_command(screen: DeskScreen, verb: str, project_id: int) -> None:
    if verb == "health":
        set_health(screen, project_id)
    elif verb == "open":
        screen.app.open_project(project_id)
