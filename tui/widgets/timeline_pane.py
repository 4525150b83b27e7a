"""The Timeline pane: milestones by project on a time chart, with slip and a today line.

Keys scroll and zoom the chart, and `<` / `>` move the milestone under the cursor a day
(the screen records the move through the repository, like any other change).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from store.models import Milestone
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.timeline_chart import Span, TimelineChart
from tui.widgets.virtual_list import Column, Row

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
    ]

    def compose(self) -> ComposeResult:
        chart = TimelineChart(self.COLUMNS, id=f"{self.PANE_ID}-list")
        chart.empty_text = self.EMPTY_TEXT
        yield chart
        yield Input(placeholder="filter (Enter keeps it, Esc clears)", classes="filter")

    @property
    def chart(self) -> TimelineChart:
        return self.query_one(TimelineChart)

    def on_mount(self) -> None:
        self._show_scale()

    # -- rows ---------------------------------------------------------------------------

    def build_rows(self, state: DeskState) -> list[Row]:
        today = state.today
        projects: dict[str, list[Milestone]] = defaultdict(list)
        for milestone in state.milestones:
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
                "",
            ],
            search=f"{milestone.title} {milestone.project} {milestone.owner} {name}",
        )

    def title_for(self, state: DeskState) -> str:
        today = state.today
        late = sum(1 for m in state.milestones if m.state(today) == "late")
        slipped = sum(1 for m in state.milestones if m.state(today) == "slipped")
        return f"2 Timeline  {late} late · {slipped} slipped"

    def _show_scale(self) -> None:
        self.border_subtitle = f"{self.chart.scale_name} · ←→ +- t · <> move"

    # -- keys -----------------------------------------------------------------------------

    def action_scroll_time(self, steps: int) -> None:
        self.chart.scroll_time(steps)

    def action_go_today(self) -> None:
        self.chart.go_today()

    def action_zoom(self, step: int) -> None:
        if self.chart.zoom(step):
            self._show_scale()

    def action_shift(self, days: int) -> None:
        """Ask the screen to move the milestone under the cursor by `days`."""
        key = self.current
        span = self.chart.spans.get(key) if key else None
        if key is None or span is None:
            return
        forecast = span.forecast + timedelta(days=days)
        # Drawn at once, and the base of a next press that arrives before the store answers.
        self.chart.set_span(key, replace(span, forecast=forecast))
        self.chart.ensure_visible(forecast)
        self.post_message(Pane.Command("move", key, forecast))
