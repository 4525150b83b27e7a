"""VirtualList in a small app: drawing, cursor, filter, messages, safety of user text, size."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.cells import cell_len
from textual import on
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import Input

from themes import APP_VARIABLE_DEFAULTS, load_themes
from tui.widgets.virtual_list import Column, Row, VirtualList, clean, fit

WIDTH, HEIGHT = 80, 24
COLUMNS = [Column("title", "Title"), Column("due", "Due", width=10, align="right")]


def sectioned_rows() -> list[Row]:
    return [
        Row.section("overdue", "Overdue"),
        Row("a1", ["Call vendor", ("2026-01-02", "vlist--overdue")], search="call vendor alice"),
        Row("a2", ["Sign PO", "2026-01-03"], style="vlist--done"),
        Row.section("empty", "Nothing under me"),
        Row.section("today", "Today"),
        Row("a3", ["Book truck", "2026-01-05"]),
        Row("a4", ["Ring Bob", "2026-01-05"]),
    ]


class ListApp(App[None]):
    """One VirtualList (rows set before mount, as a screen would) and an Input to take focus."""

    def __init__(self, rows: Sequence[Row] = (), list_class: type[VirtualList] = VirtualList):
        super().__init__()
        self.initial_rows = rows
        self.list_class = list_class
        self.messages: list[tuple[str, Hashable | None]] = []

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLE_DEFAULTS)

    def compose(self) -> ComposeResult:
        vlist = self.list_class(COLUMNS, empty_text="Nothing due. Press a to add.")
        vlist.set_rows(self.initial_rows)
        yield vlist
        yield Input()

    def on_mount(self) -> None:
        self.query_one(VirtualList).focus()

    @on(VirtualList.Highlighted)
    def record_highlight(self, message: VirtualList.Highlighted) -> None:
        self.messages.append(("highlighted", message.key))

    @on(VirtualList.Selected)
    def record_select(self, message: VirtualList.Selected) -> None:
        self.messages.append(("selected", message.key))


def lines(vlist: VirtualList, count: int) -> list[str]:
    return [vlist.render_line(y).text.rstrip() for y in range(count)]


async def test_rows_render_under_a_header_in_columns() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.pause()
        shown = lines(vlist, 7)
        assert shown[0].split() == ["Title", "Due"]
        assert shown[1].strip() == "Overdue"
        assert shown[2].split() == ["Call", "vendor", "2026-01-02"]
        # The empty section is not drawn: "Today" follows the last overdue row.
        assert [line.strip() for line in shown[4:5]] == ["Today"]
        assert vlist.render_line(2).cell_length == vlist.scrollable_content_region.width
        due_ends = {line.rstrip().rfind("2026") for line in shown[2:4] + shown[5:7]}
        assert len(due_ends) == 1


async def test_cell_and_row_styles_come_from_component_classes() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.press("down", "down")  # the cursor leaves a1 and a2 to show their colours
        overdue = vlist.get_component_rich_style("vlist--overdue")
        segments = [s for s in vlist.render_line(2) if s.text.strip() == "2026-01-02"]
        assert segments[0].style.color == overdue.color
        done_line = vlist.render_line(3)
        assert vlist.current_key == "a3" and all(
            s.style.strike for s in done_line if s.text.strip()
        )


async def test_cursor_keys_skip_section_headers() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.pause()
        assert vlist.current_key == "a1"  # the cursor starts below the first heading
        visited = []
        for key in ["down", "j", "j", "j"]:
            await pilot.press(key)
            visited.append(vlist.current_key)
        assert visited == ["a2", "a3", "a4", "a4"]
        await pilot.press("k", "up", "up")
        assert vlist.current_key == "a1"
        await pilot.press("end")
        assert vlist.current_key == "a4"
        await pilot.press("home")
        assert vlist.current_key == "a1"
        await pilot.press("G")
        assert vlist.current_key == "a4"
        await pilot.press("g")
        assert vlist.current_key == "a1"
        await pilot.press("pagedown")
        assert vlist.current_key == "a4"
        await pilot.press("pageup")
        assert vlist.current_key == "a1"


async def test_cursor_is_highlighted_only_when_focused() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.pause()
        focused = vlist.render_line(2)
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = vlist.render_line(2)
        plain = vlist.render_line(5)
        first = next(iter(focused)).style
        assert first.bgcolor != next(iter(blurred)).style.bgcolor
        assert next(iter(blurred)).style.bgcolor != next(iter(plain)).style.bgcolor


async def test_paging_scrolls_and_keeps_the_cursor_visible() -> None:
    rows = [Row(index, [f"row {index}", ""]) for index in range(200)]
    app = ListApp(rows)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.press("pagedown", "pagedown", "down")
        await pilot.pause()
        body = vlist.scrollable_content_region.height - 1
        top = vlist.scroll_offset.y
        assert top > 0 and top <= vlist.cursor < top + body
        cursor_line = vlist.cursor - top + 1
        assert vlist.render_line(cursor_line).text.split()[:2] == ["row", str(vlist.cursor)]
        await pilot.press("end")
        await pilot.pause()
        assert vlist.current_key == 199
        assert vlist.scroll_offset.y == vlist.max_scroll_y > 0
        assert vlist.virtual_size.height == 201  # header + rows: the scrollbar is right


async def test_set_rows_keeps_the_cursor_on_the_same_key() -> None:
    rows = [Row(index, [f"row {index}", ""]) for index in range(50)]
    app = ListApp(rows)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        for _ in range(10):
            await pilot.press("j")
        assert vlist.current_key == 10
        vlist.set_rows(list(reversed(rows)))
        await pilot.pause()
        assert vlist.current_key == 10 and vlist.cursor == 39
        # The row went away: the cursor stays at the same place in the list.
        vlist.set_rows([row for row in rows if row.key != 10][::-1])
        assert vlist.cursor == 39 and vlist.current_key == 9
        vlist.set_rows(rows[:5])
        assert vlist.current_key == 4
        assert vlist.move_to_key(2) and vlist.current_key == 2
        assert not vlist.move_to_key("missing")


async def test_filter_hides_rows_and_empty_sections() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        assert vlist.visible_count == 4
        vlist.filter("ALICE")  # matches the search text, not shown in the cells
        await pilot.pause()
        assert [line.split() for line in lines(vlist, 3)[1:]] == [
            ["Overdue"],
            ["Call", "vendor", "2026-01-02"],
        ]
        assert vlist.visible_count == 1 and vlist.current_key == "a1"
        vlist.filter("ring")  # falls back to the cells' text
        await pilot.pause()
        assert [line.split()[0] for line in lines(vlist, 3)[1:]] == ["Today", "Ring"]
        assert vlist.current_key == "a4"
        vlist.filter_text = "zebra"
        await pilot.pause()
        assert vlist.visible_count == 0 and vlist.current_key is None
        assert lines(vlist, 2)[1].strip() == "no match for 'zebra'"
        vlist.filter("")
        await pilot.pause()
        assert vlist.visible_count == 4


async def test_highlighted_and_selected_messages() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.messages == [("highlighted", "a1"), ("highlighted", "a2"), ("selected", "a2")]
        app.query_one(VirtualList).set_rows(sectioned_rows())  # same key under the cursor
        await pilot.pause()
        assert app.messages[-1] == ("selected", "a2")


async def test_click_moves_the_cursor_and_a_second_click_selects() -> None:
    app = ListApp(sectioned_rows())
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        assert await pilot.click(VirtualList, offset=(3, 6))
        await pilot.pause()
        assert vlist.current_key == "a4"
        await pilot.click(VirtualList, offset=(3, 6))
        await pilot.click(VirtualList, offset=(3, 1))  # a heading: nothing happens
        await pilot.pause()
        assert app.messages[-1] == ("selected", "a4") and vlist.current_key == "a4"


async def test_empty_list_shows_the_placeholder_dimmed() -> None:
    app = ListApp([])
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.press("down", "enter")
        line = vlist.render_line(1)
        assert line.text.strip() == "Nothing due. Press a to add."
        assert next(iter(line)).style == vlist.painter.style("vlist--dim")
        assert vlist.current_key is None and app.messages == []


async def test_user_text_is_shown_literally_never_as_markup_or_escapes() -> None:
    hostile = [
        Row("m", ["[bold]x[/]", ""]),
        Row("c", ["[@click=app.quit]Press[/]", ""]),
        Row("e", ["\x1b[31mred\x07 \x9bX", ""]),
    ]
    app = ListApp(hostile)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.pause()
        shown = [line.strip() for line in lines(vlist, 4)[1:]]
        assert shown == ["[bold]x[/]", "[@click=app.quit]Press[/]", "␛[31mred␇ <U+009B>X"]
        assert not any(segment.style and segment.style.meta for segment in vlist.render_line(2))
        await pilot.click(VirtualList, offset=(4, 2))
        await pilot.click(VirtualList, offset=(4, 2))
        await pilot.pause()
        assert app.is_running and app.messages[-1] == ("selected", "c")


async def test_wide_characters_keep_columns_aligned() -> None:
    titles = ["日本語のタイトル" * 6, "emoji 🚚📦 move" * 5, "plain", "混合 mixed テキスト"]
    rows = [Row(index, [title, "2026-01-05"]) for index, title in enumerate(titles)]
    app = ListApp(rows)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        await pilot.pause()
        width = vlist.scrollable_content_region.width
        for y in range(1, 5):
            strip = vlist.render_line(y)
            assert strip.cell_length == width
            assert strip.crop(width - 11, width - 1).text == "2026-01-05"
        assert "…" in vlist.render_line(1).text


def test_fit_and_clean() -> None:
    assert fit("日本語", 6) == "日本語" and fit("日本語", 4) == "日 …"
    assert cell_len(fit("🚚📦🚚", 4)) == 4
    assert fit("abcdef", 4) == "abc…"
    assert fit("ab", 4, "right") == "  ab"
    assert fit("anything", 0) == ""
    assert clean("a\tb\nc\x7f\x85") == "a␉b␊c␡<U+0085>"


class CountingList(VirtualList):
    calls = 0

    def render_line(self, y: int) -> Strip:
        CountingList.calls += 1
        return super().render_line(y)


async def test_ten_thousand_rows_render_only_the_visible_lines() -> None:
    rows = [
        Row(index, [f"action {index}", ("2026-01-01", "vlist--dim")]) for index in range(10_000)
    ]
    app = ListApp(list_class=CountingList)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        vlist.set_rows(rows)
        await pilot.pause()
        assert vlist.visible_count == 10_000
        CountingList.calls = 0
        await pilot.press("pagedown", "down")
        await pilot.pause()
        assert vlist.current_key == vlist.scrollable_content_region.height - 1
        # Two repaints of the list's visible height, not one call per row (a line that is
        # not styled yet is asked for again as Textual styles it, from the row cache).
        assert 0 < CountingList.calls <= 4 * vlist.size.height
        vlist.filter("action 99")
        await pilot.pause()
        assert vlist.visible_count == 111


async def test_theme_change_repaints_with_the_new_colours() -> None:
    themes, _errors = load_themes(None)
    app = ListApp([Row("r", [("High", "vlist--risk-high"), ""])])
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        for theme in themes:
            app.register_theme(theme)
        vlist = app.query_one(VirtualList)
        app.query_one(Input).focus()  # the cursor row keeps cell colours when blurred
        colours = {}
        for name in ("opsdesk-dark", "opsdesk-light"):
            app.theme = name
            await pilot.pause()
            segment = next(s for s in vlist.render_line(1) if s.text.strip() == "High")
            colours[name] = segment.style.color.triplet.hex.upper()
        assert colours == {
            "opsdesk-dark": app.get_theme("opsdesk-dark").variables["risk-high"],
            "opsdesk-light": app.get_theme("opsdesk-light").variables["risk-high"],
        }


class DrawCountingList(VirtualList):
    drawn: list[Hashable] = []

    def _render_row(self, row: Row, width: int, is_cursor: bool) -> Strip:
        DrawCountingList.drawn.append(row.key)
        return super()._render_row(row, width, is_cursor)


async def test_an_inserted_row_is_drawn_alone_unless_a_column_grows() -> None:
    rows = [Row(index, [f"action {index}", "ann"]) for index in range(10)]
    app = ListApp(list_class=DrawCountingList)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        vlist = app.query_one(VirtualList)
        vlist.set_columns([Column("title", "Title"), Column("owner", "Owner", fit=True)])
        vlist.set_rows(rows)
        await pilot.pause()
        DrawCountingList.drawn = []
        vlist.insert_rows(3, [Row("new", ["new action", "bob"])])
        await pilot.pause()
        assert DrawCountingList.drawn == ["new"]  # the others look as they did
        vlist.insert_rows(3, [Row("wide", ["wider owner", "bartholomew"])])
        await pilot.pause()
        assert len(DrawCountingList.drawn) == 1 + 12  # the owner column grew: all again
        texts = lines(vlist, 5)
        assert texts[2].index("ann") == texts[4].index("bartholomew")


async def test_the_scrollbar_draws_the_lines_textual_would_draw() -> None:
    from textual.geometry import Region
    from textual.scrollbar import ScrollBar

    themes, _errors = load_themes(None)
    app = ListApp([Row(index, [f"action {index}", ""]) for index in range(100)])
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        for theme in themes:
            app.register_theme(theme)
        vlist = app.query_one(VirtualList)
        bar = vlist.vertical_scrollbar
        for theme in ("opsdesk-dark", "opsdesk-ansi", "opsdesk-light"):
            app.theme = theme
            for key in ("home", "pagedown", "end"):
                await pilot.press(key)
                await pilot.pause()
                for hover in (False, True):
                    bar.mouse_over = hover
                    crop = Region(0, 0, bar.size.width, bar.size.height)
                    drawn = [list(strip) for strip in bar.render_lines(crop)]
                    bar.refresh()
                    assert drawn == [list(strip) for strip in ScrollBar.render_lines(bar, crop)]
                    assert len(drawn) == vlist.size.height
