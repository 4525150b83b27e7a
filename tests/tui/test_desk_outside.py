"""What reaches the desk from outside its keys, under Pilot: changes by other processes on
the same file, user text with markup and escapes (shown as data), and themes (shipped, a
broken user file, the choice remembered in config.toml)."""

from __future__ import annotations

import asyncio
import sys
import tomllib
from pathlib import Path

import pytest
from desk_pilot import TODAY, has_row, list_lines, open_app, pane, screen_text, type_in, wait_for
from textual.widgets import Static

from store.models import Action
from store.repository import Desk
from store.storage import Database
from tui.app import make_app
from tui.screens.detail import RecordDetail

THEMES = ("opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi")
OPSDESK = Path(sys.executable).parent / "opsdesk"


# -- changes from elsewhere -----------------------------------------------------------------


async def test_changes_by_other_processes_show_within_two_seconds(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = pane(app, "today").rows
        waiting = next(a for a in app.desk.actions.all() if a.status == "waiting")
        assert rows.move_to_key(("action", waiting.id))
        line_before = rows.cursor

        other = Desk(Database(data_file))
        # Due today: it lands above the cursor, so keeping the cursor needs the key, not the line.
        other.actions.add_quick("Call the landlord !high due:today", today=TODAY)
        assert await wait_for(pilot, lambda: has_row(rows, "Call the landlord"), 2.0)
        assert rows.current_key == ("action", waiting.id)
        assert rows.cursor == line_before + 1
        assert any("Call the landlord" in line for line in list_lines(rows))

        # The command line in a second SSH session, on the same file.
        process = await asyncio.create_subprocess_exec(
            str(OPSDESK), "add", "Ring the carrier", "due:today", "--db", str(data_file)
        )
        assert await process.wait() == 0
        assert await wait_for(pilot, lambda: has_row(rows, "Ring the carrier"), 2.0)
        assert rows.current_key == ("action", waiting.id)


# -- user text is data ----------------------------------------------------------------------

TRICKY = ("[bold]x[/]", "[@click=app.quit]Press[/]", "Alarm \x1b[31mred")


async def test_titles_with_markup_and_escapes_show_literally(data_file: Path) -> None:
    desk = Desk(Database(data_file))
    for title in TRICKY:
        desk.actions.add(Action(title=title, due=TODAY, project="[red]p[/]"))
    app = open_app(data_file)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]x[/]" in text and "[@click=app.quit]Press[/]" in text
        assert "Alarm ␛[31mred" in text and "\x1b" not in text
        assert "[red]p[/]" in text
        # Click the would-be link twice (select, then open): the detail, with the title as is.
        rows = pane(app, "today").rows
        line = next(i for i, shown_line in enumerate(list_lines(rows)) if "[@click" in shown_line)
        await pilot.click(rows, offset=(8, line))
        await pilot.click(rows, offset=(8, line))
        assert app.is_running and app.return_code is None
        assert app.desk.actions.get(rows.current_key[1]).title == TRICKY[1]
        assert isinstance(app.screen, RecordDetail)
        assert TRICKY[1] in str(app.screen.query_one("#detail-body", Static).render())
        await pilot.press("escape")

        # A new row and notifications quote titles as they are too.
        await pilot.press("a")
        await type_in(pilot, "[@click=app.quit]Call[/] due:today")
        await pilot.press("enter")
        rows = pane(app, "today").rows
        assert await wait_for(
            pilot, lambda: any("[@click=app.quit]Call[/]" in line for line in list_lines(rows))
        )
        await pilot.press("d")
        assert await wait_for(pilot, lambda: "Deleted action" in screen_text(app))
        assert "'[@click=app.quit]Call[/]'" in screen_text(app)
        assert app.is_running


# -- themes ---------------------------------------------------------------------------------


async def test_each_shipped_theme_can_be_chosen(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        for name in THEMES:
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            assert "1 Today" in screen_text(app)


async def test_a_broken_user_theme_is_reported_and_the_default_used(
    data_file: Path, tmp_path: Path
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#12345\n', encoding="utf-8")
    app = open_app(data_file, theme_dir=themes, config={"theme": "mine"})
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "opsdesk-dark"
        messages = [n.message for n in app._notifications]
        assert any("mine.toml" in m for m in messages), messages
        assert any("Unknown theme 'mine'" in m for m in messages), messages
        assert "mine.toml" in screen_text(app)
        assert "1 Today" in screen_text(app)


async def test_the_chosen_theme_is_remembered_in_config_toml(
    data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config_file = tmp_path / "config" / "opsdesk" / "config.toml"
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keys]\n"record.done" = "space"\n', encoding="utf-8")
    app = make_app(data_file, clock=lambda: TODAY, theme_dir=None, remember_theme=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "theme" not in tomllib.loads(config_file.read_text(encoding="utf-8"))
        app.theme = "opsdesk-high-contrast"
        await pilot.pause()
    saved = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert saved == {"theme": "opsdesk-high-contrast", "keys": {"record.done": "space"}}
    app = make_app(data_file, clock=lambda: TODAY, theme_dir=None, remember_theme=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "opsdesk-high-contrast"
