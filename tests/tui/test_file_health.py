"""A data file that goes bad while the desk is open (garbage, moved away): the desk keeps
its last good state, says what is wrong, refuses writes, and recovers by itself."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from store.repository import open_desk
from tui.app import make_app
from tui.screens.desk import DeskScreen
from tui.screens.form import RecordForm

TODAY = date(2026, 11, 20)
SIZE = (100, 30)


def open_app(path: Path):
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


def desk_of(app) -> DeskScreen:
    return next(s for s in app.screen_stack if isinstance(s, DeskScreen))


def problem(app) -> str:
    desk = desk_of(app)
    if not desk.has_class("-file-bad"):
        return ""
    return str(desk.query_one("#file-problem", Static).render())


def today_titles(app) -> list[str]:
    rows = desk_of(app).query_one("#today-list").rows
    return [str(row.cells[1]) for row in rows if not row.is_section]


async def test_garbage_file_keeps_the_last_state_refuses_writes_and_recovers(data_file: Path):
    app = open_app(data_file)
    good = data_file.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        before = today_titles(app)
        assert before
        await pilot.press("e")  # a form open while the file goes bad
        assert isinstance(app.screen, RecordForm)
        data_file.write_bytes(b"\x1b[31m garbage \x00\xff not json")
        assert await wait_for(pilot, lambda: problem(app))
        assert str(data_file) in problem(app)
        assert "not valid JSON" in problem(app)
        assert "\x1b" not in problem(app)
        title = app.screen.query_one("#field-title", Input)
        title.value = "Typed while the file was bad"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)  # refused, kept open with the text
        assert title.value == "Typed while the file was bad"
        assert str(data_file) in str(app.screen.query_one("#form-message", Static).render())
        assert data_file.read_bytes().startswith(b"\x1b[31m garbage")  # left untouched
        assert today_titles(app) == before

        data_file.write_bytes(good)
        os.utime(data_file)
        other = open_desk(data_file)
        other.actions.add_quick("Written by another session due:today", today=TODAY)
        other.db.close()
        assert await wait_for(pilot, lambda: not problem(app))
        assert await wait_for(
            pilot, lambda: "Written by another session" in " ".join(today_titles(app))
        )
        await pilot.press("ctrl+s")  # the same form now saves
        await pilot.pause()
        assert not isinstance(app.screen, RecordForm)
        titles = [a.title for a in app.desk.actions.all()]
        assert "Typed while the file was bad" in titles


async def test_a_file_moved_away_is_named_and_coming_back_recovers(data_file: Path):
    app = open_app(data_file)
    away = data_file.with_name("moved.json")
    async with app.run_test(size=SIZE) as pilot:
        before = today_titles(app)
        data_file.rename(away)
        assert await wait_for(pilot, lambda: problem(app))
        assert str(data_file) in problem(app)
        await pilot.press("x")  # a write is refused, nothing is created at the path
        await pilot.pause()
        assert not data_file.exists()
        assert today_titles(app) == before
        away.rename(data_file)
        assert await wait_for(pilot, lambda: not problem(app))
        assert app.is_running


async def test_a_damaged_draft_file_does_not_stop_the_desk_from_starting(data_file: Path):
    drafts = data_file.with_name(f"{data_file.name}.drafts")
    drafts.mkdir()
    (drafts / "note-1.json").write_text('{"title": 5, "body": null, "saved_at": "2026-11-20"}')
    (drafts / "new-x.json").write_text("[1, 2")
    (drafts / "new-y.json").write_bytes(b"\xff\xfe")
    app = open_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert today_titles(app)
        assert app.is_running
