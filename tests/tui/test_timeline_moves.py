"""Timeline moves: presses on one milestone are one move, stored when the cursor leaves it
(or the pane, or the app), with the reason the person gives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from store.models import Milestone
from store.repository import open_desk
from tui.app import make_app
from tui.widgets.timeline_pane import TimelinePane

TODAY = date(2026, 11, 20)
SIZE = (100, 30)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def app_over(path: Path, *milestones: Milestone):
    desk = open_desk(path)
    for milestone in milestones:
        desk.milestones.add(milestone)
    desk.db.close()
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def two_milestones(tmp_path: Path):
    return app_over(
        tmp_path / "m.json",
        Milestone(title="Pick list ready", project="ops", forecast=day(10)),
        Milestone(title="Pallets booked", project="ops", forecast=day(20)),
    )


def stored(path: Path, milestone_id: int = 1) -> Milestone:
    desk = open_desk(path)
    try:
        return desk.milestones.get(milestone_id)
    finally:
        desk.db.close()


async def on_first(pilot) -> TimelinePane:
    await pilot.press("2")
    pane = pilot.app.screen.query_one(TimelinePane)
    assert pane.current == ("milestone", 1)
    return pane


async def test_presses_on_one_milestone_are_one_move_stored_when_the_cursor_leaves(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await on_first(pilot)
        await pilot.press(*">>>")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(10)  # still pending
        assert pane.chart.spans[("milestone", 1)].forecast == day(13)  # drawn at once
        await pilot.press("j")
        await pilot.pause()
        moved = app.desk.milestones.get(1)
        assert moved.forecast == day(13)
        assert [(m["from"], m["to"]) for m in moved.moves] == [
            (day(10).isoformat(), day(13).isoformat())
        ]
        await pilot.press("u")  # one undo step takes back the whole move
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(10)


async def test_w_gives_the_pending_move_its_reason_in_one_burst(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await on_first(pilot)
        await pilot.press(*">>", "w", *"vendor [late]", "enter")
        await pilot.pause()
        moved = app.desk.milestones.get(1)
        assert moved.forecast == day(12)
        assert [m["reason"] for m in moved.moves] == ["vendor [late]"]
        # w on a milestone with no pending move explains its last stored move.
        await pilot.press("w", *"carrier strike", "enter")
        await pilot.pause()
        moved = app.desk.milestones.get(1)
        assert [m["reason"] for m in moved.moves] == ["carrier strike"]
        assert moved.forecast == day(12)


async def test_escape_closes_the_reason_line_and_keeps_the_move_pending(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await on_first(pilot)
        await pilot.press(">", "w", "x", "escape")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(10)
        assert pane.rows.has_focus
        await pilot.press(">", "j")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(12)
        assert len(app.desk.milestones.get(1).moves) == 1


async def test_leaving_the_pane_or_quitting_stores_the_pending_move(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await on_first(pilot)
        await pilot.press("<", "1")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(9)
        await pilot.press("2", ">", ">", "q")
        await pilot.pause()
    moved = stored(tmp_path / "m.json")
    assert moved.forecast == day(11)
    assert len(moved.moves) == 2


async def test_opening_a_form_stores_the_move_first(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await on_first(pilot)
        await pilot.press(">", "e")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == day(11)
        assert app.screen.query_one("#field-forecast").value == day(11).isoformat()


async def test_moving_past_the_end_of_the_calendar_is_refused_quietly(tmp_path):
    app = app_over(tmp_path / "m.json", Milestone(title="Far", forecast=date(9999, 12, 31)))
    async with app.run_test(size=SIZE) as pilot:
        await on_first(pilot)
        await pilot.press(">", "j")
        await pilot.pause()
        assert app.desk.milestones.get(1).forecast == date(9999, 12, 31)
        assert any("calendar" in n.message for n in app._notifications)


async def test_the_pane_says_a_move_is_pending_and_how_to_explain_it(tmp_path):
    app = two_milestones(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await on_first(pilot)
        assert "w why" not in str(pane.border_subtitle)
        await pilot.press(">")
        assert "w why" in str(pane.border_subtitle)
        await pilot.press("j")
        await pilot.pause()
        assert "w why" not in str(pane.border_subtitle)
