"""The VirtualList's scrollbar: no layout pass when it is resized, drawn straight to lines."""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip


class ListScrollBar(ScrollBar):
    """A scrollbar whose resizing asks for no second layout pass of the screen.

    Textual sets a resized widget's virtual size with a layout pass; a scrollbar has no
    content, so nothing else depends on it.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)

    def __init__(self, *args, **options) -> None:
        super().__init__(*args, **options)
        # The lines of the last few looks: a zoom and back shows the same two again.
        self._drawn: LRUCache[tuple, list[Strip]] = LRUCache(4)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The last lines drawn while nothing they show has changed.

        Textual repaints the scrollbars whenever their list is restyled (a change of focus
        does it), which draws every line of them again through Rich.
        """
        styles = self.parent.styles if self.parent else self.styles
        look = (
            crop,
            self.size,
            self.grabbed,
            self.mouse_over,
            self.window_size,
            self.window_virtual_size,
            self.position,
            styles.scrollbar_background,
            styles.scrollbar_color,
            styles.scrollbar_background_hover,
            styles.scrollbar_color_hover,
            styles.scrollbar_background_active,
            styles.scrollbar_color_active,
            self.app.theme,
        )
        lines = self._drawn.get(look)
        if lines is None:
            lines = self._drawn[look] = self._draw(crop)
        return lines

    def _draw(self, crop: Region) -> list[Strip]:
        """Textual's own bar, its cells made lines directly: styling it line by line as a
        widget (frame, padding, tint, none of which a scrollbar has) took most of the time
        of drawing it, ~1.5 ms for a pane's height."""
        own = self.styles
        if (
            not self.vertical
            or self.parent is None
            or self.screen.styles.scrollbar_color.a == 0
            or own.tint.a
            or own.text_opacity != 1
            or self.opacity != 1
            or own.border.top[0]  # not a plain cell per line (none of these in app.tcss)
            or any(own.padding)
        ):
            return super().render_lines(crop)
        styles = self.parent.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:  # as ScrollBar.render blends them
            background = self.parent.background_colors[0] + background
        color = background + color
        width, height = self.size
        window_size = self.window_size if self.window_size < self.window_virtual_size else 0
        bar = ScrollBarRender.render_bar(
            size=height,
            virtual_size=ceil(self.window_virtual_size),
            window_size=ceil(window_size),
            position=self.position,
            thickness=width,
            vertical=True,
            back_color=background.rich_color,
            bar_color=color.rich_color,
        )
        base = self.visual_style.rich_style  # under each cell, as Textual draws the bar
        filters = self.get_line_filters()
        _, under = self.background_colors
        lines = []
        for cell in bar.segments[crop.y : crop.bottom]:
            line = Strip([Segment(cell.text, base + cell.style, cell.control)], width)
            for line_filter in filters:
                line = line.apply_filter(line_filter, under)
            lines.append(line.crop(crop.x, crop.right))
        return lines
