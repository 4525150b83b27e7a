"""The desk's keys under Pilot: quick add with its preview, the record keys (done, delete,
undo, j/k, filter), help, a remapped key and the command palette. Each test checks the store
and what is on screen."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from desk_pilot import desk_of, has_row, list_lines, open_app, pane, screen_text, type_in, wait_for
from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from store.errors import NotFoundError
from store.repository import Desk
from store.storage import Database
from tui.screens.desk import DeskScreen
from tui.screens.help import HelpScreen
from tui.widgets.quick_add import QuickAdd

# -- quick add ------------------------------------------------------------------------------


async def test_a_bar_mounted_without_its_input_builds_it_when_first_opened() -> None:
    class BarApp(App):
        def compose(self) -> ComposeResult:
            yield QuickAdd(lazy=True)  # as the desk has it until its first frame is drawn

    app = BarApp()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.query_one(QuickAdd)
        assert not bar.is_open and not bar.children
        bar.open(date(2026, 11, 25))
        await pilot.pause()
        assert bar.is_open and isinstance(app.focused, Input)
        await type_in(pilot, "Call vendor @alice")
        assert "Call vendor · @alice" in str(bar.query_one("#quick-add-preview", Static).render())
        bar.close()
        bar.open(date(2026, 11, 25))  # built once: opening again mounts nothing new
        assert len(bar.query(Input)) == 1


async def test_quick_add_previews_as_you_type_and_enter_saves(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.desk.actions.all())
        await pilot.press("a")
        bar = desk_of(app).query_one(QuickAdd)
        assert bar.is_open and isinstance(app.focused, Input)
        preview = bar.query_one("#quick-add-preview", Static)
        await type_in(pilot, "Call vendor @alice")
        assert "Call vendor · @alice" in str(preview.render())
        await type_in(pilot, " +warehouse #contract !high due:fri every:mon")
        text = str(preview.render())
        for part in ("@alice", "+warehouse", "#contract", "!high", "due Fri 27 Nov", "every mon"):
            assert part in text, text
        assert text in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()

        actions = app.desk.actions.all()
        assert len(actions) == before + 1
        added = max(actions, key=lambda a: a.id)
        assert (added.title, added.owner, added.project) == ("Call vendor", "alice", "warehouse")
        assert (added.tags, added.priority, added.due) == (["contract"], 1, date(2026, 11, 27))
        assert added.recur == "mon" and added.status == "waiting"
        assert not bar.is_open
        rows = pane(app, "today").rows
        assert app.focused is rows
        assert rows.current_key == ("action", added.id)
        assert any("Call vendor" in line and "@alice" in line for line in list_lines(rows))

        # An action with no date is not due in any section, yet stays in sight.
        await pilot.press("a")
        await type_in(pilot, "Buy label printer +warehouse")
        await pilot.press("enter")
        await pilot.pause()
        undated = max(app.desk.actions.all(), key=lambda a: a.id)
        assert undated.title == "Buy label printer" and undated.due is None
        assert rows.current_key == ("action", undated.id)
        assert any("Buy label printer" in line for line in list_lines(rows))


async def test_quick_add_names_a_bad_token_and_escape_stores_nothing(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        before = [a.id for a in app.desk.actions.all()]
        await pilot.press("a")
        await type_in(pilot, "Call vendor due:frid")
        bar = desk_of(app).query_one(QuickAdd)
        preview = bar.query_one("#quick-add-preview", Static)
        assert preview.has_class("-error")
        assert "'frid'" in str(preview.render())
        await pilot.press("enter")
        assert [a.id for a in app.desk.actions.all()] == before
        assert bar.is_open and bar.query_one(Input).value == "Call vendor due:frid"
        assert "'frid'" in screen_text(app)
        await pilot.press("backspace")
        assert not preview.has_class("-error")

        await pilot.press("escape")
        assert [a.id for a in app.desk.actions.all()] == before
        assert not bar.is_open
        assert app.focused is pane(app, "today").rows
        assert "Call vendor" not in screen_text(app)


# -- record keys ----------------------------------------------------------------------------


async def test_x_completes_and_reopens_the_record_under_the_cursor(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = pane(app, "today").rows
        kind, action_id = rows.current_key
        title = app.desk.actions.get(action_id).title
        assert kind == "action" and has_row(rows, title)
        await pilot.press("x")
        assert app.desk.actions.get(action_id).status == "done"
        assert not has_row(rows, title)
        await pilot.press("u")
        assert app.desk.actions.get(action_id).is_open
        assert has_row(rows, title)

        # Done milestones older than the view show on D, and x there reopens them too.
        await pilot.press("2", "D")
        rows = pane(app, "timeline").rows
        done = next(m for m in app.desk.milestones.all() if m.status == "done")
        assert rows.move_to_key(("milestone", done.id))
        await pilot.press("x")
        assert app.desk.milestones.get(done.id).status == "open"
        await pilot.press("x")
        assert app.desk.milestones.get(done.id).status == "done"
        assert rows.current_key == ("milestone", done.id)


async def test_d_deletes_and_u_brings_it_back(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = pane(app, "today").rows
        await pilot.press("j", "j")
        _kind, action_id = rows.current_key
        title = app.desk.actions.get(action_id).title
        await pilot.press("d")
        with pytest.raises(NotFoundError):
            app.desk.actions.get(action_id)
        assert not has_row(rows, title)
        assert rows.current_key is not None  # the cursor lands on a neighbour
        await pilot.press("u")
        assert app.desk.actions.get(action_id).title == title
        assert has_row(rows, title)
        assert Desk(Database(data_file)).actions.get(action_id).title == title


async def test_j_k_move_like_the_arrows_and_slash_filters_as_you_type(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = pane(app, "today").rows
        start = rows.current_key
        await pilot.press("down")
        by_arrow = rows.current_key
        await pilot.press("up")
        assert rows.current_key == start
        await pilot.press("j")
        assert rows.current_key == by_arrow != start
        await pilot.press("j", "k")
        assert rows.current_key == by_arrow
        await pilot.press("k")
        assert rows.current_key == start

        everything = rows.visible_count
        await pilot.press("slash")
        box = pane(app, "today").query_one(".filter", Input)
        assert box.display and app.focused is box
        await pilot.press(*"cuto")
        lines = [line for line in list_lines(rows)[1:] if line.strip()]
        body = [line for line in lines if "(" not in line]  # section headings have counts
        assert body and all("cutover" in line for line in body)
        assert 0 < rows.visible_count < everything
        await pilot.press("escape")
        assert rows.visible_count == everything
        assert not box.display and box.value == ""
        assert app.focused is rows
        risks = pane(app, "risks").rows
        assert risks.visible_count == len(risks.rows)  # other panes were never filtered


# -- help, remapping and the command palette ------------------------------------------------


async def test_help_lists_the_keys_in_use_and_a_remapped_key_works(data_file: Path) -> None:
    app = open_app(data_file, config={"keys": {"record.done": "space"}})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key, does in (("a", "Add"), ("space", "Done"), ("z", "Zoom"), ("q", "Quit")):
            assert re.search(rf"(^|\s){re.escape(key)}\s+{does}\b", text, re.M), (key, does)
        assert re.search(r"/\s+Filter", text) and re.search(r"\^p\s+Commands", text)
        assert not re.search(r"\sx\s+Done", text)
        assert "Keys" in text and "esc closes" in text
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)

        rows = pane(app, "today").rows
        _kind, action_id = rows.current_key
        await pilot.press("x")
        assert app.desk.actions.get(action_id).is_open  # x no longer does it
        await pilot.press("space")
        assert app.desk.actions.get(action_id).status == "done"
        assert "space Done" in screen_text(app).splitlines()[-1]


async def test_command_palette_lists_the_desk_commands_and_runs_them(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)

        def listed() -> list[str]:
            options = (commands.get_option_at_index(i) for i in range(commands.option_count))
            return [str(option.prompt).splitlines()[0] for option in options]

        wanted = {"Add milestone", "Add risk", "New meeting note", "Export calendar", "Theme"}
        assert await wait_for(pilot, lambda: wanted <= set(listed()))
        assert "Add milestone" in screen_text(app)
        await type_in(pilot, "add milestone")
        assert await wait_for(pilot, lambda: listed()[:1] == ["Add milestone"])
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: type(app.screen).__name__ == "RecordForm")
        assert "New milestone" in screen_text(app)


async def test_modal_hints_name_the_keys_as_remapped(data_file: Path) -> None:
    keys = {"detail.edit": "E", "detail.close": "escape,w", "help.close": "f1"}
    app = open_app(data_file, config={"keys": keys})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert await wait_for(
            pilot, lambda: "edit" in str(app.screen.query_one("#detail").border_subtitle)
        )
        hint = str(app.screen.query_one("#detail").border_subtitle)
        assert "E edit" in hint and "esc close" in hint and "e edit" not in hint
        await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "f1 closes" in screen_text(app) and "Esc closes" not in screen_text(app)
