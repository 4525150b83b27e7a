"""The report screen under Pilot: preview, week and project choice, copy and save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from store.report import week_of
from store.report_format import desk_report
from tui.app import OpsDesk, make_app
from tui.screens.report import ReportScreen

TODAY = date(2026, 11, 20)  # a Friday


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, theme_dir=None, remember_theme=False, clock=lambda: TODAY)


def preview(app: OpsDesk) -> str:
    return str(app.screen.query_one("#report-preview", Static).render())


def title(app: OpsDesk) -> str:
    return str(app.screen.query_one("#report-title", Static).render())


async def test_r_opens_this_weeks_report_and_keys_choose_week_project_format(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReportScreen)
        since, until = week_of(TODAY)
        expected = desk_report(app.desk, since, until, TODAY, [], "markdown")
        assert app.screen.text == expected
        assert "# Status report 2026-11-16 to 2026-11-20" in preview(app)
        assert "Mon 16 Nov – Fri 20 Nov 2026 · all active projects · markdown" in title(app)
        await pilot.press("right_square_bracket")  # no week after the current one
        assert app.screen.until == TODAY
        await pilot.press("left_square_bracket")
        assert (app.screen.since, app.screen.until) == (date(2026, 11, 9), date(2026, 11, 15))
        assert "# Status report 2026-11-09 to 2026-11-15" in preview(app)
        await pilot.press("right_square_bracket", "p")
        assert "+cutover" in title(app)
        assert "## ERP cut-over (+cutover)" in preview(app)
        assert "Warehouse move to Dock Road (+" not in preview(app)
        await pilot.press("f")
        assert app.screen.text.startswith("STATUS REPORT 2026-11-16 TO 2026-11-20\n")
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportScreen)


async def test_y_copies_the_report_and_s_saves_it(data_file: Path, tmp_path: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        screen = app.screen
        await pilot.press("y")
        assert app.clipboard == screen.text and screen.text.startswith("# Status report")
        await pilot.press("s")
        box = screen.query_one("#report-path", Input)
        assert app.focused is box
        assert box.value == str(data_file.parent / "status-all-2026-11-20.md")
        await pilot.press("enter")
        await pilot.pause()
        assert Path(box.value).read_text(encoding="utf-8") == screen.text
        assert app.focused is not box
        await pilot.press("s")
        box.value = str(tmp_path / "no-such-folder" / "r.md")
        await pilot.press("enter")
        await pilot.pause()
        assert box.has_class("-open") and box.value.endswith("r.md")  # kept, to be fixed
        await pilot.press("escape")
        assert not box.has_class("-open") and isinstance(app.screen, ReportScreen)
