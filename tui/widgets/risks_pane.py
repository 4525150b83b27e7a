"""The Risks pane: the register sorted by score (probability x impact)."""

from __future__ import annotations

from store.dates import format_date
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row

TREND = {1: ("▲", "vlist--error"), -1: ("▼", "vlist--success"), 0: ("", "")}


class RisksPane(Pane):
    PANE_ID = "risks"
    TITLE = "Risks"
    EMPTY_TEXT = "No open risks. Press a to add one."
    COLUMNS = [
        Column("score", "Sc", width=3, align="right"),
        Column("p", "P", width=2, align="right"),
        Column("i", "I", width=2, align="right"),
        Column("trend", "", width=2),
        Column("title", "Risk", min_width=12),
        Column("owner", "Owner", width=8),
        Column("status", "Status", width=10),
        Column("review", "Review", width=10, align="right"),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        risks = sorted((r for r in state.risks if r.is_open), key=lambda r: (-r.score, r.id))
        today = state.today
        rows = []
        for risk in risks:
            due = risk.review is not None and risk.review <= today
            rows.append(
                Row(
                    ("risk", risk.id),
                    [
                        (str(risk.score), f"vlist--risk-{risk.band}"),
                        str(risk.probability),
                        str(risk.impact),
                        TREND[risk.trend],
                        risk.title,
                        risk.owner,
                        risk.status,
                        (format_date(risk.review, today), "vlist--warning" if due else ""),
                    ],
                    search=f"{risk.title} {risk.owner} {risk.project} {risk.status}",
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        open_risks = [r for r in state.risks if r.is_open]
        high = sum(1 for r in open_risks if r.band == "high")
        return f"3 Risks  {len(open_risks)} open · {high} high"
