"""The desk shows what the file holds and says what happened: a stored change whose
calendar export failed is shown as stored (with a warning), a failed command leaves the
screen as the file is, and undo never reverts another session's change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from store.models import Action, Milestone
from store.repository import open_desk
from tui.app import make_app
from tui.screens.form import RecordForm

TODAY = date(2026, 11, 20)
SIZE = (100, 30)


def open_app(path: Path, config: dict | None = None):
    return make_app(
        path, config=config or {}, clock=lambda: TODAY, theme_dir=None, remember_theme=False
    )


def notes_of(app) -> list[tuple[str, str, str]]:
    return [(n.title, n.severity, n.message) for n in app._notifications]


def row_keys(app, pane: str) -> list:
    rows = app.screen.query_one(f"#{pane}-list").rows
    return [row.key for row in rows if not row.is_section]


async def test_a_failed_auto_export_warns_and_the_stored_change_stays_shown(tmp_path):
    path = tmp_path / "d.json"
    desk = open_desk(path)
    desk.milestones.add(Milestone(title="Go-live", forecast=date(2026, 12, 5)))
    desk.db.close()
    config = {"ics_path": str(tmp_path / "no such folder" / "cal.ics")}
    app = open_app(path, config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "x")
        await pilot.pause()
        assert open_desk(path).milestones.get(1).status == "done"  # stored
        pane = app.screen.query_one("#timeline")
        assert pane.state.milestones[0].status == "done"  # and shown as stored
        titles = notes_of(app)
        assert not any(title == "Not done" for title, _s, _m in titles), titles
        assert any(s == "warning" and "calendar" in m.lower() for _t, s, m in titles), titles


async def test_a_refused_command_leaves_the_screen_as_the_file_is(tmp_path):
    path = tmp_path / "d.json"
    desk = open_desk(path)
    desk.actions.add(Action(title="Call vendor", due=TODAY))
    desk.db.close()
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert ("action", 1) in row_keys(app, "today")
        other = open_desk(path)
        other.actions.delete(1)
        await pilot.press("x")
        await pilot.pause()
        assert any(t == "Not done" for t, _s, _m in notes_of(app))
        assert ("action", 1) not in row_keys(app, "today")  # at once, not at the next poll


async def test_undo_refuses_to_revert_another_sessions_change(tmp_path):
    path = tmp_path / "d.json"
    desk = open_desk(path)
    desk.actions.add(Action(title="Call vendor", due=TODAY))
    desk.db.close()
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, RecordForm)
        app.screen.query_one("#field-title", Input).value = "Call vendor about PO"
        await pilot.press("ctrl+s")
        await pilot.pause()
        other = open_desk(path)  # `opsdesk done 1` in another shell
        other.actions.complete(1, TODAY)
        await pilot.press("u")
        await pilot.pause()
        kept = open_desk(path).actions.get(1)
        assert (kept.title, kept.status) == ("Call vendor about PO", "done")
        assert any("changed elsewhere" in m for _t, _s, m in notes_of(app))
