"""The desk: four panes (Today, Timeline, Risks, Notes) and Projects; composes them, lays
them out and moves the focus. Loading (desk_data), record keys (desk_records) and tools
(desk_tools) are its other parts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.screen_styles import add_screen_styles
from tui.screens.desk_data import DeskData
from tui.screens.desk_records import RECORD_BINDINGS, DeskRecords
from tui.screens.desk_tools import DeskTools
from tui.screens.moves import MoveBuffer
from tui.state import DeskState
from tui.widgets.key_line import KeyLine
from tui.widgets.notes_pane import NotesPane
from tui.widgets.pane import Pane
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
CHROME_LINES = 3  # the tab line above the grid, the quick-add line and the key line below


class DeskScreen(DeskData, DeskTools, DeskRecords):
    BINDINGS: ClassVar = [
        Binding("1", "focus_pane('today')", "Today", show=False, id="pane.today"),
        Binding("2", "focus_pane('timeline')", "Timeline", show=False, id="pane.timeline"),
        Binding("3", "focus_pane('risks')", "Risks", show=False, id="pane.risks"),
        Binding("4", "focus_pane('notes')", "Notes", show=False, id="pane.notes"),
        Binding("5", "focus_pane('projects')", "Projects", show=False, id="pane.projects"),
        *RECORD_BINDINGS,
        Binding("z", "zoom", "Zoom", id="pane.zoom"),
        Binding("r", "report", "Report", show=False, id="app.report"),
        Binding("o", "people", "People", show=False, id="app.people"),
        Binding("s", "search", "Search", show=False, id="app.search"),
        Binding("tab", "cycle(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, id="pane.previous"),
    ]

    # Moving the focus repaints the two widgets whose focus changed (their own styles do),
    # not the whole screen as Textual's Screen.focused does.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.state = DeskState(today=self.app.today())
        self.active = "today"
        self.zoomed = False
        self.started = False  # finish_start has run
        self._resumed = False  # see post_message
        self.moves = MoveBuffer(desk)

    def compose(self) -> ComposeResult:
        yield Static(id="tabs")
        with Container(id="panes"):
            # Only the pane in focus is built before the first frame; finish_start builds
            # the others. Projects (5), shown on its own and never in the grid of four, is
            # hidden at start: finish_start mounts it.
            for pane in (TodayPane, TimelinePane, RisksPane, NotesPane):
                yield pane(lazy=pane.PANE_ID != self.active)
        yield QuickAdd(lazy=True)  # its input and preview come with the other panes
        # The "too small" message (on_resize) and the file-problem banner are hidden at
        # start: they are mounted when first needed (DeskData.notice), so the first frame
        # styles neither.
        yield KeyLine()  # one widget, one line: Textual's Footer is a widget per key

    def on_mount(self) -> None:
        self.desk.listeners.append(self._record_changed)
        self.load(first=self.active)
        # Shared now, by the lines the rest of the desk takes, the grid's heights are in the
        # first layout, so the first frame is drawn once and at its heights; each resize
        # shares them again from the grid's real height.
        self._share_heights(self.app.size.height - CHROME_LINES)
        self.set_interval(1.0, self._check_disk)
        self._focus(self.active)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and not self._resumed:
            # The desk's first resume comes as it is first mounted, and mounting styled every
            # widget: styling them all again for it cost start-up ~8 ms on the large set.
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    def frame_shown(self) -> None:
        """The app drew a frame of this screen: the first one is the cue to build the rest."""
        if not self.started:
            self.call_later(self.finish_start)

    def finish_start(self) -> None:
        """Build and fill the panes the first frame left out, then what start-up defers."""
        if self.started or self.app.return_code is not None:  # none when quitting at once
            return
        self.started = True
        self.query_one("#panes").mount(ProjectsPane(lazy=True))
        self.query_one(QuickAdd).build()
        self.load(rest=True)
        from tui.note_flow import offer_drafts

        offer_drafts(self)  # notes typed when a session was cut off
        add_screen_styles(self.app)  # so the first form or help opened parses nothing more
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
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if self.has_class("-too-small") and not too_small and self.focused is None:
            # Hiding the panes took the focus from the list: give it back once they show.
            self.call_after_refresh(self.pane().focus_list)
        if too_small:
            text = f"Terminal too small: opsdesk needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]}."
            self.notice("too-small", text, after=self.query_one(QuickAdd))
        self.set_class(too_small, "-too-small")
        self.set_class(width < WIDE_SIZE[0] or height < WIDE_SIZE[1], "-narrow")
        self._show_active()
        self.call_after_refresh(self._share_heights)

    def _share_heights(self, available: int | None = None) -> None:
        """Give the grid's rows of panes height by what they hold (see pane_heights), out of
        `available` lines (default: the grid's height)."""
        from tui.widgets.pane_heights import share_heights

        grid = self.query_one("#panes")
        panes = [pane for pane in self.query(Pane) if pane.id in PANES]
        columns = 2
        needs = [
            max(pane.wanted_height() for pane in panes[row : row + columns])
            for row in range(0, len(panes), columns)
        ]
        if available is None:
            available = grid.content_size.height
        heights = share_heights(needs, available)
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
        self.query_one("#tabs", Static).update(text, layout=False)  # one line, full width

    def pane(self, name: str | None = None) -> Pane:
        self.finish_start()  # a key before the rest was built: build it now
        return self.query_one(f"#{name or self.active}", Pane)

    def focus_pane(self, name: str) -> None:
        self.finish_start()  # a key before the rest was built: build it now
        self._focus(name)

    def _focus(self, name: str) -> None:
        self.active = name
        self._show_active()
        self.query_one(f"#{name}", Pane).focus_list()

    def action_focus_pane(self, name: str) -> None:
        self.focus_pane(name)

    def action_cycle(self, step: int) -> None:
        self.focus_pane(ALL_PANES[(ALL_PANES.index(self.active) + step) % len(ALL_PANES)])

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        self._show_active()

    def _show_active(self) -> None:
        """Show which pane keys go to: its frame, its tab, and which panes are on the desk.

        One pane takes the whole desk when zoomed, on a narrow terminal, or for Projects;
        else the grid of four. Inline styles on the panes rather than classes on the screen
        or the grid: a class change there restyles every widget under it (a hundred and
        more here). The one pane shown spans the grid's two rows and columns: changing the
        grid's own layout or size would make Textual draw every widget in it again, while
        a pane's span and display redraw that pane's frame alone (and what it resizes).
        """
        self.show_later_panes()
        one = self.zoomed or self.active == "projects" or self.has_class("-narrow")
        span = 2 if one else 1
        for pane in self.query_one("#panes").query_children(Pane):
            shown = pane.id == self.active if one else pane.id in PANES
            pane.styles.display = "block" if shown else "none"
            pane.styles.column_span = span
            pane.styles.row_span = span
            pane.set_class(pane.id == self.active, "-active")
        self._update_tabs()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking or tabbing into a pane makes it the active one."""
        pane = next((a for a in event.widget.ancestors_with_self if isinstance(a, Pane)), None)
        if pane is None or pane.id != "timeline":
            self.settle_move()
        if pane is not None and pane.id != self.active:
            self.active = pane.id or self.active
            self._show_active()
