"""The desk's layout over SSH-sized terminals: column widths, dates kept whole, ids,
section counts that follow the filter, and the order of the upcoming section."""

from __future__ import annotations

from pathlib import Path

from desk_pilot import TODAY, list_lines, open_app, pane
from rich.cells import cell_len

from store.repository import Desk
from store.storage import Database
from tui.widgets.virtual_list import VirtualList


def widths(vlist: VirtualList) -> dict[str, int]:
    offsets = vlist.column_offsets(vlist.scrollable_content_region.width)
    return {column.key: width for column, (_, width) in zip(vlist.columns, offsets, strict=True)}


def widest(vlist: VirtualList, key: str) -> int:
    index = [column.key for column in vlist.columns].index(key)
    cells = [row.cells[index] for row in vlist.rows if not row.is_section]
    texts = [cell if isinstance(cell, str) else cell[0] for cell in cells]
    return max(cell_len(text) for text in [vlist.columns[index].title, *texts])


async def test_at_120x36_the_action_title_takes_the_flexible_width(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        today = pane(app, "today").rows
        got = widths(today)
        for key in ("who", "project", "due", "id"):
            assert got[key] == widest(today, key), (key, got)
        assert got["title"] >= 22
        assert got["title"] > 2 * max(width for key, width in got.items() if key != "title")


async def test_due_dates_are_never_cut(data_file: Path) -> None:
    desk = Desk(Database(data_file))
    desk.actions.add_quick("Call the depot due:today 14:00", today=TODAY)
    desk.actions.add_quick("Sign the lease due:mon", today=TODAY)
    for size, zoom, keys_panel in (((160, 48), True, False), ((120, 36), False, True)):
        app = open_app(data_file)
        async with app.run_test(size=size) as pilot:
            if zoom:
                await pilot.press("z")
            if keys_panel:
                app.action_show_help_panel()
            await pilot.pause()
            today = pane(app, "today").rows
            text = "\n".join(list_lines(today))
            assert "today 14:00" in text
            assert "Mon 23 Nov" in text
            assert got_due_width(today) >= len("today 14:00")


def got_due_width(vlist: VirtualList) -> int:
    return widths(vlist)["due"]


async def test_rows_show_their_id_in_a_dim_column(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        for name in ("today", "risks", "notes", "timeline"):
            vlist = pane(app, name).rows
            row = next(row for row in vlist.rows if not row.is_section)
            kind, record_id = row.key
            index = [column.key for column in vlist.columns].index("id")
            text, style = row.cells[index]
            assert text.endswith(str(record_id)) and style == "vlist--dim", name


async def test_filtering_updates_the_section_counts(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        today = pane(app, "today").rows
        assert any(line.strip().startswith("Waiting for (") for line in list_lines(today))
        await pilot.press("slash", *"floor plan")
        await pilot.pause()
        headings = [line.strip() for line in list_lines(today) if "(" in line]
        assert headings == ["Waiting for (1)"]


async def test_next_7_days_is_in_date_order(data_file: Path) -> None:
    desk = Desk(Database(data_file))
    desk.actions.add_quick("Low but tomorrow !low due:tomorrow", today=TODAY)
    desk.actions.add_quick("High but later !high due:+6d", today=TODAY)
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        agenda = pane(app, "today").agenda
        dues = [action.due_date for action in agenda.upcoming]
        assert dues == sorted(dues)
        assert agenda.upcoming[0].title == "Low but tomorrow"


async def test_at_160x48_the_busiest_pane_gets_the_height(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        today, risks = pane(app, "today"), pane(app, "risks")
        assert today.region.height > risks.region.height
        # Today shows every row; Risks still shows all of its own
        for shown_pane in (today, risks):
            vlist = shown_pane.rows
            assert vlist.scrollable_content_region.height >= len(vlist._lines) + 1
        # a filter that empties Today hands the room back on the next redraw
        await pilot.press("3")
        assert pane(app, "today").region.height == today.region.height  # no jumping on focus


def test_share_heights_gives_each_row_its_need_then_splits_the_rest() -> None:
    from tui.widgets.pane_heights import share_heights

    assert share_heights([10, 6], 40) == [21, 19]  # both fit: the leftover split evenly
    assert share_heights([30, 6], 40) == [31, 9]  # the busy row takes what the other spares
    assert share_heights([60, 60], 40) == [20, 20]
    assert share_heights([60, 3], 40)[1] >= 8  # never squeezed below a readable floor
    assert sum(share_heights([60, 3], 40)) == 40


def every_binding_id() -> dict[str, str]:
    """binding id -> class, for every class in tui/ that declares its own bindings."""
    import importlib
    import pkgutil

    from textual.binding import Binding

    import tui

    found = {}
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        if module_info.name.startswith("tui.cli") or module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for binding in value.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        found[binding.id] = value.__name__
    return found


async def test_help_shows_every_key_of_every_screen_with_its_id(data_file: Path) -> None:
    from rich.console import Console

    from tui.screens.help import HelpScreen

    ids = every_binding_id()
    assert {"heatmap.left", "decisions.close"} & set(ids) or len(ids) > 40
    app = open_app(data_file, config={"keys": {"record.done": "space"}})
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w"))
        console.print(app.screen.render_table())
        text = console.export_text()
    missing = sorted(
        f"{binding_id} ({owner})" for binding_id, owner in ids.items() if binding_id not in text
    )
    assert missing == []
    for heading in ("Heat map", "Note reader", "Decision log", "Note editor", "Edit form"):
        assert heading in text
    assert any("space" in line and "record.done" in line for line in text.splitlines())


async def test_save_screenshot_saves_in_the_current_folder_and_says_where(
    data_file: Path, tmp_path: Path, monkeypatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/Downloads, as on a server
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if "creenshot" in c.title)
        command.callback()
        await pilot.pause()
        saved = list(here.glob("*.svg"))
        assert len(saved) == 1
        messages = [str(n.message) for n in app._notifications]
        assert any(str(saved[0]) in message for message in messages)


async def test_without_a_current_folder_the_screenshot_goes_to_the_data_folder(
    data_file: Path, tmp_path: Path, monkeypatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = open_app(data_file)
    async with app.run_test(size=(120, 36)) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if "creenshot" in c.title)
        command.callback()
        await pilot.pause()
        assert len(list(data_file.parent.glob("*.svg"))) == 1


async def test_the_quick_add_preview_shows_every_field_at_80_columns(data_file: Path) -> None:
    from textual.widgets import Static

    app = open_app(data_file)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("a")
        line = "Call vendor about PO @alice +warehouse #contract !high due:fri every:mon"
        app.focused.insert_text_at_cursor(line)
        await pilot.pause()
        preview = app.screen.query_one("#quick-add-preview", Static)
        text = " ".join(strip.text.strip() for strip in app.screen._compositor.render_strips())
        for shown in ("@alice", "+warehouse", "#contract", "!high", "due Fri 27 Nov", "every mon"):
            assert shown in text, shown
        assert preview.region.height >= 2

        app.notify("The data file changed on disk; reloaded.")  # a toast while typing
        rack = app.screen.query_one("#textual-toastrack")
        for _ in range(20):
            await pilot.pause(0.05)
            toasts = [toast.region for toast in rack.query("Toast") if toast.region.area]
            if toasts:
                break
        assert toasts and not any(region.overlaps(preview.region) for region in toasts)


# -- the timeline -------------------------------------------------------------------------


def timeline_app(tmp_path: Path, milestones: list) -> object:
    from store.repository import open_desk
    from tui.app import make_app

    path = tmp_path / "m.json"
    desk = open_desk(path)
    for milestone in milestones:
        desk.milestones.add(milestone)
    desk.db.close()
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


async def test_the_axis_names_the_year_when_the_view_crosses_into_another(tmp_path) -> None:
    from datetime import date

    from store.models import Milestone

    app = timeline_app(tmp_path, [Milestone(title="Go-live", forecast=date(2027, 1, 8))])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        chart = pane(app, "timeline").chart
        axis = chart.render_line(0).text
        assert "2027" not in axis  # the view is all in 2026
        await pilot.press("l", "l", "l", "l")  # four weeks later: into January
        axis = chart.render_line(0).text
        assert "2027" in axis


async def test_done_milestones_older_than_the_view_hide_until_asked_for(tmp_path) -> None:
    from datetime import timedelta

    from store.models import Milestone

    old = TODAY - timedelta(days=90)
    app = timeline_app(
        tmp_path,
        [
            Milestone(title="Kick-off", baseline=old, forecast=old, status="done"),
            Milestone(title="Go-live", forecast=TODAY + timedelta(days=10)),
            Milestone(title="Recent", forecast=TODAY - timedelta(days=1), status="done"),
        ],
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        timeline = pane(app, "timeline")

        def titles() -> list[str]:
            return [str(row.cells[1][0]) for row in timeline.rows.rows if not row.is_section]

        assert titles() == ["Recent", "Go-live"]
        assert "1 done hidden" in str(timeline.border_title)
        await pilot.press("D")
        assert titles() == ["Kick-off", "Recent", "Go-live"]
        await pilot.press("D")
        assert "Kick-off" not in titles()


async def test_a_screen_over_the_desk_brings_its_rules_when_it_first_opens() -> None:
    from textual.app import App

    from tui.screen_styles import SCREENS_TCSS
    from tui.screens.help import HelpScreen

    app = App()  # no desk started here: nothing added tui/screens.tcss before
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.stylesheet.has_source(str(SCREENS_TCSS), "")
        app.push_screen(HelpScreen())
        await pilot.pause()
        frame = app.screen.query_one("#help")
        assert frame.styles.border.top[0] == "round"  # #help's rules, from tui/screens.tcss
        assert frame.region.width == 90  # 90% of the terminal
        app.push_screen(HelpScreen())  # a second one adds the rules no second time
        await pilot.pause()
        assert list(app.stylesheet.source).count((str(SCREENS_TCSS), "")) == 1
