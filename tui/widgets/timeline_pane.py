"""The Timeline pane: milestones by forecast date."""

from __future__ import annotations

from store.dates import format_date
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row

STATE_STYLES = {"late": "vlist--overdue", "slipped": "vlist--slipped", "done": "vlist--done"}


class TimelinePane(Pane):
    PANE_ID = "timeline"
    TITLE = "Timeline"
    EMPTY_TEXT = "No milestones. Press a to add one."
    COLUMNS = [
        Column("forecast", "Forecast", width=10),
        Column("title", "Milestone", min_width=12),
        Column("project", "Project", width=11),
        Column("slip", "Slip", width=5, align="right"),
        Column("state", "State", width=8),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        today = state.today
        rows = []
        for m in sorted(state.milestones, key=lambda m: (m.forecast, m.id)):
            name = m.state(today)
            rows.append(
                Row(
                    ("milestone", m.id),
                    [
                        format_date(m.forecast, today),
                        (m.title, STATE_STYLES.get(name, "")),
                        m.project,
                        f"{m.slip_days:+d}" if m.slip_days else "",
                        name,
                    ],
                    search=f"{m.title} {m.project} {m.owner}",
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        today = state.today
        late = sum(1 for m in state.milestones if m.state(today) == "late")
        slipped = sum(1 for m in state.milestones if m.state(today) == "slipped")
        return f"2 Timeline  {late} late · {slipped} slipped"
