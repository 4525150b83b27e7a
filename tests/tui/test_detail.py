"""Enter opens a record's detail: every field, the full title, baseline, forecast, slip and
the whole move history; an action's detail jumps to its note; `e` edits from there."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Static

from store.models import Milestone, Note
from store.repository import open_desk
from tui.app import make_app
from tui.screens.detail import RecordDetail
from tui.screens.form import RecordForm
from tui.screens.note_view import NoteView

TODAY = date(2026, 11, 20)
SIZE = (100, 30)
LONG = "Racking installed in hall B, all three aisles, signed off by [bold]facilities[/] " * 2


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def open_app(path: Path):
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def body(app) -> str:
    return str(app.screen.query_one("#detail-body", Static).render())


async def test_enter_on_a_milestone_shows_all_fields_and_every_move_with_reasons(tmp_path):
    path = tmp_path / "m.json"
    desk = open_desk(path)
    desk.milestones.add(Milestone(title=LONG.strip(), project="warehouse", forecast=day(10)))
    desk.milestones.move(1, day(13), "vendor [red]late[/]")
    desk.milestones.move(1, day(12))
    desk.db.close()
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "enter")
        assert isinstance(app.screen, RecordDetail)
        text = body(app)
        assert " ".join(LONG.split()) in " ".join(text.split())  # full title, markup literal
        assert day(10).isoformat() in text and day(12).isoformat() in text  # baseline, forecast
        assert "+2 days late" in text
        assert "warehouse" in text
        assert "Moves (2)" in text
        assert "vendor [red]late[/]" in text
        assert "+3d" in text and "-1d" in text and "no reason given" in text

        await pilot.press("e")  # edit from the detail; the detail shows the saved record
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#field-owner", Input).value = "bob"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordDetail)
        assert "bob" in body(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, RecordDetail)


async def test_enter_on_an_action_shows_its_note_and_o_opens_it(tmp_path):
    path = tmp_path / "a.json"
    desk = open_desk(path)
    desk.notes.save(
        Note(title="Ops weekly", body="- [ ] Call the carrier @alice due:2026-11-21\n"),
        today=TODAY,
    )
    desk.db.close()
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        today = app.screen.query_one("#today-list")
        assert today.move_to_key(("action", 1))
        await pilot.press("enter")
        assert isinstance(app.screen, RecordDetail)
        text = body(app)
        assert "Call the carrier" in text and "alice" in text
        assert "From note" in text and "Ops weekly" in text
        assert "2026-11-21" in text
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, NoteView)
        await pilot.press("escape")
        assert isinstance(app.screen, RecordDetail)
