"""The Timeline pane: grouping, the drawn chart, scroll and zoom keys, moving milestones,
auto-export after a move, the calendar command, and drawing only what is on screen."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from textual.color import Color

from store.demo import large_sample, write_demo
from store.models import Milestone
from store.repository import open_desk
from store.storage import Database
from tui.app import make_app
from tui.screens.form import RecordForm
from tui.widgets.timeline_chart import SCALE_NAMES, TimelineChart
from tui.widgets.timeline_pane import TimelinePane

TODAY = date(2026, 11, 20)  # a Friday
NARROW, WIDE = (80, 24), (160, 48)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def demo_app(tmp_path: Path, config: dict | None = None):
    path = tmp_path / "d.json"
    write_demo(path, today=TODAY)
    return make_app(
        path, config=config or {}, clock=lambda: TODAY, theme_dir=None, remember_theme=False
    )


def app_with(tmp_path: Path, milestones: list[Milestone], config: dict | None = None):
    path = tmp_path / "m.json"
    desk = open_desk(path)
    for milestone in milestones:
        desk.milestones.add(milestone)
    desk.db.close()
    return make_app(
        path, config=config or {}, clock=lambda: TODAY, theme_dir=None, remember_theme=False
    )


def pane_of(app) -> TimelinePane:
    return app.screen.query_one(TimelinePane)


def screen_lines(chart: TimelineChart) -> list[str]:
    """The text of every line the chart shows, header first."""
    return [chart.render_line(y).text for y in range(chart.scrollable_content_region.height)]


def chart_text(chart: TimelineChart, line: str) -> str:
    x, width = chart._chart_area(chart.scrollable_content_region.width)
    return line[x : x + width]


def line_with(chart: TimelineChart, title: str) -> str:
    return next(line for line in screen_lines(chart) if title in line)


async def focus_on(pilot, title: str) -> None:
    """Press 2, then j until the cursor is on the milestone called `title`."""
    await pilot.press("2")
    pane = pane_of(pilot.app)
    for _ in range(len(pane.rows.rows)):
        row = pane.rows.current_row
        if row is not None and title in str(row.cells[1]):
            return
        await pilot.press("j")
    raise AssertionError(f"no row {title!r}")


async def test_title_counts_and_rows_grouped_by_project(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await pilot.press("2")
        pane = pane_of(pilot.app)
        # Lease signed is done and older than the view: history, hidden until D
        assert pane.border_title == "2 Timeline  1 late · 3 slipped · 1 done hidden (D)"
        await pilot.press("D")
        assert pane.border_title == "2 Timeline  1 late · 3 slipped"
        layout = [row.cells[0] if row.is_section else row.cells[1][0] for row in pane.rows.rows]
        assert layout == [
            "cutover",
            "Dress rehearsal",
            "Go-live weekend",
            "Hypercare ends",
            "vendor",
            "Shortlist vendors",
            "Contract signed",
            "warehouse",
            "Lease signed",
            "Racking installed",
            "Stock transfer complete",
        ]
        assert pane.current == ("milestone", 4)  # Dress rehearsal, under the first heading
        lines = screen_lines(pane.chart)
        assert "! Dress rehearsal" in lines[2]  # late has a mark besides its colour
        assert "✓ Lease signed" in line_with(pane.chart, "Lease signed")
        assert "+7d" in line_with(pane.chart, "Racking installed")


async def test_chart_draws_slip_markers_dates_and_today_line_at_80_columns(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await pilot.press("2", "D")  # D: the done milestone from before the view too
        chart = pane_of(pilot.app).chart
        assert chart.chart_width >= 40  # six weeks at day scale
        lines = screen_lines(chart)
        assert all(len(line) == chart.scrollable_content_region.width for line in lines)
        assert "Stock transfer complete" in line_with(chart, "Stock transfer")
        # Racking installed: baseline in 5 days, forecast in 12, the slip drawn between.
        cells = chart_text(chart, line_with(chart, "Racking installed"))
        baseline, forecast = chart.column_of(day(5)), chart.column_of(day(12))
        assert 0 <= baseline < forecast < chart.chart_width
        assert cells[baseline] == "◇"
        assert cells[forecast] == "◆"
        assert set(cells[baseline + 1 : forecast]) == {"─"}
        assert cells[forecast + 2 : forecast + 7] == "2 Dec"
        # On track, no slip: only the forecast marker.
        cells = chart_text(chart, line_with(chart, "Shortlist vendors"))
        assert cells.count("◆") == 1 and "◇" not in cells and "─" not in cells
        # Out of view: an arrow at the edge, with the date.
        assert chart_text(chart, line_with(chart, "Lease signed")).startswith("◂ 23 Oct")
        later = chart_text(chart, line_with(chart, "Hypercare ends"))
        assert later.rstrip().endswith("9 Jan 2027 ▸")
        # The today line runs down every line but where a marker or date sits on it.
        today = chart.column_of(TODAY)
        body = [chart_text(chart, line) for line in lines[1:]]
        assert 0 <= today < chart.chart_width
        assert sum(cells[today] == "│" for cells in body) >= len(body) - 2
        assert body[-1][today] == "│"


async def test_colours_come_from_theme_variables(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await pilot.press("2", "D")  # D: the done milestone from before the view too
        chart = pane_of(pilot.app).chart
        variables = pilot.app.get_css_variables()

        def colour_of(title: str, glyph: str) -> str:
            y = next(y for y, line in enumerate(screen_lines(chart)) if title in line)
            segment = next(s for s in chart.render_line(y) if glyph in s.text)
            return segment.style.color.triplet.hex

        def variable(name: str) -> str:
            return Color.parse(variables[name]).hex.lower()

        assert colour_of("Dress rehearsal", "◆") == variable("overdue")  # under the cursor
        assert colour_of("Racking installed", "◆") == variable("slipped")
        assert colour_of("Go-live weekend", "◆") == variable("on-track")
        assert colour_of("Lease signed", "◂") == variable("done")
        assert colour_of("Go-live weekend", "│") == variable("today-line")


async def test_axis_weeks_then_months_zoom_and_scroll_keys(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await pilot.press("2")
        pane = pane_of(pilot.app)
        chart = pane.chart
        axis = chart_text(chart, screen_lines(chart)[0])
        monday = day(3)  # 23 Nov
        assert axis[chart.column_of(monday) :].startswith("23 Nov")
        assert chart.start.weekday() == 0
        assert pane.border_subtitle.startswith(SCALE_NAMES[1])
        await pilot.press("minus")
        axis = chart_text(chart, screen_lines(chart)[0])
        assert axis[chart.column_of(date(2026, 12, 1)) :].startswith("Dec 2026")
        await pilot.press("minus", "minus", "minus")  # past the end of the scale: no error
        assert chart.days_per_column == 7
        assert pane.border_subtitle.startswith("1 col = 1 week")
        axis = chart_text(chart, screen_lines(chart)[0])
        assert axis[chart.column_of(date(2027, 1, 1)) :].startswith("2027")
        await pilot.press("plus", "plus", "plus")
        assert chart.days_per_column == 1
        # Scrolling moves time a week a step; t comes back; the cursor stays put.
        home = chart.start
        await pilot.press("right")
        assert chart.start == home + timedelta(days=7)
        await pilot.press("l", "l")
        assert chart.start == home + timedelta(days=21)
        await pilot.press("left", "h", "h", "h")
        assert chart.start == home - timedelta(days=7)
        await pilot.press("t")
        assert chart.start == home
        assert pane.current == ("milestone", 4)


async def test_move_later_and_earlier_draws_at_once_and_keeps_the_cursor(tmp_path):
    app = app_with(
        tmp_path,
        [
            Milestone(title="Pick list ready", project="ops", forecast=day(10)),
            Milestone(title="Pallets booked", project="ops", forecast=day(11)),
        ],
    )
    async with app.run_test(size=NARROW) as pilot:
        await focus_on(pilot, "Pick list ready")
        pane = pane_of(app)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        # Now after the other milestone in the sort, and the cursor went with it.
        assert [row.key for row in pane.rows.rows[1:]] == [("milestone", 2), ("milestone", 1)]
        assert pane.current == ("milestone", 1)
        assert pane.border_title == "2 Timeline  0 late · 1 slipped"
        assert "+2d" in line_with(pane.chart, "Pick list ready")
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert pane.current == ("milestone", 1)
        await pilot.press("j")  # leaving the milestone stores its move, one entry
        await pilot.pause()
        moved = app.desk.milestones.get(1)
        assert moved.forecast == day(11)
        assert moved.baseline == day(10)
        assert [(m["from"], m["to"]) for m in moved.moves] == [
            (day(10).isoformat(), day(11).isoformat())
        ]


async def test_a_move_off_the_chart_scrolls_it_back_into_view(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await focus_on(pilot, "Hypercare ends")  # already past the right edge
        chart = pane_of(pilot.app).chart
        assert chart.column_of(day(50)) >= chart.chart_width
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert 0 <= chart.column_of(day(51)) < chart.chart_width
        assert "◆" in chart_text(chart, line_with(chart, "Hypercare ends"))


async def test_moves_can_be_remapped_by_binding_id(tmp_path):
    app = demo_app(tmp_path, config={"keys": {"timeline.later": "full_stop"}})
    async with app.run_test(size=NARROW) as pilot:
        await focus_on(pilot, "Go-live weekend")
        await pilot.press("full_stop", "1")
        await pilot.pause()
        assert app.desk.milestones.get(5).forecast == day(21)


async def test_done_edit_and_add_from_the_timeline(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await focus_on(pilot, "Go-live weekend")
        await pilot.press("x")
        await pilot.pause()
        assert pilot.app.desk.milestones.get(5).status == "done"
        pane = pane_of(pilot.app)
        assert pane.current == ("milestone", 5)
        assert "✓ Go-live weekend" in line_with(pane.chart, "Go-live weekend")
        await pilot.press("e")
        assert isinstance(pilot.app.screen, RecordForm)
        await pilot.press("escape", "a")
        assert isinstance(pilot.app.screen, RecordForm)


async def test_filter_keeps_the_project_heading(tmp_path):
    async with demo_app(tmp_path).run_test(size=NARROW) as pilot:
        await pilot.press("2", "slash", *"racking", "enter")
        pane = pane_of(pilot.app)
        assert pane.rows.visible_count == 1
        lines = screen_lines(pane.chart)
        assert lines[1].strip().startswith("warehouse")
        assert "Racking installed" in lines[2]


async def test_wide_zoomed_pane_gives_the_chart_the_room(tmp_path):
    async with demo_app(tmp_path).run_test(size=WIDE) as pilot:
        await pilot.press("2")
        chart = pane_of(pilot.app).chart
        narrow_width = chart.chart_width
        await pilot.press("z")
        await pilot.pause()
        assert chart.chart_width > 2 * narrow_width
        # Every demo milestone but the one done a month ago is on the chart.
        markers = sum(chart_text(chart, line).count("◆") for line in screen_lines(chart))
        assert markers == 7


async def test_empty_timeline_says_how_to_add(tmp_path):
    async with app_with(tmp_path, []).run_test(size=NARROW) as pilot:
        await pilot.press("2")
        pane = pane_of(pilot.app)
        assert pane.border_title == "2 Timeline  0 late · 0 slipped"
        assert "No milestones. Press a to add one." in screen_lines(pane.chart)[1]


async def test_500_milestones_draw_only_the_rows_on_screen(tmp_path, monkeypatch):
    path = tmp_path / "large.json"
    db = Database(path)
    with db.transaction():  # the benchmark data set's milestones, without its 10k actions
        # without their done days, so that none is old enough for the archive
        docs = [m.copy(done_on=None).to_doc() for m in large_sample(TODAY)["milestones"]]
        db.table("milestones").insert_multiple(docs)
    db.close()
    drawn: list[object] = []
    draw_row = TimelineChart._render_row

    def counting(self, row, width, is_cursor):
        drawn.append(row.key)
        return draw_row(self, row, width, is_cursor)

    monkeypatch.setattr(TimelineChart, "_render_row", counting)
    app = make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("2", "D")  # D: done milestones from before the view too
        pane = pane_of(app)
        assert pane.rows.visible_count == 500
        height = pane.chart.scrollable_content_region.height
        drawn.clear()
        await pilot.press("pagedown", "right", "minus")
        await pilot.pause()
        # Three full redraws of one screen at most, never the 500 rows behind it.
        assert 0 < len(drawn) <= 3 * height


async def test_help_lists_the_timeline_keys(tmp_path):
    ids = {binding.id for binding in TimelinePane.BINDINGS}
    assert {"timeline.earlier", "timeline.later", "timeline.today"} <= ids
    assert all(binding.description for binding in TimelinePane.BINDINGS)
    async with demo_app(tmp_path).run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(pilot.app.screen.render_table())
        help_text = console.export_text()
        assert "Move milestone a day later" in help_text
        assert "Back to today" in help_text


async def test_export_calendar_from_the_command_palette(tmp_path):
    target = tmp_path / "cal.ics"
    app = demo_app(tmp_path, config={"ics_path": str(target)})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"export cal")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.count(b"BEGIN:VEVENT") == 8
    assert b"SUMMARY:Racking installed" in data


async def test_a_move_in_the_tui_rewrites_the_auto_exported_calendar(tmp_path):
    target = tmp_path / "cal.ics"
    app = demo_app(tmp_path, config={"ics_path": str(target)})
    async with app.run_test(size=NARROW) as pilot:
        await focus_on(pilot, "Racking installed")
        assert not target.exists()  # nothing changed yet
        await pilot.press("greater_than_sign", "j")
        await pilot.pause()
        assert app.desk.milestones.get(2).forecast == day(13)
    data = target.read_bytes()
    assert b"DTSTART;VALUE=DATE:20261203" in data
    assert b"SEQUENCE:1" in data
