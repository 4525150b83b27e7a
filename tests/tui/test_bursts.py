"""Keys that arrive in one burst (a laggy SSH link, fast typing, a paste) go where the person
meant: a key that opens an input hands every later key of the burst to it, and Tab in a form
moves before the next character lands. Every burst is posted to the app in one go, with no
pause between keys, as the terminal driver delivers one read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.screens.form import RecordForm
from tui.screens.note_editor import NoteEditor
from tui.widgets.pane import Pane
from tui.widgets.quick_add import QuickAdd

TODAY = date(2026, 11, 20)
NAMED = {"\t": ("tab", "\t"), "\r": ("enter", "\r"), "\x10": ("ctrl+p", "\x10")}
NAMED |= {"\x13": ("ctrl+s", "\x13"), "\x1b": ("escape", "\x1b")}


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def desk_of(app: OpsDesk) -> DeskScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, DeskScreen))


def pane(app: OpsDesk, name: str) -> Pane:
    return desk_of(app).query_one(f"#{name}", Pane)


async def burst(pilot: Pilot, text: str) -> None:
    """Post every key of `text` to the app at once (tab, enter, ctrl+s... as control
    characters), the way one read from the terminal arrives, then let the app settle."""
    for char in text:
        key, character = NAMED.get(char, (_character_to_key(char), char))
        pilot.app.post_message(events.Key(key, character))
    app = pilot.app
    for _ in range(200):  # until the app has let every key go (it takes them one by one)
        await pilot.pause()
        if not app._waiting_keys and app._key_in_flight is None:
            break
    await pilot.pause()


async def test_slash_then_d_filters_for_d_and_deletes_nothing(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = len(app.desk.actions.all())
        await burst(pilot, "/d")
        assert len(app.desk.actions.all()) == before
        box = pane(app, "today").query_one(".filter", Input)
        assert box.value == "d"
        assert app.focused is box


async def test_a_pane_number_then_slash_d_filters_that_pane(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        before = len(app.desk.actions.all())
        await burst(pilot, "1/d")
        assert len(app.desk.actions.all()) == before
        assert desk_of(app).active == "today"
        assert pane(app, "today").query_one(".filter", Input).value == "d"
        assert pane(app, "timeline").rows.filter_text == ""


async def test_a_then_text_opens_quick_add_holding_all_of_it(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await burst(pilot, "aTest")
        assert desk_of(app).query_one("#quick-add-input", Input).value == "Test"
        assert desk_of(app).query_one(QuickAdd).is_open
        await burst(pilot, " burst @zoe\r")
        assert any(a.title == "Test burst" and a.owner == "zoe" for a in app.desk.actions.all())


async def test_tab_in_the_new_risk_form_moves_before_the_next_key(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        await burst(pilot, "aBurst risk\t2\t2\tzoe\x13")
        risk = next(r for r in app.desk.risks.all() if r.title.startswith("Burst"))
        assert (risk.title, risk.probability, risk.impact, risk.owner) == (
            "Burst risk",
            2,
            2,
            "zoe",
        )
        assert not isinstance(app.screen, RecordForm)


async def test_tab_in_the_new_note_form_fills_each_field(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await burst(pilot, "nVendor sync\t\tdana\tvendor")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        values = {
            name: editor.query_one(f"#note-{name}", Input).value
            for name in ("title", "who", "project")
        }
        assert values == {"title": "Vendor sync", "who": "dana", "project": "vendor"}


async def test_e_then_text_edits_the_title_field(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await burst(pilot, "eX")
        assert isinstance(app.screen, RecordForm)
        title = app.screen.query_one("#field-title", Input)
        assert title.value == "X"  # the whole title was selected, as on any focus


async def test_the_palette_takes_the_keys_typed_after_ctrl_p(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = len(app.desk.actions.all())
        await burst(pilot, "\x10dx")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "dx"
        assert len(app.desk.actions.all()) == before


async def test_keys_in_an_input_keep_their_order_with_backspace(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await burst(pilot, "/ab")
        app.post_message(events.Key("backspace", None))
        await burst(pilot, "c")
        assert pane(app, "today").query_one(".filter", Input).value == "ac"


async def test_keys_do_nothing_behind_the_terminal_too_small_message(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(79, 24)) as pilot:
        await pilot.pause()
        before = len(app.desk.actions.all())
        await pilot.press("2", "d", "a", "x", "n", "slash")
        desk = desk_of(app)
        assert desk.active == "today"
        assert len(app.desk.actions.all()) == before
        assert app.screen is desk and not desk.query_one(QuickAdd).is_open
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("2")
        assert desk.active == "timeline"
        await pilot.resize_terminal(60, 20)
        await pilot.press("q")  # quitting still works
        await pilot.pause()
        assert app.return_code is not None


def footer_text(app: OpsDesk) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips()).splitlines()[
        -1
    ]


async def test_the_footer_names_what_each_key_does_in_the_focused_pane(data_file: Path) -> None:
    app = make_app(
        data_file,
        config={"keys": {"record.done": "space", "risks.map": "M"}},
        clock=lambda: TODAY,
        theme_dir=None,
        remember_theme=False,
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert "space Done" in footer_text(app)
        await pilot.press("3")
        footer = footer_text(app)
        assert "space Review" in footer and "Done" not in footer
        subtitle = str(pane(app, "risks").border_subtitle)
        assert "M map" in subtitle and "m map" not in subtitle
        before = app.desk.risks.all()[0].review
        await pilot.press("space")
        assert [r for r in app.desk.risks.all() if r.review != before]
        await pilot.press("4")
        footer = footer_text(app)
        assert "a Add" in footer and "space" not in footer  # nothing to tick off a note
