"""User text in widgets: plain Content through the one door (`store.text.safe_text`).

`plain()` is what a widget shows for a title, an owner, a note or a message: never read as
markup (`Weekly sync [Q3]` keeps its brackets, `[/]` cannot crash), control characters
shown visibly. `ControlFilter` is the last line of defence behind it: whatever a widget
draws, no control character in its text reaches the terminal.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter

from store.text import safe_text

# What a terminal would act on (C0, DEL, C1) and what reorders text (bidi controls).
# Rich counts these as zero cells wide, so dropping them keeps every line's width.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: object, *, lines: bool = False) -> Content:
    """`text` as Content to show literally: no markup, control characters made visible."""
    return Content(safe_text(text, lines=lines))


class ControlFilter(LineFilter):
    """Drops control characters from every drawn line, whatever widget drew it."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        search = _CONTROL.search
        if not any(search(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment
            if segment.control
            else Segment(_CONTROL.sub("", segment.text), segment.style, segment.control)
            for segment in segments
        ]
