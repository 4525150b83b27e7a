"""What a key touches stays local: zoom restyles only the panes, a filter that keeps the
scrollbar runs no layout pass, start-up draws the focused pane first and the rest after."""

from pathlib import Path

from conftest import TODAY
from textual.css.stylesheet import Stylesheet
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._toast import ToastRack

from store.models import Action
from store.repository import Desk
from store.storage import Database
from tui.app import make_app
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import VirtualList


def many_actions(path: Path, count: int = 200) -> Path:
    desk = Desk(Database(path))
    with desk.db.transaction():
        for number in range(count):
            desk.actions.add(Action(title=f"Call supplier {number}", due=TODAY))
    desk.db.close()
    return path


def open_app(path: Path):
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def counting(monkeypatch, cls: type, name: str) -> list[int]:
    """Calls of `cls.name` from now on, one entry each."""
    calls: list[int] = []
    original = getattr(cls, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_zoom_hides_the_other_panes_restyling_nothing(data_file: Path, monkeypatch) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        # A class on the screen or on the grid restyles every widget under it; hiding
        # panes with inline styles restyles none, and the screen is laid out once.
        restyled = counting(monkeypatch, Stylesheet, "apply")
        layouts = counting(monkeypatch, Screen, "_refresh_layout")
        await pilot.press("z")
        await pilot.pause()
        shown = [pane.id for pane in app.screen.query(Pane) if pane.display]
        assert shown == ["timeline"]
        assert app.screen.query_one("#timeline").size.width > 150
        assert (len(restyled), len(layouts)) == (0, 1)
        await pilot.press("3")  # zoomed, another pane takes the whole desk
        await pilot.pause()
        assert [pane.id for pane in app.screen.query(Pane) if pane.display] == ["risks"]
        await pilot.press("z")
        await pilot.pause()
        shown = [pane.id for pane in app.screen.query(Pane) if pane.display]
        assert shown == ["today", "timeline", "risks", "notes"]


async def test_focusing_a_pane_restyles_the_two_panes_alone(data_file: Path, monkeypatch) -> None:
    app = open_app(data_file)
    restyled: list[str] = []
    original = Stylesheet.apply

    def recording(self, node, *args, **kwargs):
        # Widgets only: the list's component classes are restyled with it, as nodes of their own.
        if isinstance(node, Widget) and any(ancestor.id == "panes" for ancestor in node.ancestors):
            restyled.append(node.id or type(node).__name__)
        return original(self, node, *args, **kwargs)

    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Stylesheet, "apply", recording)
        await pilot.press("3")
        await pilot.pause()
        # The frames change; the lists draw their focus themselves (no rule depends on it),
        # and a pane's other widgets have nothing to restyle.
        assert sorted(restyled) == ["risks", "today"]
        assert app.focused is app.screen.query_one("#risks-list")


