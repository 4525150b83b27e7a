"""A project's page (Enter in Projects): its goal and measures, then its actions,
milestones on a small timeline, risks and meeting notes in the desk's own panes, with the
desk's keys (a, e, x, d, Enter...). `r` opens the project's report, `l` its decisions.

The page is the desk's record handling (DeskRecords, DeskData) over the project's share of
the records: the panes, forms, details and notes are the desk's, not copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.widgets import Static

from store.dates import format_date
from store.projects import Project
from store.text import safe_text
from tui.screens.desk_data import DeskData
from tui.screens.desk_records import RECORD_BINDINGS, DeskRecords
from tui.screens.moves import MoveBuffer
from tui.state import DeskState
from tui.widgets.key_line import KeyLine
from tui.widgets.notes_pane import NotesPane
from tui.widgets.pane import Pane
from tui.widgets.quick_add import QuickAdd
from tui.widgets.risks_pane import RisksPane
from tui.widgets.timeline_pane import TimelinePane
from tui.widgets.today_pane import TodayPane

if TYPE_CHECKING:
    from store.repository import Desk

PAGE_PANES = ("today", "timeline", "risks", "notes")
WIDE_SIZE = (120, 36)  # below this, one list at a time (as on the desk)
HEALTH_STYLES = {"green": "$success", "amber": "$warning", "red": "$error"}


def project_state(state: DeskState, name: str) -> DeskState:
    """The records of project `name`: what the page's panes show."""

    def mine(records: list) -> list:
        return [record for record in records if record.project == name]

    return DeskState(
        today=state.today,
        actions=mine(state.actions),
        milestones=mine(state.milestones),
        risks=mine(state.risks),
        notes=mine(state.notes),
        projects=[p for p in state.projects if p.name == name],
    )


def heading(project: Project, state: DeskState) -> Content:
    """The page's top lines: title and health, goal, measures (target vs current), and the
    latest decision taken in its meetings."""
    today = state.today
    parts: list[str | tuple[str, str]] = [
        (safe_text(f"+{project.name}  {project.title}".rstrip()), "bold"),
        "  ",
        (project.health.upper(), f"bold {HEALTH_STYLES.get(project.health, '')}"),
    ]
    if project.health_reason:
        parts.append(f": {safe_text(project.health_reason)}")
    facts = [project.phase, project.status]
    if project.owner:
        facts.append(f"owner {project.owner}")
    if project.target:
        facts.append(f"target {format_date(project.target, today)}")
    parts += [("  · " + safe_text(" · ".join(facts)), "$text-muted"), "\n"]
    parts += [("Goal  ", "$text-muted"), safe_text(project.goal or "(none yet: f sets it)"), "\n"]
    for measure in project.measures:
        unit = f" {measure.get('unit')}" if measure.get("unit") else ""
        parts += [
            ("  ◦ ", "$text-muted"),
            safe_text(str(measure.get("name", ""))),
            ("  target ", "$text-muted"),
            safe_text(f"{measure.get('target', '')}{unit}"),
            ("  current ", "$text-muted"),
            (safe_text(f"{measure.get('current', '')}{unit}"), "bold"),
            "\n",
        ]
    decisions = [(n.start, d) for n in state.notes for d in n.decisions]
    if decisions:
        latest = max(decisions, key=lambda pair: pair[0])
        parts += [
            (f"Decisions {len(decisions)}  latest ", "$text-muted"),
            safe_text(latest[1]),
            (f"  ({format_date(latest[0].date(), today)}; l lists them)", "$text-muted"),
        ]
    else:
        parts.append(("No decisions yet in its meetings.", "$text-muted"))
    return Content.assemble(*parts)


