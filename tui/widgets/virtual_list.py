"""The one scrolling list every pane uses: columns, section headers, a cursor and a filter.

It is a line-API widget: it keeps plain `Row` data (tui/widgets/list_rows.py) and draws only
the lines on screen in `render_line`, so 10k rows cost a list assignment, not 10k widgets.
Column widths come from tui/widgets/list_columns.py, the strips from tui/widgets/list_paint.py.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.list_columns import ColumnLayout
from tui.widgets.list_paint import LinePainter
from tui.widgets.list_rows import Cell, Column, Row, clean, filter_lines, fit
from tui.widgets.list_scrollbar import ListScrollBar

__all__ = ["Cell", "Column", "Row", "VirtualList", "clean", "fit"]


class VirtualList(ScrollView, can_focus=True):
    """A keyboard-driven list of rows in columns that draws only what is on screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", show=False, id="list.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "vlist--header",
        "vlist--section",
        "vlist--cursor",
        "vlist--focus",
        "vlist--focus-cursor",
        "vlist--dim",
        "vlist--accent",
        "vlist--success",
        "vlist--warning",
        "vlist--error",
        "vlist--risk-high",
        "vlist--risk-medium",
        "vlist--risk-low",
        "vlist--overdue",
        "vlist--slipped",
        "vlist--on-track",
        "vlist--done",
    }

    DEFAULT_CSS = """
    VirtualList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;  /* one cell more for titles at 80 columns */
        /* The painter draws the focus (vlist--focus under every line, the cursor in
           vlist--focus-cursor): no rule depends on :focus, so moving the focus restyles
           nothing. */
        & > .vlist--focus { background: $foreground 5%; }
        & > .vlist--header { color: $text-muted; text-style: bold; }
        & > .vlist--section { color: $text-accent; text-style: bold; }
        & > .vlist--cursor { background: $block-cursor-blurred-background; }
        & > .vlist--focus-cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .vlist--dim { color: $text-muted; }
        & > .vlist--accent { color: $text-accent; }
        & > .vlist--success { color: $text-success; }
        & > .vlist--warning { color: $text-warning; }
        & > .vlist--error { color: $text-error; }
        & > .vlist--risk-high { color: $risk-high; text-style: bold; }
        & > .vlist--risk-medium { color: $risk-medium; }
        & > .vlist--risk-low { color: $risk-low; }
        & > .vlist--overdue { color: $overdue; text-style: bold; }
        & > .vlist--slipped { color: $slipped; }
        & > .vlist--on-track { color: $on-track; }
        & > .vlist--done { color: $done; text-style: strike; }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row (`key` is None when the list became empty)."""

        list: VirtualList
        key: Hashable | None

        @property
        def control(self) -> VirtualList:
            return self.list

    @dataclass
    class Selected(Message):
        """Enter (or a click on the cursor row) chose the row with `key`."""

        list: VirtualList
        key: Hashable

        @property
        def control(self) -> VirtualList:
            return self.list

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the cursor among the visible lines (section headers included)."""
    filter_text: reactive[str] = reactive("", repaint=False)
    """Only rows whose search text contains this (case-insensitive) are shown."""
    show_header: reactive[bool] = reactive(True, repaint=False)
    empty_text: reactive[str] = reactive("Nothing here.")
    """Shown, dimmed, when there are no rows at all."""

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty_text: str = "Nothing here.",
        show_header: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._columns = ColumnLayout(columns)
        self._rows: list[Row] = []
        # Row indices shown, in order; a range when nothing is hidden (the common case).
        self._lines: Sequence[int] = range(0)
        self._visible_count = 0
        self._section_counts: dict[Hashable, int] = {}  # section key -> rows shown under it
        self._key_index: dict[Hashable, int] | None = None
        self._highlighted_key: Hashable | None = None
        self._strip_cache: LRUCache[tuple, Strip] = LRUCache(256)
        # id of a line render_line drew, and its look -> (that line, the line styled)
        self._styled: LRUCache[tuple, tuple[Strip, Strip]] = LRUCache(256)
        self._drawing_width = 0  # see line_width
        self._after_frame: list[Callable[[], object]] = []
        self.painter = LinePainter(self, self._columns)
        self.set_reactive(VirtualList.empty_text, empty_text)
        self.set_reactive(VirtualList.show_header, show_header)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar, as Textual makes it but for the layout pass it saves."""
        if self._vertical_scrollbar is None:
            bar = ListScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def update_node_styles(self, animate: bool = True) -> None:
        """Restyle the list alone when its focus or classes change.

        Textual restyles the scrollbars with it, which draw from the list's own styles;
        and restyling a scrollbar asks for a layout pass of the whole screen.
        """
        if self.is_attached:
            self.app.stylesheet.apply(self, animate=animate)

    # -- data in -------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (the rows' cells must follow the same order)."""
        self._columns.set_columns(columns)
        self._strip_cache.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`, keeping the cursor on the same row key when it is still there."""
        old_key = self.current_key
        old_cursor = self.cursor
        self._rows = list(rows)
        self._key_index = None
        self._columns.set_rows(self._rows)
        self._rebuild(old_key, old_cursor)

    def insert_rows(self, index: int, rows: Sequence[Row]) -> None:
        """Put `rows` before the row at `index` (all rows, filtered or not); the cursor stays
        on its row. One new record costs this, not a rebuild of every row."""
        old_key = self.current_key
        old_cursor = self.cursor
        self._rows[index:index] = rows
        self._key_index = None
        grown = self._columns.widen(rows)
        self._rebuild(old_key, old_cursor, rows_changed=grown)  # the other rows look the same

    def remove_rows(self, keys: Sequence[Hashable]) -> None:
        """Take away the rows with these keys (those that are there)."""
        gone = set(keys)
        old_key = self.current_key
        old_cursor = self.cursor
        self._rows = [row for row in self._rows if row.key not in gone]
        self._key_index = None
        self._columns.set_rows(self._rows)  # a column may narrow
        self._rebuild(old_key, old_cursor)

    def index_of(self, key: Hashable) -> int | None:
        """The index of the row with `key` among all rows, or None."""
        if self._key_index is None:
            self._key_index = {row.key: index for index, row in enumerate(self._rows)}
        return self._key_index.get(key)

    def filter(self, text: str) -> None:
        """Show only rows whose search text contains `text`, ignoring case."""
        self.filter_text = text

    def move_to_key(self, key: Hashable) -> bool:
        """Put the cursor on the row with `key`; False when no such row is visible."""
        line = self._line_of_key(key)
        if line is None:
            return False
        self.cursor = line
        return True

    # -- data out ------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns.columns

    @property
    def rows(self) -> Sequence[Row]:
        """All rows, filtered or not (read only)."""
        return self._rows

    @property
    def visible_count(self) -> int:
        """How many rows (not counting section headers) pass the filter."""
        return self._visible_count

    @property
    def current_row(self) -> Row | None:
        """The row under the cursor, or None when nothing can be selected."""
        if 0 <= self.cursor < len(self._lines):
            row = self._rows[self._lines[self.cursor]]
            if not row.is_section:
                return row
        return None

    @property
    def current_key(self) -> Hashable | None:
        row = self.current_row
        return None if row is None else row.key

    # -- the visible lines -------------------------------------------------------------------

    def _rebuild(self, keep_key: Hashable | None, fallback: int, rows_changed: bool = True) -> None:
        """Recompute the visible lines after the rows or (not `rows_changed`) the filter
        changed, or rows were added and the others look as they did; a row kept is not
        drawn again."""
        lines = filter_lines(self._rows, self.filter_text.casefold())
        self._lines, self._visible_count = lines.indices, lines.count
        self._section_counts = lines.section_counts
        if rows_changed:
            self._strip_cache.clear()
        self._update_virtual_size()
        line = self._line_of_key(keep_key) if keep_key is not None else None
        target = fallback if line is None else line
        # The watcher does not run when the index is unchanged but the row under it is new.
        self.set_reactive(VirtualList.cursor, self.validate_cursor(target))
        self._scroll_to_cursor()
        self._post_highlighted()
        self.refresh()

    def _line_of_key(self, key: Hashable) -> int | None:
        index = self.index_of(key)
        if index is None:
            return None
        line = bisect_left(self._lines, index)
        if line < len(self._lines) and self._lines[line] == index:
            return line
        return None

    def _is_section_line(self, line: int) -> bool:
        return self._rows[self._lines[line]].is_section

    @property
    def _header_height(self) -> int:
        return 1 if self.show_header else 0

    @property
    def _body_height(self) -> int:
        return max(0, self.scrollable_content_region.height - self._header_height)

    def _update_virtual_size(self) -> None:
        # Width 0: the list never scrolls sideways; it crops cells to fit instead.
        size = Size(0, len(self._lines) + self._header_height)
        if size == self.virtual_size:
            return
        height = self.container_size.height
        if height and (size.height > height) == (self.virtual_size.height > height):
            # The scrollbar neither comes nor goes: nothing else on the screen moves, so skip
            # the layout pass (and whole-screen redraw) that setting virtual_size would run.
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            return
        self.virtual_size = size

    # -- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        count = len(self._lines)
        if count == 0:
            return 0
        cursor = max(0, min(cursor, count - 1))
        if not self._is_section_line(cursor):
            return cursor
        # Land on the nearest selectable line, preferring the one below a heading.
        below = self._next_selectable(cursor, 1)
        if below is not None:
            return below
        above = self._next_selectable(cursor, -1)
        return cursor if above is None else above

    def _next_selectable(self, start: int, step: int) -> int | None:
        line = start
        while 0 <= line < len(self._lines):
            if not self._is_section_line(line):
                return line
            line += step
        return None

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self._post_highlighted()
        self.refresh()

    def _post_highlighted(self) -> None:
        key = self.current_key
        if key != self._highlighted_key:
            self._highlighted_key = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_to_cursor(self) -> None:
        body = self._body_height
        if body <= 0 or not self._lines:
            return
        cursor = self.cursor
        top = self.scroll_offset.y
        # Show a section's heading with its first row when scrolling up onto it.
        wanted_top = cursor - 1 if cursor > 0 and self._is_section_line(cursor - 1) else cursor
        if wanted_top < top:
            self.scroll_to(y=wanted_top, animate=False, force=True)
        elif cursor >= top + body:
            self.scroll_to(y=cursor - body + 1, animate=False, force=True)

    def _move(self, start: int, step: int) -> None:
        """Move to the first selectable line from `start` going `step`, else the other way."""
        if not self._lines:
            return
        start = max(0, min(start, len(self._lines) - 1))
        line = self._next_selectable(start, step)
        if line is None:
            line = self._next_selectable(start, -step)
        if line is not None:
            self.cursor = line

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self._move(self.cursor - 1, -1)

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._lines) - 1:
            self._move(self.cursor + 1, 1)

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self._body_height - 1), -1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self._body_height - 1), 1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self._lines) - 1, -1)

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self._header_height:
            return
        line = self.scroll_offset.y + offset.y - self._header_height
        if line >= len(self._lines) or self._is_section_line(line):
            return
        if line == self.cursor:
            self.action_select()
        else:
            self.cursor = line

    # -- reactions ------------------------------------------------------------------------------

    def watch_filter_text(self) -> None:
        self._rebuild(self.current_key, self.cursor, rows_changed=False)

    def watch_show_header(self) -> None:
        self._update_virtual_size()
        self._strip_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()
        self._styled.clear()
        self.painter.forget_styles()

    def watch_has_focus(self, has_focus: bool) -> None:
        """No restyle: no rule of the list depends on its focus (see DEFAULT_CSS).

        Textual would restyle the list and every one of its component classes, then draw
        every line anew; the lines of both looks stay cached, keyed by the focus.
        """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Keep the cursor in view in the layout pass that resizes the list, so the frame
        that pass draws shows it (a filter line opening under it, a zoom): on the Resize
        event it would be scrolled a frame later."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            self._scroll_to_cursor()
        return resized

    def on_resize(self, event: events.Resize) -> None:
        self._columns.forget_width()

    # -- drawing ------------------------------------------------------------------------------

    def column_offsets(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each column on a line `width` cells wide.

        For subclasses that draw something of their own over a column (the timeline's chart).
        """
        return self._columns.offsets(width)

    def after_frame(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the frame with the list as it is now has been drawn (at once
        when the list is not on screen): for work that would hold that frame back."""
        if not self.is_on_screen:
            callback()
            return
        self._after_frame.append(callback)
        self.refresh()
        self.set_timer(0.5, self._frame_drawn)  # in case no frame comes (the screen changed)

    def _frame_drawn(self) -> None:
        callbacks, self._after_frame = self._after_frame, []
        for callback in callbacks:
            callback()

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = self._styled_lines(crop)
        if self._after_frame:
            self.call_later(self._frame_drawn)  # runs once this frame is handed to the terminal
        return lines

    def _styled_lines(self, crop: Region) -> list[Strip]:
        """The lines as Textual styles them (the background under them, the app's line
        filters), worked out once for each line render_line draws.

        Textual styles every line again whenever the list is repainted or resized, which
        costs more than drawing a row: a zoom back to a width shown before, or the focus
        coming back, finds its rows drawn already and now their styled lines too.
        """
        look = (crop.column_span, self.background_colors, tuple(self.get_line_filters()))
        self._drawing_width = self.scrollable_content_region.width
        try:
            drawn = [self.render_line(y) for y in crop.line_range]
            styled = self._styled
            found = [styled.get((id(strip), look)) for strip in drawn]
            if all(
                hit is not None and hit[0] is strip for hit, strip in zip(found, drawn, strict=True)
            ):
                return [hit[1] for hit in found]  # type: ignore[index]
            lines = super().render_lines(crop)
        finally:
            self._drawing_width = 0
        for strip, line in zip(drawn, lines, strict=True):
            styled[(id(strip), look)] = (strip, line)
        return lines

    @property
    def line_width(self) -> int:
        """The width of a line. While the list is drawn it is worked out once for all its
        lines: Textual looks the list's region up on the screen each time it is asked."""
        return self._drawing_width or self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        if self.show_header:
            if y == 0:
                return self._kept_line(("header", width, self.has_focus), self._header_line)
            y -= 1
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            if line == 0:
                return self.painter.text(self._placeholder(), width, "vlist--dim")
            blank = ("blank", width, self.has_focus)
            return self._kept_line(blank, lambda: Strip.blank(width, self.painter.style()))
        is_cursor = line == self.cursor
        row = self._rows[self._lines[line]]
        # By row, not by line: a row the filter keeps is drawn once, wherever it moves to.
        count = self._section_counts.get(row.key) if row.counted else None
        cache_key = (row, count, width, is_cursor, self.has_focus)
        strip = self._strip_cache.get(cache_key)
        if strip is None:
            strip = self._render_row(row, width, is_cursor)
            self._strip_cache[cache_key] = strip
        return strip

    def _kept_line(self, key: tuple, draw: Callable[[], Strip]) -> Strip:
        """A line that is not a row (the header, a blank), drawn once until the rows,
        columns or styles change: the same line each time, so its styled line is kept."""
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._strip_cache[key] = draw()
        return strip

    def _header_line(self) -> Strip:
        titles = [column.title for column in self.columns]
        width = self.line_width
        return self.painter.cells(titles, width, ("vlist--header",), ())

    def _render_row(self, row: Row, width: int, is_cursor: bool) -> Strip:
        if row.is_section:
            text = str(row.cells[0])
            if row.counted:
                text += f" ({self._section_counts.get(row.key, 0)})"
            return self.painter.text(text, width, "vlist--section")
        extra = ("vlist--cursor",) if is_cursor else ()
        return self.painter.cells(row.cells, width, (row.style,) if row.style else (), extra)

    def _placeholder(self) -> str:
        if self._rows and self.filter_text:
            return f"no match for '{self.filter_text}'"
        return self.empty_text
