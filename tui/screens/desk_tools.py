"""The desk's tools beyond the panes: calendar export and invitation import, the status
report, people, search and the decision log. A mixin of DeskScreen, kept apart so each
file stays about one thing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from store.errors import UserError

if TYPE_CHECKING:
    from store.repository import Desk
    from tui.state import DeskState


class DeskTools:
    """Mixed into DeskScreen (a Screen), which sets these attributes."""

    desk: Desk
    state: DeskState
    finish_start: Callable[[], None]

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
            from tui.screens.project_prompts import show_closed

            self.focus_pane("projects")
            pane = self.pane("projects")
            if not pane.rows.move_to_key(key) and pane.closed is None:
                show_closed(self)  # a closed project (in the archive): shown, to reopen (R)
                pane.rows.move_to_key(key)
        elif kind == "note":
            self.open_note(record_id, read_only=True)
        else:
            self.open_detail(kind, record_id)

    def show_decisions(self) -> None:
        from tui.screens.decisions import DecisionLog

        self.finish_start()  # the notes are read with the panes after the first frame

        self.app.push_screen(DecisionLog(self.state.notes))
