"""The desk shell under Pilot: layout at each terminal size, the record keys, filter, help,
key remapping, the command palette, changes from another process, themes, and user text
shown as data. Each test checks the store and what is on screen."""

from __future__ import annotations

import asyncio
import re
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, Static

from store.errors import NotFoundError
from store.models import Action
from store.repository import Desk
from store.storage import Database
from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.screens.detail import RecordDetail
from tui.screens.help import HelpScreen
from tui.widgets.key_line import KeyLine
from tui.widgets.pane import Pane
from tui.widgets.quick_add import QuickAdd
from tui.widgets.virtual_list import VirtualList

TODAY = date(2026, 11, 20)  # a Friday
PANES = ("today", "timeline", "risks", "notes")
THEMES = ("opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi")
OPSDESK = Path(sys.executable).parent / "opsdesk"


def open_app(path: Path | None, **options) -> OpsDesk:
    options.setdefault("config", {})
    options.setdefault("theme_dir", None)
    options.setdefault("remember_theme", False)
    return make_app(path, clock=lambda: TODAY, **options)


def desk_of(app: OpsDesk) -> DeskScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, DeskScreen))


def pane(app: OpsDesk, name: str) -> Pane:
    return desk_of(app).query_one(f"#{name}", Pane)


def screen_text(app: OpsDesk) -> str:
    """Every character on the terminal, modal screens and toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def list_lines(vlist: VirtualList) -> list[str]:
    """The lines the list draws, header first."""
    height = vlist.scrollable_content_region.height
    return [vlist.render_line(y).text for y in range(height)]


def row_titles(vlist: VirtualList) -> list[str]:
    """The title cell of each row in the list (section headings left out)."""
    return [
        str(row.cells[1][0] if isinstance(row.cells[1], tuple) else row.cells[1])
        for row in vlist.rows
        if not row.is_section
    ]


def has_row(vlist: VirtualList, title: str) -> bool:
    return any(shown_title.startswith(title) for shown_title in row_titles(vlist))


def shown(widget) -> bool:
    return widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display"))


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 2.0) -> bool:
    """Let the app run until `condition()` holds; False if it did not within `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
    return True


async def type_in(pilot: Pilot, text: str) -> None:
    """Type into the focused input: the first keys pressed, the rest as a paste would go in
    (a key press costs the test harness tens of milliseconds)."""
    await pilot.press(*text[:3])
    box = pilot.app.focused
    assert isinstance(box, Input)
    box.insert_text_at_cursor(text[3:])
    await pilot.pause()


def overlapping(regions: dict[str, Region]) -> list[tuple[str, str]]:
    names = list(regions)
    return [
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if regions[a].overlaps(regions[b])
    ]


def shown_regions(app: OpsDesk) -> dict[str, Region]:
    screen = desk_of(app)
    widgets = {"tabs": screen.query_one("#tabs"), "footer": screen.query_one(KeyLine)}
    widgets |= {name: pane(app, name) for name in PANES}
    bar = screen.query_one(QuickAdd)
    if bar.display:
        widgets["quick-add"] = bar
    return {name: w.region for name, w in widgets.items() if shown(w) and w.region.area}


# -- layout ---------------------------------------------------------------------------------


async def test_wide_terminal_shows_four_titled_panes_and_z_zooms(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        regions = shown_regions(app)
        assert set(PANES) <= set(regions)
        assert overlapping(regions) == []
        assert all(Region(0, 0, 160, 48).contains_region(r) for r in regions.values())
        # Two by two: Today and Timeline on top, Risks and Notes below.
        assert regions["today"].y == regions["timeline"].y < regions["risks"].y
        assert regions["today"].x == regions["risks"].x < regions["timeline"].x

        text = screen_text(app)
        assert "1 Today  1 overdue · 2 due · 3 waiting" in text
        for number, name in enumerate(("Timeline", "Risks", "Notes"), 2):
            title = str(pane(app, name.lower()).border_title)
            assert re.match(rf"{number} {name}\s+\d", title), title
            assert title in text
        footer = text.splitlines()[-1]
        for key in ("a Add", "e Edit", "x Done", "d Delete", "u Undo", "/ Filter", "z Zoom"):
            assert key in footer, footer
        assert "q Quit" in footer and "? Help" in footer and "^p Commands" in footer

        await pilot.press("3", "z")
        regions = shown_regions(app)
        assert [p for p in PANES if p in regions] == ["risks"]
        assert regions["risks"].width == 160 and regions["risks"].height > 40
        assert app.focused is pane(app, "risks").rows
        await pilot.press("z")
        regions = shown_regions(app)
        assert set(PANES) <= set(regions) and regions["risks"].width < 100


async def test_the_footer_is_one_line_of_whole_keys_with_help_kept_at_80_columns(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = desk_of(app)
        assert len(screen.query(KeyLine)) == 1 and not screen.query("FooterKey")
        for key, wanted in (("3", "x Review m Heat map"), ("1", "x Done"), ("4", "a Add")):
            await pilot.press(key)
            footer = screen_text(app).splitlines()[-1].rstrip()
            assert footer.endswith(" q Quit ? Help"), footer  # nothing cut at the end
            assert wanted in footer and len(footer) <= 80, footer
        # Risks has more keys than 80 columns hold: a whole low-value entry left.
        await pilot.press("3")
        footer = screen_text(app).splitlines()[-1]
        assert "z Zoom" not in footer and "/ Filter" in footer, footer


async def test_80x24_shows_one_pane_at_a_time_and_below_that_says_too_small(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, name in zip("2341", PANES[1:] + PANES[:1], strict=True):
            await pilot.press(key)
            regions = shown_regions(app)
            assert [p for p in PANES if p in regions] == [name]
            for other in PANES:
                if other != name:
                    assert pane(app, other).styles.display == "none"
            assert regions[name].width == 80
            assert overlapping(regions) == []
            assert app.focused is pane(app, name).rows
            assert str(pane(app, name).border_title) in screen_text(app)
        # The keys that matter most stay in sight on a small terminal.
        footer = screen_text(app).splitlines()[-1]
        assert "a Add" in footer and "q Quit" in footer and "? Help" in footer

        await pilot.press("a")  # the quick-add bar takes room from the pane, never covers it
        regions = shown_regions(app)
        assert "quick-add" in regions and "today" in regions
        assert overlapping(regions) == []
        await pilot.press("escape")

        await pilot.resize_terminal(79, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "Terminal too small" in text and "80x24" in text
        assert not any(p in shown_regions(app) for p in PANES)
        await pilot.resize_terminal(100, 23)
        await pilot.pause()
        assert "Terminal too small" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Terminal too small" not in screen_text(app)
        assert "today" in shown_regions(app)


async def test_the_focused_pane_keeps_the_keys_once_the_terminal_is_large_enough_again(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        risks = pane(app, "risks").rows
        first = risks.current_key
        await pilot.resize_terminal(60, 20)  # the panes hide behind "Terminal too small"
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.focused is risks
        await pilot.press("j")
        assert risks.current_key != first


# -- quick add ------------------------------------------------------------------------------


async def test_quick_add_previews_as_you_type_and_enter_saves(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.desk.actions.all())
        await pilot.press("a")
        bar = desk_of(app).query_one(QuickAdd)
        assert bar.display and isinstance(app.focused, Input)
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
        assert not bar.display
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
        assert bar.display and bar.query_one(Input).value == "Call vendor due:frid"
        assert "'frid'" in screen_text(app)
        await pilot.press("backspace")
        assert not preview.has_class("-error")

        await pilot.press("escape")
        assert [a.id for a in app.desk.actions.all()] == before
        assert not bar.display
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
        assert "Keys" in text and "Esc closes" in text
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
