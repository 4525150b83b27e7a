"""The Timeline pane: milestones by project on a time chart, with slip and a today line.

Keys scroll and zoom the chart, and `<` / `>` move the milestone under the cursor a day.
Presses on one milestone make one move: the screen keeps it pending and stores it when the
cursor leaves the milestone (or the pane, or the app), so the history gets one entry per
decision, not one per key. `w` asks why it moved; the reason goes with the move.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from store.models import Milestone
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row

if TYPE_CHECKING:
    from tui.widgets.timeline_chart import TimelineChart

TITLE_STYLES = {
    "late": "vlist--overdue",
    "slipped": "vlist--slipped",
    "done": "vlist--done",
    "cancelled": "vlist--dim",
}
# A mark that does not depend on colour, for 16-colour terminals and colour-blind eyes.
STATE_MARKS = {
    "late": ("!", "vlist--overdue"),
    "done": ("✓", "vlist--dim"),
    "cancelled": ("×", "vlist--dim"),
}
NO_PROJECT = "(no project)"


class TimelinePane(Pane):
    PANE_ID = "timeline"
    TITLE = "Timeline"
    EMPTY_TEXT = "No milestones. Press a to add one."
    COLUMNS = [
        Column("mark", "", width=1),
        Column("title", "Milestone", width=24),
        Column("slip", "Slip", width=5, align="right"),
        Column("id", "#", align="right", fit=True, shrink=False),
        Column("chart", ""),
    ]
    BINDINGS: ClassVar = [
        Binding(
            "left,h", "scroll_time(-1)", "Scroll to earlier dates", show=False, id="timeline.back"
        ),
        Binding(
            "right,l", "scroll_time(1)", "Scroll to later dates", show=False, id="timeline.forward"
        ),
        Binding("t", "go_today", "Back to today", show=False, id="timeline.today"),
        Binding("plus,equals_sign", "zoom(1)", "Zoom in (days)", show=False, id="timeline.zoom_in"),
        Binding(
            "minus", "zoom(-1)", "Zoom out (weeks, months)", show=False, id="timeline.zoom_out"
        ),
        Binding(
            "less_than_sign",
            "shift(-1)",
            "Move milestone a day earlier",
            show=False,
            id="timeline.earlier",
        ),
        Binding(
            "greater_than_sign",
            "shift(1)",
            "Move milestone a day later",
            show=False,
            id="timeline.later",
        ),
        Binding("w", "reason", "Why it moved (reason)", show=False, id="timeline.reason"),
        Binding(
            "D", "toggle_done", "Show or hide old done milestones", show=False, id="timeline.done"
        ),
    ]

    def parts(self) -> ComposeResult:
        # The chart's module is imported with the pane's parts: the pane is built after the
        # desk's first frame, unless it is the one in focus.
        from tui.widgets.timeline_chart import TimelineChart

        chart = TimelineChart(self.COLUMNS, id=f"{self.PANE_ID}-list")
        chart.empty_text = self.EMPTY_TEXT
        yield chart
        yield Input(placeholder="filter (Enter keeps it, Esc clears)", classes="filter")
        # Mounted from the start so that keys typed right after `w` land in it.
        yield Input(placeholder="why did it move? (Enter keeps it, Esc skips)", classes="reason")

    @property
    def chart(self) -> TimelineChart:
        from tui.widgets.timeline_chart import TimelineChart

        return self.query_one(TimelineChart)

    def __init__(self, lazy: bool = False) -> None:
        super().__init__(lazy)
        # Forecasts of moves not stored yet (milestone id -> date), drawn as if they were.
        self.preview: dict[int, date] = {}
        # Done and cancelled milestones from before the view are history: hidden until D.
        self.show_done = False
        self.hidden_done = 0

    def parts_mounted(self) -> None:
        self._show_scale()

    def _milestones(self, state: DeskState) -> list[Milestone]:
        if not self.preview:
            return state.milestones
        return [
            m.copy(forecast=self.preview[m.id]) if m.id in self.preview else m
            for m in state.milestones
        ]

    # -- rows ---------------------------------------------------------------------------

    def build_rows(self, state: DeskState) -> list[Row]:
        from tui.widgets.timeline_chart import Span

        today = state.today
        projects: dict[str, list[Milestone]] = defaultdict(list)
        self.chart.today = today  # the view follows today: it must be this state's today
        view_start = self.chart.start
        self.hidden_done = 0
        for milestone in self._milestones(state):
            if self._is_old_history(milestone, view_start):
                self.hidden_done += 1
                continue
            projects[milestone.project].append(milestone)
        rows: list[Row] = []
        spans: dict[tuple[str, int], Span] = {}
        # Named projects in alphabetical order, milestones without one last.
        for project in sorted(projects, key=lambda name: (not name, name.casefold())):
            rows.append(Row.section(("project", project), project or NO_PROJECT))
            for milestone in sorted(projects[project], key=lambda m: (m.forecast, m.id)):
                key = ("milestone", milestone.id)
                name = milestone.state(today)
                spans[key] = Span(milestone.forecast, milestone.baseline, name)
                rows.append(self._row(milestone, name, key))
        self.chart.set_spans(spans, today)
        return rows

    def _is_old_history(self, milestone: Milestone, view_start: date) -> bool:
        closed = milestone.status in ("done", "cancelled")
        return closed and not self.show_done and milestone.forecast < view_start

    @staticmethod
    def _row(milestone: Milestone, name: str, key: tuple[str, int]) -> Row:
        slip = milestone.slip_days
        slip_style = "vlist--slipped" if slip > 0 else "vlist--on-track"
        if name in ("done", "cancelled"):
            slip_style = "vlist--dim"
        return Row(
            key,
            [
                STATE_MARKS.get(name, ""),
                (milestone.title, TITLE_STYLES.get(name, "")),
                (f"{slip:+d}d" if slip else "", slip_style),
                (str(milestone.id), "vlist--dim"),
                "",
            ],
            search=f"{milestone.title} {milestone.project} {milestone.owner} {name}",
        )

    def title_for(self, state: DeskState) -> str:
        today = state.today
        milestones = self._milestones(state)
        late = sum(1 for m in milestones if m.state(today) == "late")
        slipped = sum(1 for m in milestones if m.state(today) == "slipped")
        hidden = f" · {self.hidden_done} done hidden (D)" if self.hidden_done else ""
        return f"2 Timeline  {late} late · {slipped} slipped{hidden}"

    def _show_scale(self) -> None:
        key = self.key_of
        if self.preview:  # say how the pending move ends and how to explain it
            self.border_subtitle = "moving · w why · j/k or leaving stores it"
        else:
            self.border_subtitle = (
                f"{self.chart.scale_name} · {key('timeline.back')}{key('timeline.forward')}"
                f" {key('timeline.zoom_in')}{key('timeline.zoom_out')} {key('timeline.today')}"
                f" · {key('timeline.earlier')}{key('timeline.later')} move"
            )

    def clear_preview(self) -> None:
        """The pending move was stored (or refused): draw from the records again."""
        self.preview.clear()
        self._show_scale()

    # -- keys -----------------------------------------------------------------------------

    def action_scroll_time(self, steps: int) -> None:
        self.chart.scroll_time(steps)
        self._view_moved()

    def action_go_today(self) -> None:
        self.chart.go_today()
        self._view_moved()

    def action_zoom(self, step: int) -> None:
        if self.chart.zoom(step):
            self._show_scale()
            self._view_moved()

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        if self.state is not None:
            self.show(self.state)

    def _view_moved(self) -> None:
        """Which done milestones are "older than the view" depends on where the view is."""
        if self.state is not None and not self.show_done:
            self.show(self.state)

    def action_shift(self, days: int) -> None:
        """Ask the screen to move the milestone under the cursor by `days`."""
        key = self.current
        span = self.chart.spans.get(key) if key else None
        if key is None or span is None:
            return
        try:
            forecast = span.forecast + timedelta(days=days)
        except OverflowError:
            self.notify(
                "A milestone cannot move past the ends of the calendar.", severity="warning"
            )
            return
        # Drawn at once (slip and order too), and the base of the next press.
        self.preview[key[1]] = forecast
        self._show_scale()
        if self.state is not None:
            self.show(self.state)
        else:
            self.chart.set_span(key, replace(span, forecast=forecast))
        self.chart.ensure_visible(forecast)
        self.post_message(Pane.Command("move", key, forecast))

    def action_reason(self) -> None:
        """Open the reason line for the milestone under the cursor (its pending move, or
        its last recorded one)."""
        if self.current is None:
            return
        box = self.query_one(".reason", Input)
        box.value = ""
        box.display = True
        box.focus()

    @on(Input.Submitted, ".reason")
    def _reason_given(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_reason()
        if event.value.strip():
            self.post_message(Pane.Command("reason", self.current, event.value.strip()))

    def _close_reason(self) -> None:
        self.query_one(".reason", Input).display = False
        self.focus_list()

    def action_clear_filter(self) -> None:
        box = self.query_one(".reason", Input)
        if box.display:
            self._close_reason()
        else:
            super().action_clear_filter()