async def test_zoom_then_narrow_shows_one_pane_and_unzoom_keeps_it(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("2", "z", "z")
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert [pane.id for pane in app.screen.query(Pane) if pane.display] == ["timeline"]
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert len([pane for pane in app.screen.query(Pane) if pane.display]) == 4


async def test_a_filter_that_keeps_the_scrollbar_runs_no_layout(
    tmp_path: Path, monkeypatch
) -> None:
    app = open_app(many_actions(tmp_path / "opsdesk.json"))
    layouts: list[int] = []
    original = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        layouts.append(1)
        return original(self, *args, **kwargs)

    async with app.run_test(size=(160, 48)) as pilot:
        rows = app.screen.query_one("#today", Pane).rows
        await pilot.press("slash")
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        await pilot.press("1")  # "Call supplier 1", 10, 11, ... 199: still more than a screen
        await pilot.pause()
        assert layouts == []
        assert rows.visible_count == 119 and rows.show_vertical_scrollbar
        await pilot.press("x", "x")  # nothing left: the scrollbar goes, and the layout follows
        await pilot.pause()
        assert rows.visible_count == 0 and not rows.show_vertical_scrollbar
        assert layouts


async def test_the_other_panes_are_drawn_right_after_the_first_frame(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert all(
            pane.rows.visible_count for pane in app.screen.query(Pane) if pane.id != "projects"
        )


async def test_a_quick_add_shows_its_row_and_leaves_the_other_panes_alone(
    tmp_path: Path, monkeypatch
) -> None:
    app = open_app(many_actions(tmp_path / "opsdesk.json"))
    async with app.run_test(size=(160, 48)) as pilot:
        rows = app.screen.query_one("#today", Pane).rows
        size = rows.size
        await pilot.press("a", *"Ring the carrier !high")
        await pilot.pause()
        assert rows.size == size  # the bar opens on its own line: no pane is resized
        rebuilt = counting(monkeypatch, Pane, "show")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = next(a for a in app.desk.actions.all() if a.title == "Ring the carrier")
        assert rows.current_key == ("action", stored.id)  # the new row, selected
        assert [r.key for r in rows.rows].count(("action", stored.id)) == 1
        # One row put in its place: no pane rebuilt, none resized by the bar closing.
        assert not rebuilt and rows.size == size
        assert not app._notifications  # the row says it was added: no toast
        await pilot.press("u")  # undo takes the stored action away again
        await pilot.pause()
        assert ("action", stored.id) not in [r.key for r in rows.rows]


async def test_a_quick_add_whose_write_fails_takes_its_row_away_and_says_why(
    tmp_path: Path, monkeypatch
) -> None:
    import errno
    import os

    path = many_actions(tmp_path / "opsdesk.json", count=5)
    app = open_app(path)
    before = path.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        rows = app.screen.query_one("#today", Pane).rows
        keys = [row.key for row in rows.rows]
        await pilot.press("a", *"Book the truck")
        monkeypatch.setattr(os, "replace", disk_full)  # the atomic write's last step fails
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        monkeypatch.undo()
        assert [row.key for row in rows.rows] == keys
        assert not any(a.title == "Book the truck" for a in app.screen.state.actions)
        [note] = list(app._notifications)
        assert "Book the truck" in note.message and "No space left on device" in note.message
        assert note.severity == "error"
        assert path.read_bytes() == before
        cursor = rows.cursor
        await pilot.press("k")  # the keys held during the write are free again
        await pilot.pause()
        assert rows.cursor == cursor - 1


async def test_a_quick_add_is_written_after_the_frame_that_shows_its_row(
    tmp_path: Path, monkeypatch
) -> None:
    # A thread writing the file holds the interpreter most of the time it takes: started
    # with the key, it would hold back the frame that shows the new row.
    app = open_app(many_actions(tmp_path / "opsdesk.json", count=5))
    drawn: list[int] = []  # frames of the Today list that show the new row
    started: list[int] = []  # how many of them there were when the write was started

    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        rows = screen.query_one("#today", Pane).rows
        render_lines = VirtualList.render_lines
        store = screen._store_action

        def drawing(self, crop):
            if self is rows and rows.current_key == ("action", 6):  # the new row, selected
                drawn.append(1)
            return render_lines(self, crop)

        def storing(*args):
            started.append(len(drawn))
            return store(*args)

        monkeypatch.setattr(VirtualList, "render_lines", drawing)
        monkeypatch.setattr(screen, "_store_action", storing)
        await pilot.press("a", *"Ring the carrier", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert started and started[0] >= 1
        assert any(a.title == "Ring the carrier" for a in app.desk.actions.all())


async def test_the_quick_add_bar_opens_without_restyling_a_thing(
    data_file: Path, monkeypatch
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        rack = app.screen.query_one(ToastRack)
        restyled = counting(monkeypatch, Stylesheet, "apply")
        await pilot.press("a")
        await pilot.pause()
        # The input has the focused look all the time; the notifications, none shown,
        # stay where they are.
        assert app.focused is app.screen.query_one("#quick-add-input")
        assert restyled == [] and not rack.has_class("-over-quick-add")
        app.notify("Saved elsewhere")  # one comes while the bar is open: off its preview
        await pilot.pause()
        assert rack.has_class("-over-quick-add")
        await pilot.press("escape")
        await pilot.pause()
        assert not rack.has_class("-over-quick-add")


async def test_opening_the_filter_under_a_scrolled_cursor_keeps_it_in_view_in_that_frame(
    tmp_path: Path, monkeypatch
) -> None:
    from textual.app import App

    app = open_app(many_actions(tmp_path / "opsdesk.json"))
    async with app.run_test(size=(160, 48)) as pilot:
        rows = app.screen.query_one("#today", Pane).rows
        await pilot.press("G")  # the last row, at the bottom of the list
        await pilot.pause()
        assert rows.scroll_offset.y > 0
        shown: list[bool] = []
        original = App._display

        def display(self, screen, renderable) -> None:
            if renderable is not None:
                top, body = rows.scroll_offset.y, rows.scrollable_content_region.height - 1
                shown.append(top <= rows.cursor < top + body)
            original(self, screen, renderable)

        monkeypatch.setattr(App, "_display", display)
        await pilot.press("slash")  # the filter line takes a line from the list
        await pilot.pause()
        # Scrolled in the layout pass that shrank the list, not in a frame after it.
        assert shown and all(shown)


async def test_zoom_draws_again_only_what_it_resizes_or_shows(data_file: Path, monkeypatch) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        drawn: set[str] = set()
        original = Widget._set_dirty

        def set_dirty(self, *regions) -> None:
            drawn.add(self.id or type(self).__name__)
            original(self, *regions)

        monkeypatch.setattr(Widget, "_set_dirty", set_dirty)
        await pilot.press("z", "z")
        await pilot.pause()
        # Today is resized twice and the other panes' frames shown again; what is inside
        # them keeps its size and is not drawn again (nor is the grid).
        for name in ("timeline-list", "risks-list", "notes-list", "risk-detail", "panes"):
            assert name not in drawn


async def test_a_pane_frame_draws_its_top_one_middle_line_and_its_bottom(
    data_file: Path, monkeypatch
) -> None:
    from textual._styles_cache import StylesCache

    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#today", Pane)
        pane.refresh()  # as a restyle does: every line of the frame to draw again
        drawn = counting(monkeypatch, StylesCache, "render_line")
        lines = pane.render_lines(pane.outer_size.region)
        assert len(lines) == pane.outer_size.height > 30
        assert len(drawn) == 3
        assert lines[0].text.startswith("╭") and lines[-1].text.startswith("╰")
        assert {line.text for line in lines[1:-1]} == {"│" + " " * 78 + "│"}


async def test_moving_the_focus_draws_the_key_line_once(data_file: Path, monkeypatch) -> None:
    from tui.widgets.key_line import KeyLine

    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        drawn = counting(monkeypatch, KeyLine, "render")
        await pilot.press("slash")  # the filter line's keys
        await pilot.pause()
        # Textual says the bindings changed twice for one focus change (as the focus moves
        # and again after the next frame); the line is drawn again only when it changes.
        assert len(drawn) == 1
        await pilot.press("escape")  # the list's keys again
        await pilot.pause()
        assert len(drawn) == 2
        await pilot.press("2")  # Timeline's list shows the same keys as Today's
        await pilot.pause()
        assert len(drawn) == 2


async def test_a_zoom_back_and_forth_again_styles_no_list_line_again(
    data_file: Path, monkeypatch
) -> None:
    from textual._styles_cache import StylesCache

    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("z", "z")  # both widths of Today drawn once
        await pilot.pause()
        styled = counting(monkeypatch, StylesCache, "render_line")
        await pilot.press("z", "z")
        await pilot.pause()
        # The frames shown again and the tab line; Today's list and scrollbar (~80 lines
        # each way) keep the lines they styled for each width.
        assert 0 < len(styled) < 30


async def test_a_quick_add_draws_the_pane_s_title_line_not_its_whole_frame(
    tmp_path: Path, monkeypatch
) -> None:
    app = open_app(many_actions(tmp_path / "opsdesk.json", count=5))
    async with app.run_test(size=(160, 48)) as pilot:
        today = app.screen.query_one("#today", Pane)
        await pilot.press("a", *"Ring the carrier due:today")
        await pilot.pause()
        dirty: list[tuple[Region, ...]] = []
        set_dirty = Widget._set_dirty

        def recording(self, *regions: Region) -> None:
            if self is today:
                dirty.append(regions)
            set_dirty(self, *regions)

        monkeypatch.setattr(Widget, "_set_dirty", recording)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert dirty and all(len(regions) == 1 for regions in dirty)
        assert {region.height for regions in dirty for region in regions} == {1}
        assert "6 due" in str(today.border_title)


async def test_the_quick_add_preview_is_laid_out_only_when_its_text_changes(
    data_file: Path, monkeypatch
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a", *"Ring", "escape")
        await pilot.pause()
        updates = counting(monkeypatch, Static, "update")
        await pilot.press("a")  # the input is emptied: the hint, once
        await pilot.pause()
        assert len(updates) == 1
        await pilot.press("escape", "a")  # the hint is shown already
        await pilot.pause()
        assert len(updates) == 1
