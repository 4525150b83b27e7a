"""How wide each VirtualList column is on a line of a given width.

Fixed columns keep their width, `fit` columns take their widest cell, flex columns share
what is left; when the line is too narrow, fit columns shrink first and flex columns last.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.cells import cell_len

from tui.widgets.list_rows import Column, Row, cell_text

MARGIN = 1  # blank cell at the left edge so the cursor bar has a lip
GAP = 1  # blank cells between columns
_SQUEEZED = 3  # the least a flex column keeps when the line cannot hold its minimum

Layout = list[tuple[int, Literal["left", "right"]]]
"""(width, align) per column."""


def _width(text: str) -> int:
    """The cells `text` takes when drawn: one a character when it is ASCII (a control
    character is drawn as one visible symbol: list_rows.clean), else as Rich measures it."""
    return len(text) if text.isascii() else cell_len(text)


class ColumnLayout:
    """The columns of one list and their widths, measured once per change of rows or width."""

    def __init__(self, columns: Sequence[Column] = ()) -> None:
        self.columns: tuple[Column, ...] = tuple(columns)
        self._rows: Sequence[Row] = ()
        self._fit_widths: dict[int, int] | None = None  # column index -> widest cell
        self._layout: tuple[int, Layout] | None = None

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self._fit_widths = None
        self._layout = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        """The rows whose cells `fit` columns are measured against."""
        self._rows = rows
        self._fit_widths = None
        self._layout = None

    def widen(self, rows: Sequence[Row]) -> bool:
        """`rows` joined the list: fit columns grow to hold them (none is measured again).
        False when every column keeps its width (the lines drawn so far still hold)."""
        if self._fit_widths is None:
            return True  # measured when first drawn, new rows included
        grown = False
        for index, column in enumerate(self.columns):
            if not column.fit:
                continue
            widest = self._fit_widths[index]
            for row in rows:
                if not row.is_section and index < len(row.cells):
                    widest = max(widest, _width(cell_text(row.cells[index])))
            widest = min(widest, column.width) if column.width else widest
            grown = grown or widest != self._fit_widths[index]
            self._fit_widths[index] = widest
        if grown:
            self._layout = None
        return grown

    def forget_width(self) -> None:
        self._layout = None

    def layout(self, width: int) -> Layout:
        """(width, align) per column for a line `width` cells wide."""
        if self._layout is not None and self._layout[0] == width:
            return self._layout[1]
        columns = self.columns
        widths = self._natural_widths()
        gaps = GAP * max(0, len(columns) - 1)
        used = 2 * MARGIN + gaps + sum(widths.values())
        flex = [index for index, column in enumerate(columns) if index not in widths]
        self._shrink_to_fit(widths, sum(columns[i].min_width for i in flex) - (width - used))
        spare = max(0, max(0, width - 2 * MARGIN - gaps) - sum(widths.values()))
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

    def offsets(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each column on a line `width` cells wide."""
        offsets = []
        x = MARGIN
        for column_width, _align in self.layout(width):
            offsets.append((x, column_width))
            x += column_width + GAP
        return offsets

    def _natural_widths(self) -> dict[int, int]:
        """The width of every column that is not flex: fixed, or fitted to its cells."""
        if self._fit_widths is None:
            self._fit_widths = self._measure_fit_columns()
        widths = {}
        for index, column in enumerate(self.columns):
            if column.fit:
                widths[index] = self._fit_widths[index]
            elif column.width is not None:
                widths[index] = column.width
        return widths

    def _measure_fit_columns(self) -> dict[int, int]:
        measured = {}
        cells = [row.cells for row in self._rows if not row.is_section]
        for index, column in enumerate(self.columns):
            if not column.fit:
                continue
            # Each distinct cell measured once: owners, projects, dates and priorities
            # repeat down a list of thousands of rows (this runs before its first frame).
            distinct = {cell_text(row[index]) for row in cells if index < len(row)}
            widest = max(map(_width, distinct), default=0)
            widest = max(
                widest, cell_len(column.title), column.min_width if not column.shrink else 0
            )
            measured[index] = min(widest, column.width) if column.width else widest
        return measured

    def _shrink_to_fit(self, widths: dict[int, int], shortage: int) -> None:
        """Take `shortage` cells from the widest shrinkable fit columns, one at a time."""
        floors = {
            index: max(column.min_width, cell_len(column.title), 1)
            for index, column in enumerate(self.columns)
            if column.fit and column.shrink
        }
        while shortage > 0:
            room = [index for index, floor in floors.items() if widths[index] > floor]
            if not room:
                return
            widest = max(room, key=lambda index: widths[index])
            widths[widest] -= 1
            shortage -= 1
