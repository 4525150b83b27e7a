"""The chart behind the Timeline pane: a VirtualList whose last column is a strip of time.

Each milestone row draws, for the dates in view only, its baseline (◇), its forecast (◆,
coloured by state), the slip between them, the forecast date, and the today line; the
header line is the time axis (week starts, or months when zoomed out). Like VirtualList
it draws only the lines on screen, so 500 milestones cost no more than 20.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from store.dates import today as current_day
from tui.widgets.virtual_list import Column, Row, VirtualList, fit

ZOOM_LEVELS = (1, 2, 4, 7)
"""Days per chart column, from zoomed in (a week is 7 columns) to zoomed out."""
SCALE_NAMES = {1: "1 col = 1 day", 2: "1 col = 2 days", 4: "1 col = 4 days", 7: "1 col = 1 week"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TITLE_SHARE = (16, 36)  # the "title" column takes 30% of the width, within these bounds
SCROLL_COLUMNS = 7  # one week at day scale; the axis does not jump under the eye

FORECAST, BASELINE, EARLIER, LATER, SLIP = "◆", "◇", "◂", "▸", "─"
TODAY, TODAY_MARK, TICK = "│", "▼", "·"
MARKER_STYLES = {
    "late": "timeline--late",
    "slipped": "timeline--slipped",
    "on track": "timeline--on-track",
    "done": "timeline--done",
    "cancelled": "timeline--cancelled",
}
# Cells a date label may be written over: nothing drawn, or a grid dot.
_BACKGROUND = ("", "timeline--tick")

ChartCell = tuple[str, str]  # (character, style name)


@dataclass(frozen=True)
class Span:
    """What a milestone row shows on the chart."""

    forecast: date
    baseline: date
    state: str  # as Milestone.state(today): late, slipped, on track, done, cancelled


def short_date(day: date, today: date) -> str:
    """`2 Dec`, or `2 Dec 2027` outside this year."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


