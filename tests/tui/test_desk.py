"""The desk shell under Pilot at each terminal size: four titled panes when wide, one at a
time at 80x24, "too small" below that, zoom, and a footer of whole keys."""

from __future__ import annotations

import re
from pathlib import Path

from desk_pilot import PANES, desk_of, open_app, pane, screen_text, shown
from textual.geometry import Region

from tui.app import OpsDesk
from tui.widgets.key_line import KeyLine
from tui.widgets.quick_add import QuickAdd


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
    if bar.is_open:
        widgets["quick-add"] = bar
    return {name: w.region for name, w in widgets.items() if shown(w) and w.region.area}


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


async def test_starting_on_a_terminal_too_small_says_so_and_the_desk_shows_once_it_grows(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Terminal too small" in text and "80x24" in text
        assert not any(p in shown_regions(app) for p in PANES)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "Terminal too small" not in screen_text(app)
        assert "today" in shown_regions(app)
        await pilot.resize_terminal(70, 24)  # the same message again, not a second one
        await pilot.pause()
        assert "Terminal too small" in screen_text(app)
        assert len(desk_of(app).query("#too-small")) == 1


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
