"""The one scrolling list every pane uses: columns, section headers, a cursor and a filter.

It is a line-API widget: it keeps plain `Row` data and draws only the lines on screen in
`render_line`, so 10k rows cost a list assignment, not 10k widgets. User text is always
data: cells become plain segments, never markup, with control characters replaced.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from store.text import safe_text

Cell = str | tuple[str, str]
"""A cell's text, or (text, style name) where the style is one of the `vlist--*` classes."""

_ELLIPSIS = "…"
_MARGIN = 1  # blank cell at the left edge so the cursor bar has a lip
_GAP = 1  # blank cells between columns
_SQUEEZED = 3  # the least a flex column keeps when the line cannot hold its minimum


def clean(text: str) -> str:
    """`text` with control characters made visible, safe to hand to the terminal."""
    return safe_text(text)


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """`text` cleaned and cut or padded to exactly `width` cells, with "…" when cut."""
    if width <= 0:
        return ""
    text = clean(text)
    length = cell_len(text)
    if length > width:
        # set_cell_size pads with a space when a wide character straddles the cut.
        return set_cell_size(text, width - 1) + _ELLIPSIS
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


@dataclass(frozen=True)
class Column:
    """A column: a fixed `width`, or None to share the width left over with other flex columns.

    A `fit` column is as wide as its widest cell (or title), at most `width` when given.
    When the line is too narrow for the flex columns' `min_width`, fit columns that may
    `shrink` give up cells (down to their title or `min_width`) before a flex column is
    cut further; a column that must stay whole (a date) sets `shrink=False`.
    """

    key: str
    title: str
    width: int | None = None
    align: Literal["left", "right"] = "left"
    min_width: int = 0
    fit: bool = False
    shrink: bool = True


