"""What the desk's Pilot tests share: an app over a data file at a fixed day, the desk
screen and its panes, the text on the terminal and in a list, and waiting and typing the way
a person would."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import VirtualList

TODAY = date(2026, 11, 20)  # a Friday
PANES = ("today", "timeline", "risks", "notes")


def open_app(path: Path | None, **options) -> OpsDesk:
    options.setdefault("config", {})
    options.setdefault("theme_dir", None)
    options.setdefault("remember_theme", False)
    return make_app(path, clock=lambda: TODAY, **options)


def desk_of(app: OpsDesk) -> DeskScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, DeskScreen))


def pane(app: OpsDesk, name: str) -> Pane:
    return desk_of(app).query_one(f"#{name}", Pane)


def screen_text(app: OpsDesk) -> str:
    """Every character on the terminal, modal screens and toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def list_lines(vlist: VirtualList) -> list[str]:
    """The lines the list draws, header first."""
    height = vlist.scrollable_content_region.height
    return [vlist.render_line(y).text for y in range(height)]


def row_titles(vlist: VirtualList) -> list[str]:
    """The title cell of each row in the list (section headings left out)."""
    return [
        str(row.cells[1][0] if isinstance(row.cells[1], tuple) else row.cells[1])
        for row in vlist.rows
        if not row.is_section
    ]


def has_row(vlist: VirtualList, title: str) -> bool:
    return any(shown_title.startswith(title) for shown_title in row_titles(vlist))


def shown(widget) -> bool:
    return widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display"))


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 2.0) -> bool:
    """Let the app run until `condition()` holds; False if it did not within `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def type_in(pilot: Pilot, text: str) -> None:
    """Type into the focused input: the first keys pressed, the rest as a paste would go in
    (a key press costs the test harness tens of milliseconds)."""
    await pilot.press(*text[:3])
    box = pilot.app.focused
    assert isinstance(box, Input)
    box.insert_text_at_cursor(text[3:])
    await pilot.pause()