class ProjectPage(DeskData, DeskRecords):
    BINDINGS: ClassVar = [
        Binding("escape", "close", "Back", id="project.back"),
        Binding("1", "focus_pane('today')", "Actions", show=False, id="pane.today"),
        Binding("2", "focus_pane('timeline')", "Timeline", show=False, id="pane.timeline"),
        Binding("3", "focus_pane('risks')", "Risks", show=False, id="pane.risks"),
        Binding("4", "focus_pane('notes')", "Notes", show=False, id="pane.notes"),
        *RECORD_BINDINGS,
        Binding("r", "report", "Report", id="project.report"),
        Binding("l", "decisions", "Decisions", show=False, id="project.decisions"),
        Binding("f", "fields", "Project fields", show=False, id="project.fields"),
        Binding("C", "close_project", "Close project", show=False, id="project.close"),
        Binding("tab", "cycle(1)", "Next list", show=False, id="pane.next"),
        Binding("shift+tab", "cycle(-1)", "Previous list", show=False, id="pane.previous"),
    ]
    DEFAULT_CSS = """
    ProjectPage { layout: vertical; }
    ProjectPage #page-head { height: auto; max-height: 9; padding: 0 1; background: $panel; }
    ProjectPage #page-panes { layout: grid; grid-size: 2 2; height: 1fr; }
    ProjectPage.-narrow #page-panes { layout: vertical; }
    ProjectPage.-narrow .pane { display: none; }
    ProjectPage.-narrow .pane.-active { display: block; }
    ProjectPage #file-problem { display: none; }
    ProjectPage.-file-bad #file-problem { display: block; height: auto; color: $error; }
    """

    def __init__(self, desk: Desk, project_id: int) -> None:
        super().__init__()
        self.desk = desk
        self.project_id = project_id
        self.project_name = desk.projects.get(project_id).name  # a UserError: not opened
        self.state = DeskState(today=self.app.today())
        self.active = "today"
        self.moves = MoveBuffer(desk)
        self.gone = False  # closed while a screen was over the page
        self._followed: DeskState | None = None  # the desk's state the page last took

    def compose(self) -> ComposeResult:
        yield Static(id="page-head")
        with Container(id="page-panes"):
            yield TodayPane()
            yield TimelinePane()
            yield RisksPane()
            yield NotesPane()
        yield QuickAdd()
        yield Static(id="file-problem")
        yield KeyLine()  # the desk's key line

    def on_mount(self) -> None:
        self.desk.listeners.append(self._record_changed)
        under = self._desk_under()
        if under is None:
            self.load()
        else:  # what the desk read already: opening the page reads nothing again
            self._followed = self.state = under.state
            self.refresh_panes()
        self.focus_pane("today")
        self.set_interval(1.0, self._follow_desk)

    def _desk_under(self) -> DeskData | None:
        under = next((s for s in self.app.screen_stack if isinstance(s, DeskData)), None)
        return under if under is not self else None

    def _follow_desk(self) -> None:
        """Another session wrote the file: the desk under the page reloads it (its timer
        runs on), and the page takes what the desk read rather than reading it again."""
        under = self._desk_under()
        if under is not None and under.state is not self._followed:
            self._followed = self.state = under.state
            self.refresh_panes()

    def on_unmount(self) -> None:
        if self._record_changed in self.desk.listeners:
            self.desk.listeners.remove(self._record_changed)
        self.settle_move(redraw=False)

    def on_screen_suspend(self) -> None:
        self.settle_move()

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < WIDE_SIZE[0] or height < WIDE_SIZE[1], "-narrow")

    # -- what DeskData and DeskRecords ask of a screen ---------------------------------------

    def refresh_panes(self, changed: str = "", only: str = "", skip: str = "") -> None:
        """Every pane, over the project's records: the page is small enough to redraw."""
        project = next((p for p in self.state.projects if p.id == self.project_id), None)
        if project is None or project.status == "closed":
            self._leave()
            return
        self.project_name = project.name  # renamed meanwhile: new records follow it
        shown = project_state(self.state, project.name)
        for pane in self.query(Pane):
            pane.show(shown)
        self.query_one("#page-head", Static).update(heading(project, shown))
        self.sub_title = project.label

    def _leave(self) -> None:
        """The project was closed (here or elsewhere): back to the desk, once on top (a
        screen's dismiss pops whatever screen is on top)."""
        if self.app.screen is self:
            self.notify("The project was closed: its records are in the archive.", timeout=4)
            self.dismiss()
        else:
            self.gone = True

    def on_screen_resume(self) -> None:
        if self.gone:
            self.gone = False
            self.call_after_refresh(self._back)

    def _back(self) -> None:
        if self.app.screen is self:
            self.dismiss()  # not awaited: from the page's own handler

    def _update_tabs(self) -> None:
        """The desk's tab line; the page's heading is redrawn with its panes instead."""

    def pane(self, name: str | None = None) -> Pane:
        return self.query_one(f"#{name or self.active}", Pane)

    def focus_pane(self, name: str) -> None:
        self.settle_move()
        self.active = name
        for pane in self.query(Pane):
            pane.set_class(pane.id == name, "-active")
        self.pane(name).focus_list()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking into a list makes its pane the active one."""
        pane = next((a for a in event.widget.ancestors_with_self if isinstance(a, Pane)), None)
        if pane is not None and pane.id != self.active:
            self.settle_move()
            self.active = pane.id or self.active
            for other in self.query(Pane):
                other.set_class(other is pane, "-active")

    # -- the page's own keys -----------------------------------------------------------------

    def action_focus_pane(self, name: str) -> None:
        self.focus_pane(name)

    def action_cycle(self, step: int) -> None:
        index = PAGE_PANES.index(self.active)
        self.focus_pane(PAGE_PANES[(index + step) % len(PAGE_PANES)])

    def action_close(self) -> None:
        self.dismiss()

    def action_report(self) -> None:
        from tui.screens.report import ReportScreen

        self.settle_move()
        self.app.push_screen(ReportScreen(self.desk, self.app.today(), self.project_name))

    def action_decisions(self) -> None:
        from tui.screens.decisions import DecisionLog

        self.app.push_screen(DecisionLog(project_state(self.state, self.project_name).notes))

    def action_close_project(self) -> None:
        from tui.screens.project_prompts import close_project

        self.settle_move()
        close_project(self, self.project_id)

    def action_fields(self) -> None:
        from tui.screens.project_prompts import edit_project

        edit_project(self, self.project_id)
