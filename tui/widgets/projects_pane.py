"""The Projects pane (5): one row per active project with what a PM checks first: health,
phase, the next milestone and its date, the worst slip, open and overdue actions, the top
risk's score and the last meeting. `v` adds the closed projects (the screen reads them from
the archive), `C` closes a project with its checklist and `R` reopens a closed one."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding

from store.dates import format_date
from store.projects import Project
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row, VirtualList

HEALTH_STYLES = {"green": "vlist--success", "amber": "vlist--warning", "red": "vlist--error"}


class ProjectsPane(Pane):
    PANE_ID = "projects"
    TITLE = "5 Projects"
    EMPTY_TEXT = "No active projects. Press a to add one (or capture with +name)."
    BINDINGS: ClassVar = [
        Binding("h", "health", "Health", id="projects.health"),
        # Ahead of the list's own Enter (priority): the page opens while this key is handled,
        # so keys typed right behind it wait for the page instead of reaching the desk.
        Binding("enter", "open", "Open", show=False, id="projects.open", priority=True),
        Binding("C", "command('close')", "Close", id="projects.close"),
        Binding("R", "command('reopen')", "Reopen", show=False, id="projects.reopen"),
        Binding("v", "command('closed')", "Show closed", show=False, id="projects.closed"),
    ]
    # Set by the screen: the closed projects (from the archive) while `v` shows them.
    closed: tuple[Project, ...] | None = None
    COLUMNS = [
        Column("health", "Health", width=6, fit=True, shrink=False),
        Column("name", "Project", min_width=10),
        Column("phase", "Phase", width=10, fit=True, min_width=4),
        Column("next", "Next milestone", min_width=8),
        Column("date", "Date", align="right", fit=True, shrink=False),
        Column("slip", "Slip", align="right", fit=True, shrink=False),
        Column("open", "Open", align="right", fit=True, shrink=False),
        Column("late", "Late", align="right", fit=True, shrink=False),
        Column("risk", "Risk", align="right", fit=True, shrink=False),
        Column("met", "Met", align="right", fit=True, shrink=False),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        today = state.today
        rows = []
        for project in sorted(state.projects, key=lambda p: p.name):
            if not project.is_active:
                continue
            name = project.name
            milestones = [m for m in state.milestones if m.project == name and m.status == "open"]
            upcoming = min(milestones, key=lambda m: (m.forecast, m.id), default=None)
            worst = max((m.slip_days for m in milestones), default=0)
            actions = [a for a in state.actions if a.project == name and a.is_open]
            late = sum(1 for a in actions if a.due_date is not None and a.due_date < today)
            risks = [r.score for r in state.risks if r.project == name and r.is_open]
            met = max(
                (n.start for n in state.notes if n.project == name and n.start.date() <= today),
                default=None,
            )
            rows.append(
                Row(
                    ("project", project.id),
                    [
                        (project.health.upper(), HEALTH_STYLES.get(project.health, "")),
                        project.label,
                        project.phase,
                        upcoming.title if upcoming else "",
                        format_date(upcoming.forecast, today) if upcoming else "",
                        (f"+{worst}d", "vlist--warning") if worst > 0 else "",
                        str(len(actions)) if actions else "",
                        (str(late), "vlist--error") if late else "",
                        str(max(risks)) if risks else "",
                        format_date(met.date(), today) if met else "",
                    ],
                    search=f"{name}\n{project.title}\n{project.goal}\n{project.owner}",
                )
            )
        if self.closed:
            rows.append(Row.section("section-closed", "Closed (R reopens, v hides)", counted=True))
        for project in self.closed or ():
            closed_on = format_date(project.closed_on, today) if project.closed_on else ""
            cells = [("CLOSED", "vlist--dim"), (project.label, "vlist--dim"), "closed"]
            rows.append(
                Row(
                    ("project", project.id),
                    [*cells, "", closed_on, "", "", "", "", ""],
                    search=f"{project.name}\n{project.title}\n{project.goal}\n{project.owner}",
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        active = [p for p in state.projects if p.is_active]
        red = sum(1 for p in active if p.health == "red")
        flag = f" · {red} red" if red else ""
        return f"5 Projects  {len(active)}{flag}"

    def on_virtual_list_selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.post_message(self.Command("open", event.key))

    def action_open(self) -> None:
        box = self.filter_shown()
        if box is not None and box.has_focus:
            raise SkipAction()  # Enter in the filter line keeps the filter
        key = self.current
        if key is not None and all(p.id != key[1] for p in self.closed or ()):
            self.app.open_project(key[1])  # through the app: navigation, not the store
        else:
            self.post_message(self.Command("open", key))  # a closed one: how to reopen

    def action_health(self) -> None:
        self.post_message(self.Command("health", self.current))

    def action_command(self, verb: str) -> None:
        self.post_message(self.Command(verb, self.current))
