"""Closing a project from the TUI: the checklist of `opsdesk project close` (C in Projects
and on a project's page, and the palette), then the archive; reopening (v shows the closed
projects, R reopens one)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, TextArea

from tui.app import OpsDesk, make_app
from tui.screens.close_project import CloseProject
from tui.screens.desk import DeskScreen
from tui.screens.project_page import ProjectPage

TODAY = date(2026, 11, 20)


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, theme_dir=None, remember_theme=False, clock=lambda: TODAY)


async def on_project(app: OpsDesk, pilot, name: str) -> DeskScreen:
    desk = app.screen
    assert isinstance(desk, DeskScreen)
    await pilot.press("5")
    desk.pane("projects").rows.move_to_key(("project", app.desk.projects.named(name).id))
    return desk


def project_rows(desk: DeskScreen) -> list[tuple]:
    return [row.key for row in desk.pane("projects").rows.rows if row.key[0] == "project"]


async def test_c_walks_the_checklist_and_archives_the_project(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        desk = await on_project(app, pilot, "warehouse")
        project = app.desk.projects.named("warehouse")
        await pilot.press("C")
        checklist = app.screen
        assert isinstance(checklist, CloseProject)
        milestones = [m for m in app.desk.milestones.all() if m.project == "warehouse"]
        open_milestone = next(m for m in milestones if m.status == "open")
        actions = [a for a in app.desk.actions.all() if a.project == "warehouse" and a.is_open]
        risks = [r for r in app.desk.risks.all() if r.project == "warehouse" and r.is_open]
        listed = [row.key for row in checklist.query_one("#close-items").rows]
        assert listed[0] == ("milestone", open_milestone.id)
        assert {k for k in listed if k[0] == "action"} == {("action", a.id) for a in actions}
        await pilot.press("d")  # the first milestone: done
        await pilot.press("j", "space")  # the next one: cancelled -> done -> ...
        await pilot.press("space")
        keep = actions[0]
        checklist.query_one("#close-items").move_to_key(("action", keep.id))
        await pilot.press("o")  # kept open
        measure = checklist.query_one("#close-measure-0", Input)
        measure.value = "2400"
        lessons = checklist.query_one(TextArea)
        lessons.text = "## What went well\n- Racking on time in the end\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        closed = app.desk.projects.find("warehouse")
        assert closed is not None and closed.status == "closed"
        assert closed.measures[0]["current"] == "2400"
        archived = {m.id: m for m in app.desk.milestones.archived()}
        assert archived[open_milestone.id].status == "done"
        assert archived[open_milestone.id].done_on == TODAY
        kept = {a.id: a for a in app.desk.actions.archived()}[keep.id]
        assert kept.is_open  # kept open, with the project's records in the archive
        assert all(
            {r.id: r for r in app.desk.risks.archived()}[r.id].status == "closed" for r in risks
        )
        notes = [n for n in app.desk.notes.all(include_archive=True) if n.project == "warehouse"]
        lesson = next(n for n in notes if n.title.startswith("Lessons learned"))
        assert "Racking on time in the end" in lesson.body
        assert ("project", project.id) not in project_rows(desk)  # out of the pane
        today_keys = [row.key for row in desk.pane("today").rows.rows]
        assert ("action", keep.id) not in today_keys  # and out of Today


async def test_a_bad_move_is_shown_in_the_checklist_and_changes_nothing(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_project(app, pilot, "vendor")
        before = data_file.read_bytes()
        await pilot.press("C")
        checklist = app.screen
        assert isinstance(checklist, CloseProject)
        action = next(
            k for k in (r.key for r in checklist.query_one("#close-items").rows) if k[0] == "action"
        )
        checklist.query_one("#close-items").move_to_key(action)
        await pilot.press("m")  # a move: the project's name is asked for at once
        assert app.focused is checklist.query_one("#close-move", Input)
        await pilot.press(*"nosuch")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is checklist
        error = str(checklist.query_one("#close-error").render())
        assert "Not closed" in error and "nosuch" in error
        assert checklist.query_one("#close-move", Input).value == "nosuch"  # kept as typed
        assert data_file.read_bytes() == before
        assert app.desk.projects.named("vendor").status == "active"
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)


async def test_v_shows_closed_projects_and_r_reopens_one(data_file: Path) -> None:
    from store.project_close import checklist, close_project, default_plan

    desk_store = make_app(data_file, config={}).desk
    close_project(desk_store, "vendor", default_plan(checklist(desk_store, "vendor")), TODAY)
    desk_store.db.close()
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        desk = await on_project(app, pilot, "cutover")
        vendor = app.desk.projects.find("vendor")
        assert ("project", vendor.id) not in project_rows(desk)
        await pilot.press("v")
        assert ("project", vendor.id) in project_rows(desk)
        desk.pane("projects").rows.move_to_key(("project", vendor.id))
        await pilot.press("enter")  # a closed project has no page: it says how to reopen
        assert isinstance(app.screen, DeskScreen)
        await pilot.press("R")
        await pilot.pause()
        assert app.desk.projects.named("vendor").status == "active"
        assert any(m.project == "vendor" for m in app.desk.milestones.all())  # back
        assert any(a.project == "vendor" for a in desk.state.actions)
        await pilot.press("v")
        assert project_rows(desk).count(("project", vendor.id)) == 1  # active, once


async def test_c_on_a_projects_page_closes_it_and_goes_back_to_the_desk(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await on_project(app, pilot, "cutover")
        await pilot.press("enter")
        assert isinstance(app.screen, ProjectPage)
        await pilot.press("C")
        assert isinstance(app.screen, CloseProject)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is desk
        assert app.desk.projects.find("cutover").status == "closed"


async def test_the_palette_closes_the_project_named_in_a_prompt(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.focus_pane("today")
        app._project_command(app.screen, "close")
        await pilot.pause()
        await pilot.press(*"+vendor", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CloseProject)
        await pilot.press("escape")
        assert app.desk.projects.named("vendor").status == "active"  # Esc: nothing closed


async def test_a_closed_project_found_by_search_shows_in_pane_5_to_reopen(data_file: Path) -> None:
    from store.project_close import checklist, close_project, default_plan
    from tui.widgets.virtual_list import VirtualList

    desk_store = make_app(data_file, config={}).desk
    close_project(desk_store, "vendor", default_plan(checklist(desk_store, "vendor")), TODAY)
    desk_store.db.close()
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        vendor = app.desk.projects.find("vendor")
        await pilot.press("s", *"Carrier contract", "enter")
        results = app.screen.query_one(VirtualList)
        assert results.current_key == ("project", vendor.id)
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen) and desk.active == "projects"
        assert desk.pane("projects").current == ("project", vendor.id)
        await pilot.press("R")
        await pilot.pause()
        assert app.desk.projects.named("vendor").status == "active"


async def test_actions_marked_move_go_to_the_project_named(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_project(app, pilot, "vendor")
        await pilot.press("C")
        checklist = app.screen
        items = checklist.query_one("#close-items")
        moved = next(k for k in (r.key for r in items.rows) if k[0] == "action")
        items.move_to_key(moved)
        await pilot.press("m", *"+cutover", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        action = app.desk.actions.get(moved[1])  # in the working file, with its new project
        assert (action.project, action.is_open) == ("cutover", True)
        assert app.desk.projects.find("vendor").status == "closed"
