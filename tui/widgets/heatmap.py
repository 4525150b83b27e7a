"""The risk heat map: a 5x5 grid, probability up and impact across, with the count of open
risks in each cell, coloured by the score band of the cell (theme variables $risk-*)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

Cell = tuple[int, int]  # (probability, impact), each 1-5


def band_of(probability: int, impact: int) -> str:
    """high (15-25), medium (8-14) or low (1-7), as Risk.band."""
    score = probability * impact
    return "high" if score >= 15 else "medium" if score >= 8 else "low"


class HeatMap(Widget, can_focus=True):
    """Arrows move the cell cursor; Enter asks to see the risks of that cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(1, 0)", "Probability up", show=False, id="heatmap.up"),
        Binding("down,j", "move(-1, 0)", "Probability down", show=False, id="heatmap.down"),
        Binding("left,h", "move(0, -1)", "Impact down", show=False, id="heatmap.left"),
        Binding("right,l", "move(0, 1)", "Impact up", show=False, id="heatmap.right"),
        Binding("enter", "select", "Risks in cell", id="heatmap.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--high",
        "heatmap--medium",
        "heatmap--low",
        "heatmap--empty-high",
        "heatmap--empty-medium",
        "heatmap--empty-low",
        "heatmap--shade-high",
        "heatmap--shade-medium",
        "heatmap--shade-low",
        "heatmap--cursor",
        "heatmap--axis",
    }

    # Occupied cells are reversed blocks of the band colour, so they read the same on a
    # 16-colour terminal; empty ones are tinted, or shaded with ░ where tints cannot show.
    DEFAULT_CSS = """
    HeatMap {
        height: 1fr;
        width: 1fr;
        background: $surface;
        & > .heatmap--high { color: $risk-high; text-style: reverse bold; }
        & > .heatmap--medium { color: $risk-medium; text-style: reverse bold; }
        & > .heatmap--low { color: $risk-low; text-style: reverse bold; }
        & > .heatmap--empty-high { background: $risk-high 22%; }
        & > .heatmap--empty-medium { background: $risk-medium 22%; }
        & > .heatmap--empty-low { background: $risk-low 22%; }
        & > .heatmap--shade-high { color: $risk-high; }
        & > .heatmap--shade-medium { color: $risk-medium; }
        & > .heatmap--shade-low { color: $risk-low; }
        & > .heatmap--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: bold;
        }
        &:focus > .heatmap--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .heatmap--axis { color: $text-muted; }
    }
    """

    @dataclass
    class Moved(Message):
        """The cell cursor moved."""

        heat_map: HeatMap
        cell: Cell

        @property
        def control(self) -> HeatMap:
            return self.heat_map

    @dataclass
    class Selected(Message):
        """Enter on a cell."""

        heat_map: HeatMap
        cell: Cell

        @property
        def control(self) -> HeatMap:
            return self.heat_map

    cursor: reactive[Cell] = reactive((3, 3))

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._counts: dict[Cell, int] = {}

    def set_counts(self, counts: Mapping[Cell, int]) -> None:
        self._counts = dict(counts)
        self.refresh()

    def count(self, cell: Cell) -> int:
        return self._counts.get(cell, 0)

    def validate_cursor(self, cell: Cell) -> Cell:
        probability, impact = cell
        return (min(5, max(1, probability)), min(5, max(1, impact)))

    def watch_cursor(self, cell: Cell) -> None:
        self.post_message(self.Moved(self, cell))

    def action_move(self, probability: int, impact: int) -> None:
        self.cursor = (self.cursor[0] + probability, self.cursor[1] + impact)

    def action_select(self) -> None:
        self.post_message(self.Selected(self, self.cursor))

    # -- drawing ---------------------------------------------------------------------------

    def _layout(self) -> tuple[int, int, int, bool]:
        """Cell width, cell height, gap rows between cells, and whether a title line fits."""
        width, height = self.size
        cell_width = max(3, min(11, (width - 6 - 4) // 5))
        for cell_height, gap in ((3, 1), (2, 1), (1, 1), (1, 0)):
            grid = 5 * cell_height + 4 * gap
            if grid + 2 <= height or cell_height == 1:
                return cell_width, cell_height, gap, grid + 3 <= height
        raise AssertionError("unreachable")

    def render(self) -> Text:
        cell_width, cell_height, gap, titled = self._layout()
        axis = self.get_component_rich_style("heatmap--axis")
        text = Text(no_wrap=True, overflow="crop", end="")
        if titled:
            text.append("  Probability ↑\n", axis)
        for probability in range(5, 0, -1):
            for line in range(cell_height):
                middle = line == cell_height // 2
                text.append(f" {probability}  " if middle else "    ", axis)
                for impact in range(1, 6):
                    if impact > 1:
                        text.append(" ")
                    cell = (probability, impact)
                    text.append(*self._cell(cell, cell_width, middle))
                text.append("\n")
            if gap and probability > 1:
                text.append("\n")
        text.append("    ")
        for impact in range(1, 6):
            text.append(f"{impact:^{cell_width}}" + (" " if impact < 5 else ""), axis)
        text.append("\n    " + "Impact →".center(5 * cell_width + 4), axis)
        return text

    def _cell(self, cell: Cell, width: int, middle: bool) -> tuple[str, Style]:
        count = self.count(cell)
        band = band_of(*cell)
        if cell == self.cursor:
            label = f"[{count or '·'}]" if middle else ""
            return label.center(width), self.get_component_rich_style("heatmap--cursor")
        if count:
            label = str(count) if middle else ""
            return label.center(width), self.get_component_rich_style(f"heatmap--{band}")
        if self.app.current_theme.ansi:
            return "░" * width, self.get_component_rich_style(f"heatmap--shade-{band}")
        return " " * width, self.get_component_rich_style(f"heatmap--empty-{band}")
