"""Closing a project from the TUI: the checklist of `opsdesk project close`, on one screen.

Each open milestone is marked done or cancelled and each open action cancelled, kept or
moved to another project (keys on the list); open risks are closed; the measures get their
final values and the lessons-learned note starts from the template. ctrl+s then closes the
project and archives its records, as one change (store/project_close.py does it all), and
a refusal (say, a move to an unknown project) is shown here with nothing changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from store.errors import UserError
from store.models import Action, Milestone, Note
from store.project_close import ACTION_CHOICES, ClosePlan, checklist, close_project, default_plan
from tui.key_names import key_of
from tui.text import plain
from tui.widgets.stored_input import StoredInput
from tui.widgets.virtual_list import Column, Row, VirtualList

if TYPE_CHECKING:
    from store.repository import Desk

MILESTONE_CHOICES = ("cancelled", "done")
COLUMNS = [
    Column("kind", "", width=9),
    Column("title", "Open item", min_width=12),
    Column("choice", "On closing", width=10),
]
KEYS = "space: next choice · d done · c cancel · o keep open · m move · ctrl+s close · Esc back"


class CloseProject(ModalScreen[Note | None]):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "close_project", "Close and archive", id="close.confirm"),
        Binding("escape", "cancel", "Cancel", id="close.cancel"),
        Binding("space", "choose('')", "Next choice", show=False, id="close.next"),
        Binding("d", "choose('done')", "Done", show=False, id="close.done"),
        Binding("c", "choose('cancel')", "Cancel it", show=False, id="close.cancel_item"),
        # o, not the command line's k: k moves up in every list.
        Binding("o", "choose('keep')", "Keep open", show=False, id="close.keep"),
        Binding("m", "choose('move')", "Move", show=False, id="close.move"),
    ]
    DEFAULT_CSS = """
    CloseProject { align: center middle; }
    CloseProject #close-box {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    CloseProject #close-items { height: auto; max-height: 10; }
    CloseProject .close-label { color: $text-muted; margin-top: 1; }
    CloseProject Input { border: none; height: 1; padding: 0 1; background: $boost; }
    CloseProject #close-lessons { height: 9; border: none; }
    CloseProject #close-error { color: $error; display: none; }
    CloseProject #close-error.-shown { display: block; }
    CloseProject #close-keys { color: $text-muted; }
    """

    def __init__(self, desk: Desk, name: str, today: date) -> None:
        super().__init__()
        self.desk = desk
        self.today = today
        self.items = checklist(desk, name)  # a UserError (closed already): not opened
        self.plan: ClosePlan = default_plan(self.items)

    def compose(self) -> ComposeResult:
        items = self.items
        project = items.project
        with VerticalScroll(id="close-box") as box:
            box.border_title = plain(f"Close +{project.name}  {project.title}".rstrip())
            box.border_subtitle = (
                f"{key_of(self, 'close.confirm')} closes and archives · "
                f"{key_of(self, 'close.cancel')} back"
            )
            yield VirtualList(COLUMNS, id="close-items")
            risks = len(items.risks)
            yield Static(
                plain(f"{risks} open risk{'s' if risks != 1 else ''} will be closed."),
                classes="close-label",
            )
            yield Static("Move the actions marked move to project:", classes="close-label")
            yield Input(placeholder="+name of an active project", id="close-move")
            for number, measure in enumerate(project.measures):
                unit = f" {measure.get('unit')}" if measure.get("unit") else ""
                target = f"{measure.get('target')}{unit}"
                yield Static(
                    plain(f"Final value of {measure.get('name')} (target {target})"),
                    classes="close-label",
                )
                yield StoredInput(str(measure.get("current", "")), id=f"close-measure-{number}")
            yield Static("Lessons learned (a meeting note of the project):", classes="close-label")
            yield TextArea(self.plan.lessons, id="close-lessons")
            yield Static(id="close-error")
            yield Static(KEYS, id="close-keys")

    def on_mount(self) -> None:
        rows = self.query_one(VirtualList)
        rows.empty_text = "No open milestones or actions: nothing to decide."
        self._show_rows()
        rows.focus()

    def _show_rows(self) -> None:
        rows: list[Row] = []
        for milestone in self.items.milestones:
            choice = self.plan.milestones[milestone.id]
            rows.append(
                Row(
                    ("milestone", milestone.id),
                    ["milestone", milestone.title, (choice, "vlist--accent")],
                )
            )
        for action in self.items.actions:
            choice = self.plan.actions[action.id]
            rows.append(
                Row(("action", action.id), ["action", action.title, (choice, "vlist--accent")])
            )
        self.query_one(VirtualList).set_rows(rows)

    def _record(self) -> Milestone | Action | None:
        key = self.query_one(VirtualList).current_key
        records = [*self.items.milestones, *self.items.actions]
        return next((r for r in records if key == (r.KIND, r.id)), None)

    def action_choose(self, choice: str) -> None:
        """Set (or with '' step to the next) what closing does to the item under the cursor."""
        if not isinstance(self.focused, VirtualList):
            raise SkipAction()  # in an input or the lessons a letter is text, not a choice
        record = self._record()
        if isinstance(record, Milestone):
            choices, plan = MILESTONE_CHOICES, self.plan.milestones
            choice = {"cancel": "cancelled"}.get(choice, choice)
        elif isinstance(record, Action):
            choices, plan = ACTION_CHOICES, self.plan.actions
        else:
            return
        if not choice:
            choice = choices[(choices.index(plan[record.id]) + 1) % len(choices)]
        if choice in choices:
            plan[record.id] = choice
            self._show_rows()
            if choice == "move":
                self.query_one("#close-move", Input).focus()

    def action_close_project(self) -> None:
        plan = self.plan
        plan.move_to = self.query_one("#close-move", Input).value.strip().lstrip("+")
        measures = self.items.project.measures
        plan.measures = {
            str(m.get("name", "")): self.query_one(f"#close-measure-{n}", StoredInput).text
            for n, m in enumerate(measures)
        }
        plan.lessons = self.query_one(TextArea).text
        if "move" in plan.actions.values() and not plan.move_to:
            self._problem("say which project the actions marked move go to")
            return
        try:
            note = close_project(self.desk, self.items.project.name, plan, self.today)
        except UserError as error:
            self._problem(str(error))  # close_project changed nothing
            return
        self.dismiss(note)

    def _problem(self, text: str) -> None:
        error = self.query_one("#close-error", Static)
        error.update(plain(f"Not closed: {text}"))
        error.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)
