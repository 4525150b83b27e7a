"""The desk's record keys (add, edit, done, delete, undo, filter, a pane's own commands)
and the forms, details and notes they open. Part of DeskScreen, kept apart so each file
stays about one thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.binding import Binding
from textual.screen import Screen

from store.errors import UserError
from store.models import Action, Record
from tui.widgets.pane import Pane, RecordKey
from tui.widgets.quick_add import QuickAdd
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from store.repository import Desk
    from tui.screens.moves import MoveBuffer
    from tui.state import DeskState

# The record keys, the same (and remapped alike, by id) on the desk and a project's page.
RECORD_BINDINGS = [
    Binding("a", "add", "Add", id="record.add"),
    Binding("e", "edit", "Edit", id="record.edit"),
    Binding("x", "done", "Done", id="record.done"),
    Binding("d", "delete", "Delete", id="record.delete"),
    Binding("u", "undo", "Undo", id="record.undo"),
    Binding("slash", "filter", "Filter", id="pane.filter"),
    Binding("n", "new_note", "Note", id="note.new"),
]


class DeskRecords(Screen):
    """A base of DeskScreen. A Screen, not a plain mixin: Textual registers `@on` handlers
    only on classes it builds itself (its metaclass collects them class by class)."""

    desk: Desk
    state: DeskState
    moves: MoveBuffer
    active: str
    project_name = ""  # on a project's page: the project new records belong to

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.later_panes: set[str] = set()  # see DeskData.refresh_panes
        self.storing_action = False

    # -- record keys -----------------------------------------------------------------------

    def _current(self) -> RecordKey | None:
        self.settle_move()  # every record command sees the Timeline's move stored first
        return self.pane().current

    def _run(self, operation, *args, message: str = "") -> bool:
        """Call the store; a user error becomes a notification instead of a crash."""
        try:
            operation(*args)
        except UserError as error:
            self.notify(str(error), severity="error", title="Not done")
            self.load()  # whatever the store refused, show what the file holds now
            return False
        if message:
            self.notify(message, timeout=3)
        return True

    def action_add(self) -> None:
        self.settle_move()
        if self.active == "today":
            self.query_one(QuickAdd).open(self.app.today())
        elif self.active == "projects":
            from tui.screens.project_prompts import add_project

            add_project(self)
        elif self.active == "notes":
            self.action_new_note()
        else:
            kind = "milestone" if self.active == "timeline" else "risk"
            self.open_form(kind, None)

    def action_edit(self) -> None:
        key = self._current()
        if key is None:
            self.notify("Nothing selected to edit.", severity="warning")
        elif key[0] == "project":
            from tui.screens.project_prompts import edit_project

            edit_project(self, key[1])
        elif key[0] == "note":
            self.open_note(key[1])
        else:
            self.open_form(key[0], key[1])

    def action_done(self) -> None:
        key = self._current()
        if key is None:
            return
        kind, record_id = key
        today = self.app.today()
        if kind == "project":
            self.notify("A project closes with its checklist: opsdesk project close NAME.")
        elif kind == "action":
            self._run(self.desk.actions.toggle, record_id, today)
        elif kind == "milestone":
            self._run(self.desk.milestones.complete, record_id, today)
        elif kind == "risk":
            self._run(self.desk.risks.reviewed, record_id, today, message="Review recorded.")

    def action_delete(self) -> None:
        key = self._current()
        if key is None:
            return
        kind, record_id = key
        if kind == "project":
            self.notify("A project closes with its checklist: opsdesk project close NAME.")
            return
        repo = self._repo(kind)
        try:
            record = repo.delete(record_id)
        except UserError as error:
            self.notify(str(error), severity="error")
            self.load()
            return
        self.notify(f"Deleted {kind} {record.title!r}. Press u to undo.", timeout=4)

    def action_undo(self) -> None:
        if not self.settle_move():
            return
        if not self.desk.can_undo:
            self.notify("Nothing to undo.", severity="warning")
            return
        try:
            label = self.desk.undo()
        except UserError as error:  # e.g. the record was changed elsewhere since
            self.notify(str(error), severity="error", title="Not undone", timeout=8)
            self.load()
            return
        self.notify(f"Undone: {label}", timeout=3)

    def action_filter(self) -> None:
        self.pane().start_filter()

    def action_new_note(self) -> None:
        self.open_note(None)

    @on(QuickAdd.Submitted)
    def _quick_add(self, event: QuickAdd.Submitted) -> None:
        try:
            action = self.desk.actions.from_quick(self._in_project(event.text), self.app.today())
        except UserError as error:
            event.bar.show_error(str(error))
            return
        event.bar.close()
        # On screen first, stored just after in a worker: the new row, selected, is the
        # feedback (no toast). Keys typed meanwhile wait, so they act on the stored action.
        # The write starts once that frame is drawn: the thread writing the file holds the
        # interpreter most of the time it takes, and would hold the frame back.
        shown = self._show_new_action(action.copy(id=self._next_action_id()))
        self.app.hold_keys()
        self.storing_action = True
        self.pane("today").rows.after_frame(partial(self._store_action, action, shown))

    def _next_action_id(self) -> int:
        """The id the store will most likely give the next action (it decides, when it
        writes; another session may take this one first)."""
        documents = self.desk.db.documents("actions")
        return max(self.desk.db.last_id("actions"), max(map(int, documents), default=0)) + 1

    def _show_new_action(self, action: Action) -> Action | None:
        """Put an action not stored yet in the state and in the Today pane; the rest of the
        desk is left alone. None when this screen does not show it."""
        if self.project_name and action.project != self.project_name:
            return None
        today = self.pane("today")
        before = self.state
        self.state = replace(before, actions=[*before.actions, action])
        if today.state is not None:  # the desk's own state, or a project page's share of it
            shown = today.state
            today.add_action(
                action,
                self.state if shown is before else replace(shown, actions=[*shown.actions, action]),
            )
            today.rows.move_to_key(("action", action.id))
        return action

    @work(thread=True, exit_on_error=False, group="add")
    def _store_action(self, action: Action, shown: Action | None) -> None:
        try:
            saved = self.desk.actions.add(action)
        except UserError as error:
            self.app.call_from_thread(self._action_refused, action, shown, str(error))
        except Exception as error:  # whatever the disk does, the desk keeps running
            self.app.call_from_thread(self._action_refused, action, shown, str(error))
        else:
            self.app.call_from_thread(self._action_stored, shown, saved)

    def _action_stored(self, shown: Action | None, saved: Action) -> None:
        self.app.release_keys()
        self.storing_action = False
        more = {}
        if saved.project and saved.project not in {p.name for p in self.state.projects}:
            more["projects"] = self.desk.projects.all()  # `+name` made a project
        self._swap_action(shown, saved, **more)
        self.later_panes.add("projects")  # its counts: drawn again when it is next shown
        if shown is not None and saved.id != shown.id:
            # Another session took the id meanwhile: the row follows the stored action.
            today = self.pane("today")
            selected = today.rows.current_key == ("action", shown.id)
            today.drop_action(shown)
            if today.state is not None:
                today.add_action(saved, today.state)
            if selected:
                today.rows.move_to_key(("action", saved.id))

    def _action_refused(self, action: Action, shown: Action | None, reason: str) -> None:
        """The write failed: the row goes away again and a notification says why."""
        self.app.release_keys()
        self.storing_action = False
        self._swap_action(shown, None)
        if shown is not None:
            self.pane("today").drop_action(shown)
        self.notify(f"{action.title!r} was not added: {reason}", severity="error", timeout=10)

    def _swap_action(self, shown: Action | None, saved: Action | None, **more: Any) -> None:
        """The state (the desk's, and the Today pane's share of it) with the action that was
        shown before it was stored replaced by the stored one, or left out."""
        before = self.state
        self.state = replace(before, actions=_swap(before.actions, shown, saved), **more)
        today = self.pane("today")
        if today.state is before:
            today.state = self.state
        elif today.state is not None and shown is not None:
            today.state = replace(today.state, actions=_swap(today.state.actions, shown, saved))

    def _in_project(self, text: str) -> str:
        """Quick-add text, with this page's +project when it names none itself."""
        from store.quickadd import parse_quickadd

        if self.project_name and not parse_quickadd(text, self.app.today()).project:
            return f"{text} +{self.project_name}"
        return text

    @on(QuickAdd.Closed)
    def _quick_closed(self) -> None:
        self.pane().focus_list()

    @on(Pane.Command)
    def _pane_command(self, event: Pane.Command) -> None:
        """Pane-specific keys: move a milestone, rescore or review a risk, and so on."""
        if event.verb == "closed" or (event.key is not None and event.key[0] == "project"):
            from tui.screens.project_prompts import project_command

            project_command(self, event.verb, event.key[1] if event.key else 0)
            return
        if event.key is None:
            return
        record_id = event.key[1]
        desk = self.desk
        verbs = {
            "move": lambda: self.moves.nudge(record_id, event.arg),
            "reason": lambda: self.moves.explain(record_id, event.arg),
            "adjust": lambda: desk.risks.adjust(record_id, *event.arg),
            "reviewed": lambda: desk.risks.reviewed(record_id, self.app.today()),
            "contingency": lambda: self.confirm_contingency(record_id),
            "open": lambda: self.open_note(record_id, read_only=True),
            "external": lambda: self.open_note(record_id, external=True),
        }
        done = {
            "reason": "Reason kept with the move.",
        }
        if event.verb in verbs:
            self._run(verbs[event.verb], message=done.get(event.verb, ""))

    def confirm_contingency(self, risk_id: int) -> None:
        """Show the action the risk's contingency reads as; create it only on a yes."""
        from textual.content import Content

        from store.quickadd import QuickAdd, describe
        from tui.screens.confirm import Confirm

        today = self.app.today()
        a = self.desk.risks.contingency_action(risk_id, today)  # a UserError is notified
        fields = QuickAdd(a.title, a.owner, a.project, a.tags, a.priority, a.due, a.recur)
        summary = describe(fields, today)  # in the words of the quick-add preview
        body = Content.assemble(
            "The risk is marked occurred and this action goes to Today:\n\n",
            (f"→ {summary}", "bold"),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                message = "Contingency action added to Today (u undoes)."
                self._run(self.desk.risks.to_action, risk_id, today, message=message)

        question = "Risk occurred: create the contingency action?"
        self.app.push_screen(Confirm(question, body), answered)

    # -- forms -----------------------------------------------------------------------------

    def _repo(self, kind: str):
        return {
            "action": self.desk.actions,
            "milestone": self.desk.milestones,
            "risk": self.desk.risks,
            "note": self.desk.notes,
        }[kind]

    def open_form(
        self,
        kind: str,
        record_id: int | None,
        on_saved: Callable[[Record], object] | None = None,
    ) -> None:
        from tui.screens.form import NEW_RECORDS, RecordForm

        repo = self._repo(kind)
        try:
            if record_id:
                record = repo.get(record_id)
            elif self.project_name:
                record = NEW_RECORDS[kind](self.app.today()).copy(project=self.project_name)
            else:
                record = None
        except UserError as error:
            self.notify(str(error), severity="error")
            return

        def save(changed: Record) -> Record:
            saved = repo.update(changed) if changed.id else repo.add(changed)
            self.call_after_refresh(self._select, kind, saved.id)
            return saved

        def closed(saved: Record | None) -> None:
            if saved is not None and on_saved is not None:
                on_saved(saved)

        self.app.push_screen(
            RecordForm(kind, record, save, reload=repo.get, today=self.app.today()), closed
        )

    @on(VirtualList.Selected)
    def _selected(self, event: VirtualList.Selected) -> None:
        """Enter on a record: its detail (the Notes pane opens its notes itself)."""
        key = event.key
        if isinstance(key, tuple) and key[0] in ("action", "milestone", "risk"):
            self.open_detail(key[0], key[1])

    def open_detail(self, kind: str, record_id: int) -> None:
        from tui.screens.detail import RecordDetail

        self.settle_move()
        self.app.push_screen(RecordDetail(self, kind, record_id))

    def _select(self, kind: str, record_id: int) -> None:
        self.pane().rows.move_to_key((kind, record_id))

    def open_note(
        self, note_id: int | None, read_only: bool = False, external: bool = False
    ) -> None:
        from tui.note_flow import open_note

        open_note(self, note_id, read_only=read_only, external=external, project=self.project_name)


def _swap(actions: list[Action], old: Action | None, new: Action | None) -> list[Action]:
    """`actions` with `old` (the very object) replaced by `new`, or left out when None."""
    if old is None:
        return actions if new is None else [*actions, new]
    return [new if a is old else a for a in actions if a is not old or new is not None]
