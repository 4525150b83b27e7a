"""The desk: four panes (Today, Timeline, Risks, Notes); owns the loaded records and
turns key presses and pane messages into repository calls."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, Static

from store.errors import UserError
from store.models import Record
from tui.screens.desk_data import DeskData
from tui.screens.moves import MoveBuffer
from tui.state import DeskState
from tui.widgets.notes_pane import NotesPane
from tui.widgets.pane import Pane, RecordKey
from tui.widgets.projects_pane import ProjectsPane
from tui.widgets.quick_add import QuickAdd
from tui.widgets.risks_pane import RisksPane
from tui.widgets.timeline_pane import TimelinePane
from tui.widgets.today_pane import TodayPane
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from store.repository import Desk

PANES = ("today", "timeline", "risks", "notes")  # the grid; Projects (5) shows alone
ALL_PANES = (*PANES, "projects")
MIN_SIZE = (80, 24)
WIDE_SIZE = (120, 36)  # below this, one pane at a time


class DeskScreen(DeskData, Screen):
    BINDINGS: ClassVar = [
        Binding("1", "focus_pane('today')", "Today", show=False, id="pane.today"),
        Binding("2", "focus_pane('timeline')", "Timeline", show=False, id="pane.timeline"),
        Binding("3", "focus_pane('risks')", "Risks", show=False, id="pane.risks"),
        Binding("4", "focus_pane('notes')", "Notes", show=False, id="pane.notes"),
        Binding("5", "focus_pane('projects')", "Projects", show=False, id="pane.projects"),
        Binding("a", "add", "Add", id="record.add"),
        Binding("e", "edit", "Edit", id="record.edit"),
        Binding("x", "done", "Done", id="record.done"),
        Binding("d", "delete", "Delete", id="record.delete"),
        Binding("u", "undo", "Undo", id="record.undo"),
        Binding("slash", "filter", "Filter", id="pane.filter"),
        Binding("n", "new_note", "Note", id="note.new"),
        Binding("z", "zoom", "Zoom", id="pane.zoom"),
        Binding("r", "report", "Report", show=False, id="app.report"),
        Binding("o", "people", "People", show=False, id="app.people"),
        Binding("s", "search", "Search", show=False, id="app.search"),
        Binding("tab", "cycle(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, id="pane.previous"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.state = DeskState(today=self.app.today())
        self.active = "today"
        self.moves = MoveBuffer(desk)

    def compose(self) -> ComposeResult:
        yield Static(id="tabs")
        with Container(id="panes"):
            yield TodayPane()
            yield TimelinePane()
            yield RisksPane()
            yield NotesPane()
            yield ProjectsPane()  # shown on its own (5), never in the grid of four
        yield QuickAdd()
        yield Static(
            f"Terminal too small: opsdesk needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]}.",
            id="too-small",
        )
        yield Static(id="file-problem")
        yield Footer()

    def on_mount(self) -> None:
        self.desk.listeners.append(self._record_changed)
        self.load(first=self.active)
        self.set_interval(1.0, self._check_disk)
        self.focus_pane("today")
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        from tui.note_flow import offer_drafts

        offer_drafts(self)  # notes typed when a session was cut off
        if not self.app.demo:
            self._archive_old_records()

    def on_unmount(self) -> None:
        if self._record_changed in self.desk.listeners:
            self.desk.listeners.remove(self._record_changed)
        self.settle_move(redraw=False)  # quitting with a move pending: store it, never lose it

    def on_screen_suspend(self) -> None:
        self.settle_move()  # a form or a detail opens: it must see the move stored

    @on(VirtualList.Highlighted, "#timeline-list")
    def _timeline_cursor_moved(self, event: VirtualList.Highlighted) -> None:
        key = event.key
        pending = self.moves.pending
        if pending is not None and key != ("milestone", pending.milestone_id):
            self.settle_move()

    # -- layout ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "-too-small")
        self.set_class(width < WIDE_SIZE[0] or height < WIDE_SIZE[1], "-narrow")
        self._update_tabs()
        self.call_after_refresh(self._share_heights)

    def _share_heights(self) -> None:
        """Give the grid's rows of panes height by what they hold (see pane_heights)."""
        from tui.widgets.pane_heights import share_heights

        grid = self.query_one("#panes")
        panes = [pane for pane in self.query(Pane) if pane.id in PANES]
        columns = 2
        needs = [
            max(pane.wanted_height() for pane in panes[row : row + columns])
            for row in range(0, len(panes), columns)
        ]
        heights = share_heights(needs, grid.content_size.height)
        if heights and heights != getattr(self, "_grid_heights", None):
            self._grid_heights = heights
            grid.styles.grid_rows = " ".join(str(height) for height in heights)

    def key_allowed(self, key: str) -> bool:
        """Behind the "Terminal too small" message nothing can be seen, so no key may act
        unseen there: only quitting works until the terminal is large enough again."""
        if not self.has_class("-too-small"):
            return True
        active = self.active_bindings.get(key)
        return key in ("ctrl+c", "ctrl+q") or (
            active is not None and active.binding.action in ("quit", "app.quit")
        )

    def _update_tabs(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        shown = ALL_PANES if self.active == "projects" else PANES
        for number, name in enumerate(shown, 1):
            style = "reverse bold" if name == self.active else ""
            text.append(f" {number} {name.capitalize()} ", style=style)
            text.append(" ")
        text.append(f"  {self.state.today:%a %d %b %Y}", style="dim")
        if self.app.demo:
            text.append("  (demo data)", style="dim italic")
        self.query_one("#tabs", Static).update(text)

    def pane(self, name: str | None = None) -> Pane:
        return self.query_one(f"#{name or self.active}", Pane)

    def focus_pane(self, name: str) -> None:
        self.active = name
        self.set_class(name == "projects", "-solo")
        for pane in self.query(Pane):
            pane.set_class(pane.id == name, "-active")
        self.pane(name).focus_list()
        self._update_tabs()

    def action_focus_pane(self, name: str) -> None:
        self.focus_pane(name)

    def action_cycle(self, step: int) -> None:
        self.focus_pane(ALL_PANES[(ALL_PANES.index(self.active) + step) % len(ALL_PANES)])

    def action_zoom(self) -> None:
        # On the panes' container, not the screen: a class on the screen restyles every
        # widget; here only the panes change, and the hidden ones are not drawn at all.
        self.query_one("#panes").toggle_class("-zoomed")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking or tabbing into a pane makes it the active one."""
        pane = next((a for a in event.widget.ancestors_with_self if isinstance(a, Pane)), None)
        if pane is None or pane.id != "timeline":
            self.settle_move()
        if pane is not None and pane.id != self.active:
            self.active = pane.id or self.active
            self.set_class(self.active == "projects", "-solo")
            for other in self.query(Pane):
                other.set_class(other is pane, "-active")
            self._update_tabs()

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
            action = self.desk.actions.add_quick(event.text, today=self.app.today())
        except UserError as error:
            event.bar.show_error(str(error))
            return
        event.bar.close()
        # The new row, selected, says it was added: no toast (six more frames for nothing).
        self.pane("today").rows.move_to_key(("action", action.id))

    @on(QuickAdd.Closed)
    def _quick_closed(self) -> None:
        self.pane().focus_list()

    @on(Pane.Command)
    def _pane_command(self, event: Pane.Command) -> None:
        """Pane-specific keys: move a milestone, rescore or review a risk, and so on."""
        if event.key is None:
            return
        if event.key[0] == "project":
            from tui.screens.project_prompts import project_command

            project_command(self, event.verb, event.key[1])
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
        from tui.screens.form import RecordForm

        repo = self._repo(kind)
        try:
            record = repo.get(record_id) if record_id else None
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

        open_note(self, note_id, read_only=read_only, external=external)

    # -- calendar and decisions ------------------------------------------------------------

    def export_calendar(self) -> None:
        from store.config import calendar_bytes

        config = self.app.config
        default = (self.desk.db.path.parent if self.desk.db.path else Path.cwd()) / "opsdesk.ics"
        path = Path(os.path.expanduser(str(config.get("ics_path") or default)))
        try:
            data = calendar_bytes(self.desk, config)
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        self._write_calendar(path, data)

    @work(exclusive=True, thread=True, group="export")
    def _write_calendar(self, path: Path, data: bytes) -> None:
        from store.ics import write_ics_atomic

        try:
            write_ics_atomic(path, data)
        except UserError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Calendar written to {path}", timeout=4)

    def import_invites(self) -> None:
        from tui.screens.import_invites import ImportInvites

        def done(summary: str | None) -> None:
            if summary:
                self.notify(summary, title="Invitations imported", timeout=6)

        self.app.push_screen(ImportInvites(self.desk, self.app.config, self.app.today), done)

    def action_report(self, project: str = "") -> None:
        from tui.screens.report import ReportScreen

        self.settle_move()
        self.app.push_screen(ReportScreen(self.desk, self.app.today(), project))

    def action_people(self) -> None:
        from tui.screens.people import PeopleScreen

        self.settle_move()
        self.app.push_screen(PeopleScreen(self.desk, self.app.today()))

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        self.settle_move()
        self.app.push_screen(SearchScreen(self.desk), self.jump_to)

    def jump_to(self, key: tuple[str, int] | None) -> None:
        """Show a record found by search: its pane and row, or its detail or note."""
        if key is None:
            return
        kind, record_id = key
        if kind == "project":
            self.focus_pane("projects")
            self.pane("projects").rows.move_to_key(key)
        elif kind == "note":
            self.open_note(record_id, read_only=True)
        else:
            self.open_detail(kind, record_id)

    def show_decisions(self) -> None:
        from tui.screens.decisions import DecisionLog

        self.app.push_screen(DecisionLog(self.state.notes))
