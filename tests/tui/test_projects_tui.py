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


def lines_of(app: OpsDesk) -> list[str]:
    rows = desk_of(app).pane("projects").rows
    return [
        " ".join(str(c[0] if isinstance(c, tuple) else c) for c in row.cells) for row in rows.rows
    ]


async def test_5_shows_the_projects_pane_alone_with_a_row_per_active_project(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("5")
        screen = desk_of(app)
        projects = screen.pane("projects")
        assert screen.active == "projects" and projects.display
        assert app.focused is projects.rows
        shown = [p.id for p in screen.query(".pane") if p.region.height]
        assert shown == ["projects"]
        rows = lines_of(app)
        assert len(rows) == 3
        assert rows[2].startswith("AMBER Warehouse move to Dock Road executing Racking installed")
        assert "+7d" in rows[2]
        assert rows[0].startswith("GREEN ERP cut-over executing Dress rehearsal")
        await pilot.press("1")
        assert not projects.region.height and screen.active == "today"


async def test_h_sets_health_with_a_reason_and_a_bad_answer_keeps_the_text(
    data_file: Path,
) -> None:
    from textual.widgets import Input

    from tui.screens.prompt import Prompt

    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "h")
        assert isinstance(app.screen, Prompt)
        box = app.screen.query_one(Input)
        box.value = ""
        await pilot.press(*"purple: on fire", "enter")
        assert isinstance(app.screen, Prompt) and box.value == "purple: on fire"
        assert "not one of green, amber, red" in str(app.screen.query_one("#prompt-error").render())
        box.value = ""
        await pilot.press(*"red: go-live at risk", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Prompt)
        project = app.desk.projects.named("cutover")
        assert (project.health, project.health_reason) == ("red", "go-live at risk")
        assert project.health_history[-1]["on"] == TODAY.isoformat()
        assert lines_of(app)[0].startswith("RED ERP cut-over")


async def test_a_and_e_add_and_edit_projects_and_enter_opens_its_page(data_file: Path) -> None:
    from tui.screens.project_page import ProjectPage

    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5", "a", *"+hq HQ refit", "enter")
        await pilot.pause()
        assert app.desk.projects.named("hq").title == "HQ refit"
        await pilot.press("e", *'goal="Open by March" phase=planning', "enter")
        await pilot.pause()
        assert app.desk.projects.named("cutover").goal == "Open by March"
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectPage) and app.screen.project_name == "cutover"


async def test_o_lists_people_and_y_copies_a_polite_nudge(data_file: Path) -> None:
    from tui.screens.people import PeopleScreen
    from tui.widgets.virtual_list import VirtualList

    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, PeopleScreen)
        rows = app.screen.query_one(VirtualList)
        assert rows.current_key == ("person", "bob")  # by name: who owns or attends
        rows.move_to_key(("person", "bob"))
        await pilot.press("y")
        assert app.clipboard.startswith("Hi bob, a quick check on what I am waiting for")
        assert "- Floor plan sign-off [warehouse]" in app.clipboard
        assert app.clipboard.endswith("Thanks!")
        await pilot.press("escape")
        assert not isinstance(app.screen, PeopleScreen)


async def test_s_searches_everything_grouped_by_kind_and_enter_jumps(data_file: Path) -> None:
    from tui.screens.detail import RecordDetail
    from tui.screens.search import SearchScreen
    from tui.widgets.virtual_list import VirtualList

    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", *"rehearsal")
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one(VirtualList)
        keys = [row.key for row in results.rows]
        sections = [k for k in keys if isinstance(k, str)]
        assert sections == ["section-action", "section-milestone", "section-risk", "section-note"]
        await pilot.press("enter")  # to the results: the first hit
        assert app.focused is results
        first = results.current_key
        assert first[0] == "action"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RecordDetail)
