"""The frame every pane shares: a titled border, a virtual list and a filter line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input

from tui.key_names import key_of
from tui.state import DeskState
from tui.text import plain
from tui.widgets.virtual_list import Column, Row, VirtualList

RecordKey = tuple[str, int]  # (kind, id), e.g. ("action", 12)


class Pane(Vertical):
    """A pane of the desk. Subclasses say how records become rows."""

    # A pane never scrolls (its list does): when it is resized, its virtual size follows
    # its size and needs no second layout pass of the screen, which Textual would run.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    PANE_ID: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    COLUMNS: ClassVar[list[Column]] = []
    EMPTY_TEXT: ClassVar[str] = "Nothing here yet. Press a to add."
    BINDINGS: ClassVar = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="pane.clear_filter"),
    ]

    @dataclass
    class Command(Message):
        """Ask the screen to do something to a record: verb, record key, argument."""

        verb: str
        key: RecordKey | None
        arg: Any = None

    def __init__(self, lazy: bool = False) -> None:
        super().__init__(id=self.PANE_ID, classes="pane")
        self.state: DeskState | None = None
        self._title_line_only = False  # see set_title
        self.border_title = self.TITLE
        # A lazy pane is an empty frame until build(): the desk's first frame styles and
        # draws only the pane in focus, and the others are built just after it.
        self.built = not lazy

    def update_node_styles(self, animate: bool = True) -> None:
        """Restyle the pane alone when its classes change (`-active` frames it).

        Textual would restyle every widget in the pane too, and no rule for them depends
        on the pane's classes (the screen's classes restyle everything anyway).
        """
        if self.is_attached:
            self.app.stylesheet.apply(self, animate=animate)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The frame's lines, each line between its top and bottom drawn once for all.

        Those lines are alike (the border's sides around the pane's background, which its
        parts cover anyway); Textual draws each of them through the whole styled-line path,
        which a restyle (`-active`), a zoom or a pane shown again pays for every line.
        """
        last = self.outer_size.height - 1
        x, _, width, _ = crop
        drawn: dict[int, Strip] = {}
        lines = []
        for y in crop.line_range:
            like = y if y in (0, last) else 1
            if like not in drawn:
                drawn[like] = super().render_lines(Region(x, like, width, 1))[0]
            lines.append(drawn[like])
        return lines

    def compose(self) -> ComposeResult:
        if self.built:
            yield from self.parts()

    def parts(self) -> ComposeResult:
        """What the pane holds: its list (subclasses add their own). The filter line under
        the list is mounted when first asked for (filter_box)."""
        rows = VirtualList(self.COLUMNS, id=f"{self.PANE_ID}-list")
        rows.empty_text = self.EMPTY_TEXT
        yield rows

    def on_mount(self) -> None:
        if self.built:
            self.parts_mounted()

    def build(self) -> None:
        """Mount a lazy pane's parts; they can be queried as soon as this returns."""
        if not self.built:
            self.built = True
            self.mount_all(list(self.parts()))
            self.parts_mounted()

    def parts_mounted(self) -> None:
        """The pane's parts are in place (composed, or mounted by build)."""

    @property
    def rows(self) -> VirtualList:
        self.build()  # asked for before the pane was built: build it now
        return self.query_one(VirtualList)

    @property
    def current(self) -> RecordKey | None:
        return self.rows.current_key if self.is_mounted else None

    def show(self, state: DeskState) -> None:
        """Take new data from the screen and redraw."""
        self.build()
        self.state = state
        self.rows.set_rows(self.build_rows(state))
        self.set_title(self.title_for(state))

    def set_title(self, title: str) -> None:
        """Show `title` on the frame, drawing its top line alone again: Textual draws the
        whole pane again for a new border_title, every line of its frame and background."""
        self._title_line_only = True
        try:
            self.border_title = plain(title)
        finally:
            self._title_line_only = False

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._title_line_only and not regions:
            x, y = self.content_offset  # regions are given from the content's corner
            regions = (Region(-x, -y, self.outer_size.width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def build_rows(self, state: DeskState) -> list[Row]:
        raise NotImplementedError

    def wanted_height(self) -> int:
        """The height that would show every row: the list's lines plus the pane's frame."""
        if not self.built:
            return self.app.size.height  # not known yet: as if full, so nothing jumps
        rows = self.rows
        frame = self.outer_size.height - rows.outer_size.height if rows.outer_size.height else 3
        return rows.virtual_size.height + max(frame, 2)

    def title_for(self, state: DeskState) -> str:
        return self.TITLE

    def key_of(self, binding_id: str) -> str:
        """The key bound to `binding_id` as the person has it, for hints in titles."""
        return key_of(self, binding_id)

    def focus_list(self) -> None:
        self.rows.focus()

    def filter_box(self) -> Input:
        """The filter line, mounted under the list the first time it is asked for: hidden
        until then, it is no part of the desk's first frame."""
        rows = self.rows  # the pane is built
        found = self.filter_shown()
        if found is not None:
            return found
        from tui.widgets.inputs import FilterInput

        box = FilterInput(placeholder="filter (Enter keeps it, Esc clears)", classes="filter")
        self.mount(box, after=rows)
        return box

    def filter_shown(self) -> Input | None:
        """The filter line, or None while no filter was ever started here."""
        found = self.query_children(".filter") if self.built else None
        return found.first(Input) if found else None

    def start_filter(self) -> None:
        box = self.filter_box()
        box.display = True
        box.focus()

    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.rows.filter(event.value)

    @on(Input.Submitted, ".filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        box = event.input
        box.display = bool(box.value)
        self.focus_list()

    def action_clear_filter(self) -> None:
        if not self.clear_filter():
            raise SkipAction()  # nothing to clear: Esc is the screen's (a page closes)

    def clear_filter(self) -> bool:
        """Clear the filter; False if there was none."""
        self.build()
        box = self.filter_shown()
        had = box is not None and (bool(box.value) or box.display)
        if box is not None:
            box.value = ""
            box.display = False
        self.rows.filter("")
        self.focus_list()
        return had
