"""The desk's data: loading the records, redrawing the panes that show a change, watching
the file for other sessions' writes (and for the file going bad), and storing the Timeline's
pending move. A mixin of DeskScreen, kept apart so each file stays about one thing."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widget import Widget
from textual.widgets import Static

from store.agenda import may_show
from store.errors import NotFoundError, UserError
from store.text import safe_text
from tui.state import DeskState
from tui.widgets.key_line import KeyLine
from tui.widgets.pane import Pane
from tui.widgets.timeline_pane import TimelinePane

if TYPE_CHECKING:
    from store.models import Record
    from store.repository import Desk
    from tui.screens.moves import MoveBuffer

PANES_DATA = ("actions", "milestones", "risks", "notes", "projects")
PANE_SHOWS = {
    "today": ("actions", "milestones", "risks"),
    "timeline": ("milestones",),
    "risks": ("risks", "actions"),
    "notes": ("notes", "actions"),
}


class DeskData:
    """Mixed into DeskScreen (a Screen), which sets these attributes."""

    desk: Desk
    state: DeskState
    moves: MoveBuffer
    active: str
    later_panes: set[str]  # panes not in view that a change was left for
    storing_action: bool  # a quick add's write is under way

    def settle_move(self, redraw: bool = True) -> bool:
        """Store the Timeline's pending move; False (and said why) if the store refused."""
        if self.moves.pending is None:
            return True
        for pane in self.query(TimelinePane):  # none left once the screen is unmounting
            pane.clear_preview()
        try:
            self.moves.commit()
        except UserError as error:
            if redraw:
                self.notify(str(error), severity="error", title="Move not stored")
                self.refresh_panes("milestones")  # back to what the file holds
            return False
        return True

    # -- data ------------------------------------------------------------------------------

    def load(self, first: str = "", rest: bool = False) -> None:
        """Read every record and redraw all panes; a file gone bad keeps the last good state.

        With `first` (a pane's id), only what that pane shows is read and only that pane
        drawn: at start-up the pane in focus shows as early as it can. `rest` then reads
        the rest and draws the other panes."""
        desk = self.desk
        today_shows = may_show(self.app.today()) if first == "today" else {}

        def read(kind: str) -> list:
            if kind in today_shows:  # what Today may show, not done actions nor other risks
                return getattr(desk, kind).where(today_shows[kind])
            if kind == "notes":
                return desk.notes.all(bodies=False)  # moved bodies stay in the archive
            return getattr(desk, kind).all()

        try:
            kinds = PANE_SHOWS.get(first, PANES_DATA) if first else PANES_DATA
            lists = {kind: read(kind) for kind in kinds}
            state = DeskState(today=self.app.today(), **lists)
        except UserError as error:
            self.file_problem(str(error))
            return
        self.state = state
        self.file_problem("")
        if first:
            self.refresh_panes(only=first)
        else:
            self.refresh_panes(skip=self.active if rest else "")

    def _record_changed(self, model: type[Record], ids: list[int]) -> None:
        """Re-read only the records a change touched, then redraw."""
        if threading.current_thread() is not threading.main_thread():
            # A worker's write (the quick add's): widgets change on the app's thread only.
            self.app.call_from_thread(self._record_changed, model, ids)
            return
        if model.TABLE == "actions" and self.storing_action:
            return  # the quick add shows its action already (DeskRecords._action_stored)
        name = model.TABLE
        repo = getattr(self.desk, name)
        records = {record.id: record for record in getattr(self.state, name)}
        for record_id in ids:
            try:
                records[record_id] = repo.get(record_id)
            except NotFoundError:  # deleted
                records.pop(record_id, None)
            except UserError as error:  # the file went bad just now: keep what is shown
                self.file_problem(str(error))
                return
        lists = {kind: getattr(self.state, kind) for kind in PANES_DATA}
        lists[name] = list(records.values())
        self.state = DeskState(today=self.app.today(), **lists)
        self.refresh_panes(name)

    def refresh_panes(self, changed: str = "", only: str = "", skip: str = "") -> None:
        """Redraw the panes that show the changed kind of record (all when not given), or
        only the pane with id `only`, or all but the pane with id `skip`. Projects, shown
        alone, is drawn when it is next shown (show_later_panes) unless it is in view."""
        for pane in self.query(Pane):
            if (only and pane.id != only) or pane.id == skip:
                continue
            if not changed or changed in PANE_SHOWS.get(pane.id or "", PANES_DATA):
                if pane.id == "projects" and self.active != "projects":
                    self.later_panes.add(pane.id)
                else:
                    pane.show(self.state)
        self._update_tabs()
        self.call_after_refresh(self._share_heights)

    def show_later_panes(self) -> None:
        """Draw the pane in view if a change was left for it (see refresh_panes)."""
        if self.active in self.later_panes:
            self.later_panes.discard(self.active)
            self.pane(self.active).show(self.state)

    def _check_disk(self) -> None:
        bad = self.has_class("-file-bad")  # keep trying: it may come back unchanged (mv back)
        if bad or self.desk.db.changed_on_disk() or self.state.today != self.app.today():
            self.settle_move()  # the reload redraws the chart from the file
            self._reload_in_background()

    @work(exclusive=True, thread=True, exit_on_error=False)
    def _reload_in_background(self) -> None:
        try:
            self.desk.db.reload()
        except UserError as error:
            self.app.call_from_thread(self.file_problem, str(error))
            return
        except Exception as error:  # whatever a damaged file does, the desk keeps running
            path = self.desk.db.path
            self.app.call_from_thread(self.file_problem, f"cannot use {path}: {error}")
            return
        self.app.call_from_thread(self.load)

    @work(exclusive=True, thread=True, exit_on_error=False, group="archive")
    def _archive_old_records(self) -> None:
        """The daily archive pass, once the desk is drawn: what it moves leaves no pane
        (records the desk shows are never old, notes keep all but their body), so the panes
        just re-read the file after."""
        from store.archive import archive_after_days
        from store.note_bodies import archive_body_bytes

        config = self.app.config
        try:
            moved = self.desk.archive.archive_old(
                self.app.today(),
                archive_after_days(config),
                archive_body_bytes(config),
                notify=False,
            )
        except UserError as error:
            if str(error).startswith(f"cannot use {self.desk.db.path}:"):
                # The working file itself went bad: the desk's banner says so, no toast over it.
                self.app.call_from_thread(self.file_problem, str(error))
                return
            self.app.call_from_thread(
                self.notify, f"Archive not updated: {error}", severity="warning", timeout=8
            )
            return
        if moved:
            self.app.call_from_thread(self.load)

    def notice(self, name: str, text: str = "", after: Widget | None = None) -> Static:
        """The hidden line with id `name`, mounted on first need (after `after`, else above
        the key line), where the stylesheet shows it by the screen's class."""
        found = self.query_children(f"#{name}")
        if found:
            return found.first(Static)
        line = Static(text, id=name)
        if after is None:
            self.mount(line, before=self.query_one(KeyLine))
        else:
            self.mount(line, after=after)
        return line

    def file_problem(self, problem: str) -> None:
        """Show (or, with "", clear) the persistent line saying the data file is unusable.

        The store refuses every write meanwhile (it re-reads the file first), so forms stay
        open with what was typed and say why; the panes keep the last good state.
        """
        was = self.has_class("-file-bad")
        if problem:
            self.notice("file-problem").update(
                Text(
                    f"{safe_text(problem)}. Showing what it held last; changes are refused "
                    "until the file is good again.",
                    no_wrap=False,
                )
            )
        self.set_class(bool(problem), "-file-bad")
        if was and not problem:
            self.notify(f"The data file is good again: {self.desk.db.path}", timeout=5)