@dataclass(frozen=True, eq=False)
class Row:
    """One line of the list; `search` is what the filter matches (defaults to the cells)."""

    key: Hashable
    cells: Sequence[Cell]
    search: str = ""
    style: str = ""
    is_section: bool = field(default=False, kw_only=True)
    counted: bool = field(default=False, kw_only=True)

    @classmethod
    def section(cls, key: Hashable, text: str, *, counted: bool = False) -> Row:
        """A heading drawn across the width; the cursor skips it.

        A `counted` heading shows "(N)" after its text: the rows under it that pass the
        filter, so "Waiting for (1)" stands above the one row a filter left.
        """
        return cls(key, (text,), is_section=True, counted=counted)

    @cached_property
    def folded_search(self) -> str:
        text = self.search or " ".join(
            cell if isinstance(cell, str) else cell[0] for cell in self.cells
        )
        return text.casefold()


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
        &:focus {
            background-tint: $foreground 5%;
        }
        & > .vlist--header { color: $text-muted; text-style: bold; }
        & > .vlist--section { color: $text-accent; text-style: bold; }
        & > .vlist--cursor { background: $block-cursor-blurred-background; }
        &:focus > .vlist--cursor {
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
        self._columns: tuple[Column, ...] = tuple(columns)
        self._rows: list[Row] = []
        # Row indices shown, in order; a range when nothing is hidden (the common case).
        self._lines: Sequence[int] = range(0)
        self._visible_count = 0
        self._section_counts: dict[Hashable, int] = {}  # section key -> rows shown under it
        self._fit_widths: dict[int, int] | None = None  # column index -> widest cell
        self._key_index: dict[Hashable, int] | None = None
        self._highlighted_key: Hashable | None = None
        self._layout: tuple[int, list[tuple[int, Literal["left", "right"]]]] | None = None
        self._strip_cache: LRUCache[tuple, Strip] = LRUCache(256)
        self._style_cache: dict[tuple[tuple[str, ...], bool], Style] = {}
        self.set_reactive(VirtualList.empty_text, empty_text)
        self.set_reactive(VirtualList.show_header, show_header)

    # -- data in -------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (the rows' cells must follow the same order)."""
        self._columns = tuple(columns)
        self._layout = None
        self._fit_widths = None
        self._strip_cache.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`, keeping the cursor on the same row key when it is still there."""
        old_key = self.current_key
        old_cursor = self.cursor
        self._rows = list(rows)
        self._key_index = None
        self._fit_widths = None
        self._layout = None
        self._rebuild(old_key, old_cursor)

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

    def _rebuild(self, keep_key: Hashable | None, fallback: int) -> None:
        """Recompute the visible lines after the rows or the filter changed."""
        self._lines, self._visible_count = self._compute_lines()
        self._strip_cache.clear()
        self._update_virtual_size()
        line = self._line_of_key(keep_key) if keep_key is not None else None
        target = fallback if line is None else line
        # The watcher does not run when the index is unchanged but the row under it is new.
        self.set_reactive(VirtualList.cursor, self.validate_cursor(target))
        self._scroll_to_cursor()
        self._post_highlighted()
        self.refresh()

    def _compute_lines(self) -> tuple[Sequence[int], int]:
        rows = self._rows
        needle = self.filter_text.casefold()
        counts = self._section_counts = {}
        if not needle and not any(row.is_section for row in rows):
            return range(len(rows)), len(rows)
        lines: list[int] = []
        section: int | None = None
        heading: Hashable = None
        for index, row in enumerate(rows):
            if row.is_section:
                section, heading = index, row.key
                counts[heading] = 0
            elif not needle or needle in row.folded_search:
                # A section heading only appears above at least one shown row.
                if section is not None:
                    lines.append(section)
                    section = None
                counts[heading] = counts.get(heading, 0) + 1
                lines.append(index)
        count = len(lines) - sum(1 for index in lines if rows[index].is_section)
        return lines, count

    def _line_of_key(self, key: Hashable) -> int | None:
        if self._key_index is None:
            self._key_index = {row.key: index for index, row in enumerate(self._rows)}
        index = self._key_index.get(key)
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
        self._rebuild(self.current_key, self.cursor)

    def watch_show_header(self) -> None:
        self._update_virtual_size()
        self._strip_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()
        self._style_cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._layout = None
        self._scroll_to_cursor()

    # -- drawing ------------------------------------------------------------------------------

    def _style(self, *names: str) -> Style:
        """The widget's style with the `vlist--*` classes in `names` laid on top, in order.

        Textual resolves one component class at a time, so layers are stacked here: each
        adds only what its CSS sets. Cached until the styles change (theme, focus).
        """
        cache_key = (names, self.has_focus)
        style = self._style_cache.get(cache_key)
        if style is None:
            style = self.rich_style
            for name in names:
                if name in self.COMPONENT_CLASSES:
                    style += self._layer(name)
            self._style_cache[cache_key] = style
        return style

    def _layer(self, name: str) -> Style:
        partial = self.get_component_rich_style(name, partial=True)
        # The full style has colours with opacity already blended; take only those set.
        full = self.get_component_rich_style(name)
        return partial + Style.from_color(
            full.color if partial.color is not None else None,
            full.bgcolor if partial.bgcolor is not None else None,
        )

    def _column_layout(self, width: int) -> list[tuple[int, Literal["left", "right"]]]:
        """(width, align) per column for a line `width` cells wide."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1]
        columns = self._columns
        widths = self._natural_widths()
        used = 2 * _MARGIN + _GAP * max(0, len(columns) - 1) + sum(widths.values())
        flex = [index for index, column in enumerate(columns) if index not in widths]
        self._shrink_to_fit(widths, sum(columns[i].min_width for i in flex) - (width - used))
        spare = max(0, width - 2 * _MARGIN - _GAP * max(0, len(columns) - 1))
        spare = max(0, spare - sum(widths.values()))
        share, extra = divmod(spare, len(flex)) if flex else (0, 0)
        # When even that is too little, flex columns go below their minimum: a title cut
        # short still reads, a date cut mid-word reads as another date.
        squeezed = share < max((columns[i].min_width for i in flex), default=0)
        for seen, index in enumerate(flex):
            least = columns[index].min_width
            floor = min(least, _SQUEEZED) if squeezed else least
            widths[index] = max(floor, share + (1 if seen < extra else 0))
        layout = [(widths[index], column.align) for index, column in enumerate(columns)]
        self._layout = (width, layout)
        return layout

    def _natural_widths(self) -> dict[int, int]:
        """The width of every column that is not flex: fixed, or fitted to its cells."""
        if self._fit_widths is None:
            self._fit_widths = self._measure_fit_columns()
        widths = {}
        for index, column in enumerate(self._columns):
            if column.fit:
                widths[index] = self._fit_widths[index]
            elif column.width is not None:
                widths[index] = column.width
        return widths

    def _measure_fit_columns(self) -> dict[int, int]:
        measured = {}
        for index, column in enumerate(self._columns):
            if not column.fit:
                continue
            widest = max(cell_len(column.title), column.min_width if not column.shrink else 0)
            for row in self._rows:
                if row.is_section or index >= len(row.cells):
                    continue
                cell = row.cells[index]
                widest = max(widest, cell_len(cell if isinstance(cell, str) else cell[0]))
            measured[index] = min(widest, column.width) if column.width else widest
        return measured

    def _shrink_to_fit(self, widths: dict[int, int], shortage: int) -> None:
        """Take `shortage` cells from the widest shrinkable fit columns, one at a time."""
        floors = {
            index: max(column.min_width, cell_len(column.title), 1)
            for index, column in enumerate(self._columns)
            if column.fit and column.shrink
        }
        while shortage > 0:
            room = [index for index, floor in floors.items() if widths[index] > floor]
            if not room:
                return
            widest = max(room, key=lambda index: widths[index])
            widths[widest] -= 1
            shortage -= 1

    def column_offsets(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each column on a line `width` cells wide.

        For subclasses that draw something of their own over a column (the timeline's chart).
        """
        offsets = []
        x = _MARGIN
        for column_width, _align in self._column_layout(width):
            offsets.append((x, column_width))
            x += column_width + _GAP
        return offsets

    def _cells_strip(
        self, cells: Sequence[Cell], width: int, base: tuple[str, ...], extra: tuple[str, ...]
    ) -> Strip:
        """One line of cells in columns; `base` styles the whole line, `extra` goes on top."""
        line_style = self._style(*base, *extra)
        segments = [Segment(" " * _MARGIN, line_style)]
        layout = self._column_layout(width)
        for index, (column_width, align) in enumerate(layout):
            cell = cells[index] if index < len(cells) else ""
            text, name = (cell, "") if isinstance(cell, str) else cell
            style = self._style(*base, name, *extra) if name else line_style
            if index:
                segments.append(Segment(" " * _GAP, line_style))
            segments.append(Segment(fit(text, column_width, align), style))
        return Strip(segments).adjust_cell_length(width, line_style)

    def _text_strip(self, text: str, width: int, *names: str) -> Strip:
        style = self._style(*names)
        body = fit(text, max(0, width - _MARGIN))
        return Strip([Segment(" " * _MARGIN + body, style)]).adjust_cell_length(width, style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.show_header:
            if y == 0:
                titles = [column.title for column in self._columns]
                return self._cells_strip(titles, width, ("vlist--header",), ())
            y -= 1
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            if line == 0:
                return self._text_strip(self._placeholder(), width, "vlist--dim")
            return Strip.blank(width, self.rich_style)
        is_cursor = line == self.cursor
        cache_key = (line, width, is_cursor, self.has_focus)
        strip = self._strip_cache.get(cache_key)
        if strip is None:
            strip = self._render_row(self._rows[self._lines[line]], width, is_cursor)
            self._strip_cache[cache_key] = strip
        return strip

    def _render_row(self, row: Row, width: int, is_cursor: bool) -> Strip:
        if row.is_section:
            text = str(row.cells[0])
            if row.counted:
                text += f" ({self._section_counts.get(row.key, 0)})"
            return self._text_strip(text, width, "vlist--section")
        extra = ("vlist--cursor",) if is_cursor else ()
        return self._cells_strip(row.cells, width, (row.style,) if row.style else (), extra)

    def _placeholder(self) -> str:
        if self._rows and self.filter_text:
            return f"no match for '{self.filter_text}'"
        return self.empty_text
