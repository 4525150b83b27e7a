"""Projects in the TUI: capture that names a new project, the Projects pane and page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen

TODAY = date(2026, 11, 20)


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, theme_dir=None, remember_theme=False, clock=lambda: TODAY)


def desk_of(app: OpsDesk) -> DeskScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, DeskScreen))


async def test_a_quick_add_with_a_new_project_creates_it_and_the_desk_keeps_going(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.press(*"Rent forklift +newsite")
        await pilot.press("enter")
        await pilot.pause()
        assert app.desk.projects.named("newsite").status == "active"
        assert "newsite" in [p.name for p in desk_of(app).state.projects]
        assert any(a.title == "Rent forklift" for a in desk_of(app).state.actions)