class TimelineChart(VirtualList):
    """The milestone list with a chart of the visible date window as its last column."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "timeline--axis",
        "timeline--today",
        "timeline--tick",
        "timeline--baseline",
        "timeline--label",
        "timeline--cursor",
        *MARKER_STYLES.values(),
    }

    DEFAULT_CSS = """
    TimelineChart {
        & > .timeline--axis { color: $text-muted; }
        & > .timeline--today { color: $today-line; text-style: bold; }
        & > .timeline--tick { color: $text-disabled; }
        & > .timeline--baseline { color: $text-muted; }
        & > .timeline--label { color: $text-muted; }
        & > .timeline--cursor { background: $block-cursor-blurred-background; }
        & > .timeline--late { color: $overdue; text-style: bold; }
        & > .timeline--slipped { color: $slipped; text-style: bold; }
        & > .timeline--on-track { color: $on-track; text-style: bold; }
        & > .timeline--done { color: $done; }
        & > .timeline--cancelled { color: $text-disabled; }
    }
    """

    def __init__(self, columns: Sequence[Column] = (), **options) -> None:
        super().__init__(columns, **options)
        self.spans: dict[Hashable, Span] = {}
        self.today = current_day()  # the pane sets the desk's today on every refresh
        self.zoom_level = 0
        self._start: date | None = None  # None: follow today
        # What every line at the current size shares (window, grid, axis), worked out once.
        self._memo_key: tuple = ()
        self._memo: dict = {}

    # -- the date window -----------------------------------------------------------------

    def set_spans(self, spans: Mapping[Hashable, Span], today: date) -> None:
        """The chart data of each row key, and today's date."""
        self.spans = dict(spans)
        self.today = today
        self._redraw()

    def set_span(self, key: Hashable, span: Span) -> None:
        """Redraw one row's chart data ahead of the rows that will confirm it."""
        self.spans[key] = span
        self._redraw()

    @property
    def days_per_column(self) -> int:
        return ZOOM_LEVELS[self.zoom_level]

    @property
    def scale_name(self) -> str:
        return SCALE_NAMES[self.days_per_column]

    def _once(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """`make()`, worked out once for the current size, window and day (and rows)."""
        width = self.line_width
        memo_key = (width, self._start, self.zoom_level, self.today)
        if memo_key != self._memo_key:
            self._fit_title(width)
            self._memo_key, self._memo = memo_key, {}
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._memo_key = ()  # the columns fitted to the cells may change
        super().set_rows(rows)

    @property
    def chart_width(self) -> int:
        """Columns of the chart at the current size (0 before the first layout)."""
        return self._chart_area(self.line_width)[1]

    @property
    def start(self) -> date:
        """The first day on the chart."""
        if self._start is not None:
            return self._start
        return self._once("start", self._following_start)

    def _following_start(self) -> date:
        # Following today: a fifth of the chart shows the recent past.
        lead = max(1, self.chart_width // 5) * self.days_per_column
        return week_start(self.today - timedelta(days=lead))

    def column_of(self, day: date) -> int:
        """The chart column of `day`; negative or past the width when out of view."""
        return (day - self.start).days // self.days_per_column

    def scroll_time(self, steps: int) -> None:
        """Move the window later (steps > 0) or earlier, a week per step at day scale."""
        days = SCROLL_COLUMNS * self.days_per_column * steps
        self._start = self.start + timedelta(days=days)
        self._redraw()

    def go_today(self) -> None:
        self._start = None
        self._redraw()

    def zoom(self, step: int) -> bool:
        """Fewer days per column (step > 0) or more; False at either end of the scale."""
        level = max(0, min(len(ZOOM_LEVELS) - 1, self.zoom_level - step))
        if level == self.zoom_level:
            return False
        if self._start is not None:  # keep the middle of the view where it is
            half = self.chart_width // 2
            middle = self.start + timedelta(days=half * self.days_per_column)
            self._start = week_start(middle - timedelta(days=half * ZOOM_LEVELS[level]))
        self.zoom_level = level
        self._redraw()
        return True

    def ensure_visible(self, day: date) -> None:
        """Scroll by whole steps until `day` is on the chart."""
        width = self.chart_width
        if width <= 0:
            return
        column = self.column_of(day)
        if column < 0:
            self.scroll_time(-(-column // SCROLL_COLUMNS + (-column % SCROLL_COLUMNS > 0)))
        elif column >= width:
            self.scroll_time((column - width) // SCROLL_COLUMNS + 1)

    def _fit_title(self, width: int) -> None:
        """Give the title column a share of the width; the chart takes the rest.

        Done as a line is drawn, so the first frame at a new size has the new share. The
        cached lines need not go: they are kept by width, and the share follows the width.
        """
        wanted = max(TITLE_SHARE[0], min(TITLE_SHARE[1], width * 3 // 10))
        columns = [
            replace(column, width=wanted) if column.key == "title" else column
            for column in self.columns
        ]
        if columns != list(self.columns):
            self._columns.set_columns(columns)

    def _redraw(self) -> None:
        self._strip_cache.clear()
        self.refresh()

    # -- the axis -----------------------------------------------------------------------

    def ticks(self, width: int) -> list[tuple[int, list[str]]]:
        """(column, labels from longest to shortest) of each axis tick in view.

        The month the window starts in comes first with a negative column when it began
        before the window.
        """
        return self._once(("ticks", width), lambda: self._ticks(width))

    def _ticks(self, width: int) -> list[tuple[int, list[str]]]:
        start = self.start
        end = start + timedelta(days=width * self.days_per_column)
        ticks: list[tuple[int, list[str]]] = []
        if self.days_per_column == 1:
            day = week_start(start)
            if day < start:
                day += timedelta(days=7)
            year = start.year
            while day < end:
                label = f"{day.day} {MONTHS[day.month - 1]}"
                # The first week of another year says so: "4 Jan 2027", or "2027" if cramped.
                labels = (
                    [f"{label} {day.year}", str(day.year), label] if day.year != year else [label]
                )
                year = day.year
                ticks.append((self.column_of(day), labels))
                day += timedelta(days=7)
            return ticks
        month = date(start.year, start.month, 1)
        while month < end:
            name = MONTHS[month.month - 1]
            labels = [f"{name} {month.year}", str(month.year) if month.month == 1 else name]
            column = self.column_of(month)
            if column < 0:  # the month the window starts in, labelled at the left edge
                labels = [f"{name} {month.year}", name]
            ticks.append((column, labels))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return ticks

    def axis_cells(self, width: int) -> list[ChartCell]:
        cells: list[ChartCell] = [(" ", "")] * width
        ticks = [(max(0, column), labels) for column, labels in self.ticks(width)]
        for index, (column, labels) in enumerate(ticks):
            room = (ticks[index + 1][0] if index + 1 < len(ticks) else width) - column - 1
            if index + 1 == len(ticks):
                room += 1  # nothing follows the last label
            label = next((text for text in labels if len(text) <= room), "")
            for offset, char in enumerate(label):
                cells[column + offset] = (char, "timeline--axis")
        today = self.column_of(self.today)
        if 0 <= today < width and cells[today][0] == " ":
            cells[today] = (TODAY_MARK, "timeline--today")
        return cells

    # -- a row ----------------------------------------------------------------------------

    def chart_cells(self, span: Span | None, width: int, grid: bool = True) -> list[ChartCell]:
        """The characters of one row's chart: grid and today line, slip, baseline, forecast.

        Worked out once per span for the window (the focus or the cursor coming to a row
        draws its line again, not its chart); the list returned is not to be changed."""
        return self._once(("cells", span, width, grid), lambda: self._cells(span, width, grid))

    def _cells(self, span: Span | None, width: int, grid: bool) -> list[ChartCell]:
        cells = list(self._once(("under", width, grid), lambda: self._under(width, grid)))
        if span is None or width <= 0:
            return cells
        style = MARKER_STYLES.get(span.state, "")
        forecast = self.column_of(span.forecast)
        baseline = self.column_of(span.baseline)
        if baseline != forecast:
            low, high = sorted((baseline, forecast))
            for column in range(max(low + 1, 0), min(high, width)):
                cells[column] = (SLIP, style)
            if 0 <= baseline < width:
                cells[baseline] = (BASELINE, "timeline--baseline")
        if forecast < 0:
            cells[0] = (EARLIER, style)
            sides = (1,)
        elif forecast >= width:
            cells[width - 1] = (LATER, style)
            sides = (-1,)
        else:
            cells[forecast] = (FORECAST, style)
            sides = (-1, 1) if baseline > forecast else (1, -1)
        marker = min(max(forecast, 0), width - 1)
        self._label(cells, marker, sides, short_date(span.forecast, self.today))
        return cells

    def _under(self, width: int, grid: bool) -> list[ChartCell]:
        """What every row's chart starts from: the grid dots and the today line."""
        cells: list[ChartCell] = [(" ", "")] * width
        for column, _labels in self.ticks(width) if grid else ():
            if column >= 0:
                cells[column] = (TICK, "timeline--tick")
        today = self.column_of(self.today)
        if 0 <= today < width:
            cells[today] = (TODAY, "timeline--today")
        return cells

    @staticmethod
    def _label(cells: list[ChartCell], marker: int, sides: tuple[int, ...], text: str) -> None:
        """Write the date beside the marker on the first side with room, over nothing drawn.

        Crossing the today line is the last resort: a broken line is worth a readable date.
        """
        width = len(cells)
        for allowed in (_BACKGROUND, (*_BACKGROUND, "timeline--today")):
            for side in sides:
                first = marker + 2 if side > 0 else marker - 1 - len(text)
                if first < 0 or first + len(text) > width:
                    continue
                around = range(max(0, first - 1), min(width, first + len(text) + 1))
                if all(cells[column][1] in allowed for column in around):
                    for offset, char in enumerate(text):
                        cells[first + offset] = (char, "timeline--label")
                    for column in (first - 1, first + len(text)):  # no grid dot touching it
                        if 0 <= column < width and cells[column][1] == "timeline--tick":
                            cells[column] = (" ", "")
                    return

    # -- drawing ------------------------------------------------------------------------

    def _chart_area(self, width: int) -> tuple[int, int]:
        """(x, width) of the chart on a line `width` cells wide."""
        return self._once(("area", width), lambda: self._area(width))

    def _area(self, width: int) -> tuple[int, int]:
        offsets = self.column_offsets(width)
        if not offsets or width <= 0:
            return 0, 0
        x, chart_width = offsets[-1]
        return x, max(0, min(chart_width, width - x))

    def _splice(self, left: Strip, cells: list[ChartCell], width: int, under: str) -> Strip:
        """`left` with the chart cells laid over the chart column; `under` styles every cell."""
        x, chart_width = self._chart_area(width)
        segments: list[Segment] = []
        styles: dict[str | None, Style] = {}  # a line has few styles and many runs

        def style(name: str | None) -> Style:
            found = styles.get(name)
            if found is None:
                found = styles[name] = self._chart_style(under, name)
            return found

        run, run_style = "", None
        for char, name in cells:
            if name != run_style and run:
                segments.append(Segment(run, style(run_style)))
                run = ""
            run, run_style = run + char, name
        if run:
            segments.append(Segment(run, style(run_style)))
        # The margin after the chart takes the chart's style, not the left columns'.
        margin = max(0, width - x - chart_width)
        segments.append(Segment(" " * margin, style(None)))
        return Strip.join([left.crop(0, x), Strip(segments, chart_width + margin)])

    def _chart_style(self, under: str, name: str | None) -> Style:
        return self.painter.style(*(n for n in (under, name) if n))

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        x, chart_width = self._chart_area(width)
        # The axis and the lines below the rows, drawn once for this window and look.
        view = (width, self.has_focus, self._start, self.zoom_level, self.today)
        if self.show_header and y == 0:
            return self._kept_line(("axis", *view), lambda: self._axis_line(width, chart_width))
        line = self.scroll_offset.y + y - self._header_height
        if self._lines and line >= len(self._lines):
            # Below the last row the today line runs on to the bottom of the pane.
            return self._kept_line(("below", *view), lambda: self._below_line(width, chart_width))
        return super().render_line(y)

    def _axis_line(self, width: int, chart_width: int) -> Strip:
        left = self._header_line()
        return self._splice(left, self.axis_cells(chart_width), width, "")

    def _below_line(self, width: int, chart_width: int) -> Strip:
        blank = Strip.blank(width, self.painter.style())
        return self._splice(blank, self.chart_cells(None, chart_width, False), width, "")

    def _render_row(self, row: Row, width: int, is_cursor: bool) -> Strip:
        x, chart_width = self._chart_area(width)
        if row.is_section:
            # The heading stops where the chart starts, so the today line runs through.
            heading = fit(str(row.cells[0]), max(0, x - 2))
            left = self.painter.text(heading, width, "vlist--section")
            return self._splice(left, self.chart_cells(None, chart_width), width, "")
        left = super()._render_row(row, width, is_cursor)
        cells = self.chart_cells(self.spans.get(row.key), chart_width)
        if is_cursor:  # the date in full colour: muted text fades into the cursor bar
            cells = [(char, "" if name == "timeline--label" else name) for char, name in cells]
        return self._splice(left, cells, width, "timeline--cursor" if is_cursor else "")
