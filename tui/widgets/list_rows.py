"""What a VirtualList shows: columns, rows and section headings, and which of them a filter keeps.

Plain data and plain functions, no widget: a pane builds `Row`s, the list draws them. User
text is always data: `fit` makes every cell safe for the terminal before it is drawn.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rich.cells import cell_len, set_cell_size

from store.text import safe_text

Cell = str | tuple[str, str]
"""A cell's text, or (text, style name) where the style is one of the `vlist--*` classes."""

_ELLIPSIS = "…"


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


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


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


@dataclass(eq=False)
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
        text = self.search or " ".join(cell_text(cell) for cell in self.cells)
        return text.casefold()


@dataclass
class Lines:
    """The rows a filter keeps, as row indices in order, and what each heading counts."""

    indices: Sequence[int]
    count: int  # rows shown, headings not counted
    section_counts: dict[Hashable, int]


def filter_lines(rows: Sequence[Row], needle: str) -> Lines:
    """The lines to show for `rows` under the filter `needle` (already casefolded).

    A section heading only appears above at least one shown row.
    """
    counts: dict[Hashable, int] = {}
    if not needle and not any(row.is_section for row in rows):
        # A range when nothing is hidden (the common case): no list of 10k indices.
        return Lines(range(len(rows)), len(rows), counts)
    lines: list[int] = []
    section: int | None = None
    heading: Hashable = None
    for index, row in enumerate(rows):
        if row.is_section:
            section, heading = index, row.key
            counts[heading] = 0
        elif not needle or needle in row.folded_search:
            if section is not None:
                lines.append(section)
                section = None
            counts[heading] = counts.get(heading, 0) + 1
            lines.append(index)
    count = len(lines) - sum(1 for index in lines if rows[index].is_section)
    return Lines(lines, count, counts)
