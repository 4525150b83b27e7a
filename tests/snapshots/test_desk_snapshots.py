"""Snapshots of the desk on the demo data: every shipped theme at 80x24 (one pane at a
time) and 160x48 (four panes), and the shell's overlays: quick add, the edit form with an
inline error, and help."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

THEMES = ("opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi")


@pytest.mark.parametrize("theme", THEMES)
def test_desk_80x24(snap_compare, desk_app, theme):
    assert snap_compare(desk_app(theme), terminal_size=(80, 24))


@pytest.mark.parametrize("theme", THEMES)
def test_desk_160x48(snap_compare, desk_app, theme):
    assert snap_compare(desk_app(theme), press=["j"], terminal_size=(160, 48))


def test_quick_add_preview_80x24(snap_compare, desk_app):
    async def type_line(pilot: Pilot) -> None:
        await pilot.press("a")
        pilot.app.focused.insert_text_at_cursor("Call vendor @alice +warehouse !high due:fri")
        await pilot.pause()

    assert snap_compare(desk_app(), run_before=type_line, terminal_size=(80, 24))


def test_edit_form_with_a_bad_date_80x24(snap_compare, desk_app):
    async def bad_date(pilot: Pilot) -> None:
        await pilot.press("e")
        pilot.app.screen.query_one("#field-due", Input).value = "frid"
        await pilot.press("ctrl+s")

    assert snap_compare(desk_app(), run_before=bad_date, terminal_size=(80, 24))


def test_help_80x24(snap_compare, desk_app):
    app = desk_app(keys={"record.done": "space"})
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))
