"""The Projects pane's questions: add a project, edit its fields, set its health with a
reason; Enter opens the project's page (through the app). Each question goes through the
Prompt modal, which keeps the typed text and shows what is wrong until it can be stored."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from store.errors import UserError

if TYPE_CHECKING:
    from textual.screen import Screen

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


def close_project(screen: DeskScreen, project_id: int) -> None:
    """Walk the closing checklist of a project (C); on ctrl+s it is closed and archived."""
    from tui.screens.close_project import CloseProject

    desk = screen.desk
    try:
        project = desk.projects.get(project_id)
        checklist = CloseProject(desk, project.name, screen.app.today())
    except UserError as error:  # closed already, or gone meanwhile
        screen.notify(str(error), severity="error")
        return

    def closed(note) -> None:
        if note is None:
            return
        screen.notify(
            f"Closed +{project.name}: its records are in the archive (R reopens); "
            f"lessons learned in note {note.id}.",
            timeout=6,
        )
        screen.load()  # what went to the archive
        show_closed(screen, keep=True)

    screen.app.push_screen(checklist, closed)


def reopen_project(screen: DeskScreen, project_id: int) -> None:
    """Bring a closed project and its records back from the archive (R)."""
    from store.project_close import reopen_project as reopen

    desk = screen.desk
    project = next((p for p in desk.projects.all(include_archive=True) if p.id == project_id), None)
    if project is None or project.status != "closed":
        screen.notify("Only a closed project reopens: v shows them in Projects.", timeout=4)
        return
    try:
        reopen(desk, project.name)
    except UserError as error:
        screen.notify(str(error), severity="error", title="Not reopened")
        return
    screen.notify(f"Reopened +{project.name} and its records.", timeout=4)
    screen.load()  # what came back from the archive
    show_closed(screen, keep=True)


def show_closed(screen: DeskScreen, keep: bool = False) -> None:
    """Show or hide (`keep`: leave as it is, re-read) the closed projects in pane 5."""
    panes = screen.query("#projects")
    if not panes:  # a project's page: it has no Projects pane
        return
    pane = panes.first()
    shown = pane.closed is not None
    if keep != shown:  # toggled off, or kept hidden
        pane.closed = None
    else:
        pane.closed = tuple(p for p in screen.desk.projects.archived() if p.status == "closed")
    pane.show(screen.state)


def ask_project(screen: Screen, verb: str) -> None:
    """Close or reopen (`verb`) from the palette: the project of a project's page, the one
    under the cursor in Projects, else the one named in a prompt."""
    from tui.screens.prompt import Prompt

    in_view = getattr(screen, "project_id", None)
    if in_view is None and getattr(screen, "active", "") == "projects":
        key = screen.pane("projects").current
        in_view = key[1] if key else None
    if in_view is not None:
        project_command(screen, verb, in_view)
        return
    chosen: list[int] = []

    def submit(text: str) -> str | None:
        name = text.strip().lstrip("+")
        found = [p for p in screen.desk.projects.all(include_archive=True) if p.name == name]
        if not found:
            return f"no project named {name!r}"
        chosen.append(found[0].id)
        return None

    def answered(ok: bool | None) -> None:
        if ok and chosen:  # the prompt is gone: the checklist may open now
            project_command(screen, verb, chosen[0])

    screen.app.push_screen(Prompt(f"{verb.capitalize()} which project?", "+name", submit), answered)


def project_command(screen: DeskScreen, verb: str, project_id: int) -> None:
    if verb == "health":
        set_health(screen, project_id)
    elif verb == "open":
        if any(p.id == project_id for p in screen.state.projects):
            screen.app.open_project(project_id)
        else:
            screen.notify("This project is closed: R reopens it.", timeout=4)
    elif verb == "close":
        close_project(screen, project_id)
    elif verb == "reopen":
        reopen_project(screen, project_id)
    elif verb == "closed":
        show_closed(screen)
