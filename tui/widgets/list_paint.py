"""The strips a VirtualList's lines are made of, in the list's own styles.

A line is cells in columns (tui/widgets/list_columns.py) or one text across the width;
each may stack several `vlist--*` component classes (a row's style, a cell's, the cursor).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from tui.widgets.list_columns import GAP, MARGIN, ColumnLayout
from tui.widgets.list_rows import Cell, fit

# The list in focus lays vlist--focus under every line and draws its cursor in full colour.
FOCUSED = {"vlist--cursor": "vlist--focus-cursor"}


class LinePainter:
    """Draws lines for `widget`, whose component classes style them."""

    def __init__(self, widget: Widget, columns: ColumnLayout) -> None:
        self._widget = widget
        self._columns = columns
        self._styles: dict[tuple[tuple[str, ...], bool], Style] = {}

    def forget_styles(self) -> None:
        """The widget's styles changed (theme, focus, CSS)."""
        self._styles.clear()

    def style(self, *names: str) -> Style:
        """The widget's style with the component classes in `names` laid on top, in order.

        Textual resolves one component class at a time, so layers are stacked here: each
        adds only what its CSS sets. Cached until the styles change.
        """
        widget = self._widget
        cache_key = (names, widget.has_focus)
        style = self._styles.get(cache_key)
        if style is None:
            style = widget.rich_style
            if widget.has_focus:
                names = ("vlist--focus", *(FOCUSED.get(name, name) for name in names))
            for name in names:
                if name in widget.COMPONENT_CLASSES:
                    style += self._layer(name)
            self._styles[cache_key] = style
        return style

    def _layer(self, name: str) -> Style:
        partial = self._widget.get_component_rich_style(name, partial=True)
        # The full style has colours with opacity already blended; take only those set.
        full = self._widget.get_component_rich_style(name)
        return partial + Style.from_color(
            full.color if partial.color is not None else None,
            full.bgcolor if partial.bgcolor is not None else None,
        )

    def cells(
        self, cells: Sequence[Cell], width: int, base: tuple[str, ...], extra: tuple[str, ...]
    ) -> Strip:
        """One line of cells in columns; `base` styles the whole line, `extra` goes on top."""
        line_style = self.style(*base, *extra)
        segments = [Segment(" " * MARGIN, line_style)]
        for index, (column_width, align) in enumerate(self._columns.layout(width)):
            cell = cells[index] if index < len(cells) else ""
            text, name = (cell, "") if isinstance(cell, str) else cell
            style = self.style(*base, name, *extra) if name else line_style
            if index:
                segments.append(Segment(" " * GAP, line_style))
            segments.append(Segment(fit(text, column_width, align), style))
        return Strip(segments).adjust_cell_length(width, line_style)

    def text(self, text: str, width: int, *names: str) -> Strip:
        """`text` across the line after the margin, cut to fit."""
        style = self.style(*names)
        body = fit(text, max(0, width - MARGIN))
        return Strip([Segment(" " * MARGIN + body, style)]).adjust_cell_length(width, style)
