"""A project's page: Enter in Projects opens it; its goal and measures, and its actions,
milestones, risks and notes in the desk's own panes with the desk's keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Static

from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.screens.project_page import ProjectPage

TODAY = date(2026, 11, 20)


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, theme_dir=None, remember_theme=False, clock=lambda: TODAY)


async def open_page(app: OpsDesk, pilot, name: str) -> ProjectPage:
    desk = app.screen
    assert isinstance(desk, DeskScreen)
    await pilot.press("5")
    desk.pane("projects").rows.move_to_key(("project", app.desk.projects.named(name).id))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectPage)
    return app.screen


def keys_of(page: ProjectPage, pane: str) -> list[tuple]:
    return [row.key for row in page.pane(pane).rows.rows if isinstance(row.key, tuple)]


async def test_enter_opens_the_page_with_goal_measures_and_only_its_records(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        page = await open_page(app, pilot, "warehouse")
        head = str(page.query_one("#page-head", Static).render())
        project = app.desk.projects.named("warehouse")
        assert project.goal and project.goal in head
        measure = project.measures[0]
        assert f"target {measure['target']}" in head and f"current {measure['current']}" in head
        assert "Decisions 1" in head and "use dock 2 for inbound" in head
        mine = {
            "today": {
                a.id for a in app.desk.actions.all() if a.project == "warehouse" and a.is_open
            },
            "timeline": {
                m.id
                for m in app.desk.milestones.all()
                if m.project == "warehouse" and m.status == "open"
            },
            "notes": {n.id for n in app.desk.notes.all() if n.project == "warehouse"},
        }
        shown_actions = {i for kind, i in keys_of(page, "today") if kind == "action"}
        assert shown_actions == mine["today"]
        shown_milestones = {i for kind, i in keys_of(page, "timeline") if kind == "milestone"}
        assert shown_milestones == mine["timeline"]
        assert {i for _, i in keys_of(page, "notes")} == mine["notes"]
        risks = {
            r.project for r in app.desk.risks.all() if ("risk", r.id) in keys_of(page, "risks")
        }
        assert risks == {"warehouse"}
        visible = [p.id for p in page.query(".pane") if p.region.height]
        assert visible == ["today", "timeline", "risks", "notes"]  # all four on a wide screen


async def test_the_desk_keys_work_on_the_page_and_new_records_join_the_project(
    data_file: Path,
) -> None:
    from tui.screens.detail import RecordDetail
    from tui.screens.form import RecordForm

    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        page = await open_page(app, pilot, "vendor")
        await pilot.press("a", *"Call carrier about rates", "enter")
        await pilot.pause()
        added = [a for a in app.desk.actions.all() if a.title == "Call carrier about rates"]
        assert [a.project for a in added] == ["vendor"]
        assert page.pane("today").current == ("action", added[0].id)
        await pilot.press("x")
        assert app.desk.actions.get(added[0].id).status == "done"
        await pilot.press("u")
        assert app.desk.actions.get(added[0].id).is_open
        await pilot.press("2", "a")
        assert isinstance(app.screen, RecordForm)
        assert app.screen.record.project == "vendor" and not app.screen.record.id
        await pilot.press("escape")
        milestone = next(m for m in app.desk.milestones.all() if m.project == "vendor")
        page.pane("timeline").rows.move_to_key(("milestone", milestone.id))
        await pilot.press("enter")
        assert isinstance(app.screen, RecordDetail) and app.screen.record_id == milestone.id
        await pilot.press("escape", "3")
        risk_key = page.pane("risks").current
        assert risk_key is not None and risk_key[0] == "risk"
        await pilot.press("d")
        await pilot.pause()
        assert risk_key not in keys_of(page, "risks")
        assert risk_key[1] not in {r.id for r in app.desk.risks.all()}


async def test_r_opens_the_projects_report_and_escape_goes_back_to_the_desk(
    data_file: Path,
) -> None:
    from tui.screens.report import ReportScreen

    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        page = await open_page(app, pilot, "cutover")
        await pilot.press("r")
        assert isinstance(app.screen, ReportScreen) and app.screen.project == "cutover"
        await pilot.press("escape")
        assert app.screen is page
        await pilot.press("slash", *"rehearsal", "enter")
        await pilot.press("escape")  # clears the filter first
        assert app.screen is page and not page.pane("today").query_one(".filter").value
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen) and app.screen.active == "projects"


async def test_on_a_small_terminal_the_page_shows_one_list_at_a_time(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        page = await open_page(app, pilot, "warehouse")
        visible = [p.id for p in page.query(".pane") if p.region.height]
        assert visible == ["today"]
        await pilot.press("tab")
        visible = [p.id for p in page.query(".pane") if p.region.height]
        assert visible == ["timeline"] and app.focused is page.pane("timeline").rows
        await pilot.press("4")
        assert [p.id for p in page.query(".pane") if p.region.height] == ["notes"]


async def test_keys_typed_behind_enter_wait_for_the_page(data_file: Path) -> None:
    """A burst (as over a laggy link): 5, Enter and an action in one read. Enter opens the
    page while it is handled, so the keys behind it land on the page, not on the desk."""
    from textual import events

    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        burst = [("5", "5"), ("enter", "\r"), ("a", "a"), ("x", "x"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProjectPage)
        added = [a for a in app.desk.actions.all() if a.title == "x"]
        assert [a.project for a in added] == ["cutover"]  # the first project, no +name typed


async def test_the_page_shows_what_another_session_wrote(data_file: Path) -> None:
    from store.repository import Desk
    from store.storage import Database

    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        page = await open_page(app, pilot, "cutover")
        other = Desk(Database(data_file))  # a second session, or a CLI command
        added = other.actions.add_quick("Outside change +cutover", today=TODAY)
        other.db.close()
        for _ in range(100):  # the desk checks the file every second; wait for the page
            if ("action", added.id) in keys_of(page, "today"):
                break
            await pilot.pause(0.05)
        assert ("action", added.id) in keys_of(page, "today")
        assert app.screen is page


async def test_the_heading_shows_hostile_text_as_typed(data_file: Path) -> None:
    from store.repository import Desk
    from store.storage import Database

    other = Desk(Database(data_file))
    other.projects.edit("vendor", goal="[@click=app.quit] \x1b[31mred\x07", title="[b]bold[/b]")
    other.db.close()
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        page = await open_page(app, pilot, "vendor")
        head = str(page.query_one("#page-head", Static).render())
        assert "[@click=app.quit] ␛[31mred␇" in head and "[b]bold[/b]" in head
        assert "\x1b" not in head and "\x07" not in head
        await pilot.pause()
        assert app.is_running and app.screen is page  # the markup did not act
