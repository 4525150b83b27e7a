"""The Risks pane: the register sorted by score (probability x impact), a detail line with
the score history of the risk under the cursor, and a 5x5 heat map (`m`) whose cells
filter the register."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from store.dates import format_date
from store.models import Risk
from store.text import safe_text
from tui.state import DeskState
from tui.widgets.pane import Pane, RecordKey
from tui.widgets.virtual_list import Column, Row, VirtualList

if TYPE_CHECKING:
    from tui.widgets.heatmap import Cell, HeatMap

TREND_STYLES = {1: "vlist--error", -1: "vlist--success"}
TREND_COLOURS = {1: "bold $text-error", -1: "bold $text-success"}
# Hints with the keys as the person has them: {name} is the key of binding `risks.name`.
SUBTITLES = {
    "register": "{probability_up}/{probability_down} {impact_up}/{impact_down} rescore"
    " · {map} map · {occurred} occurred",
    "map": "arrows move · ⏎ risks in cell · {map} register",
    "cell": "Esc back to the map",
}
KEY_NAMES = ("probability_up", "probability_down", "impact_up", "impact_down", "map", "occurred")
MUTED = "$foreground-muted"
HISTORY_SHOWN = 6  # scores on the detail line; older ones are summarised as "…"


def score_history(risk: Risk) -> list[int]:
    """The risk's scores from the first recorded one to the current one."""
    return [e["probability"] * e["impact"] for e in risk.history] + [risk.score]


def trend_cell(risk: Risk) -> tuple[str, str]:
    """▲ or ▼ with the change of score at the last rescoring, e.g. ("▲4", style)."""
    if not risk.trend:
        return "", ""
    change = risk.score - score_history(risk)[-2]
    return (f"{'▲' if change > 0 else '▼'}{abs(change)}", TREND_STYLES[risk.trend])


class RisksPane(Pane):
    PANE_ID = "risks"
    TITLE = "Risks"
    EMPTY_TEXT = "No open risks. Press a to add one."
    BINDINGS: ClassVar = [
        # The desk's record keys, named for what they do here (same ids, so remapped too).
        Binding("x", "screen.done", "Review", id="record.done"),
        Binding("m", "toggle_map", "Heat map", id="risks.map"),
        Binding("p", "adjust(1, 0)", "Probability +1", show=False, id="risks.probability_up"),
        Binding("P", "adjust(-1, 0)", "Probability -1", show=False, id="risks.probability_down"),
        Binding("i", "adjust(0, 1)", "Impact +1", show=False, id="risks.impact_up"),
        Binding("I", "adjust(0, -1)", "Impact -1", show=False, id="risks.impact_down"),
        Binding(
            "c", "contingency", "Occurred: contingency action", show=False, id="risks.occurred"
        ),
    ]
    DEFAULT_CSS = """
    RisksPane #risk-detail, RisksPane #risk-map-summary {
        height: 2;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
    }
    """
    COLUMNS = [
        Column("score", "Sc", width=2, align="right"),
        Column("trend", "Δ", width=3),
        Column("p", "P", width=1, align="right"),
        Column("i", "I", width=1, align="right"),
        Column("title", "Risk", min_width=12),
        Column("owner", "Owner", width=8),
        Column("status", "Status", width=10),
        Column("review", "Review", align="right", fit=True, shrink=False),
        Column("id", "#", align="right", fit=True, shrink=False),
    ]

    def __init__(self, lazy: bool = False) -> None:
        super().__init__(lazy)
        self.cell: Cell | None = None  # the heat-map cell the register is filtered to
        self.map_shown = False

    def parts(self) -> ComposeResult:
        # The heat map's module is imported with the pane's parts: the pane is built after
        # the desk's first frame, unless it is the one in focus.
        from tui.widgets.heatmap import HeatMap

        yield HeatMap(id="risk-map")
        yield Static(id="risk-map-summary")
        yield from super().parts()
        yield Static(id="risk-detail")

    def parts_mounted(self) -> None:
        self._set_mode()

    @property
    def current(self) -> RecordKey | None:
        if not self.is_mounted or self.map_shown:
            return None
        return self.rows.current_key

    @property
    def heat_map(self) -> HeatMap:
        from tui.widgets.heatmap import HeatMap

        return self.query_one(HeatMap)

    # -- data ------------------------------------------------------------------------------

    def open_risks(self, state: DeskState) -> list[Risk]:
        risks = [r for r in state.risks if r.is_open]
        return sorted(risks, key=lambda r: (-r.score, r.review or datetime.max.date(), r.id))

    def show(self, state: DeskState) -> None:
        super().show(state)
        counts = Counter((r.probability, r.impact) for r in state.risks if r.is_open)
        self.heat_map.set_counts(counts)
        self._show_summary()
        self._show_detail()

    def build_rows(self, state: DeskState) -> list[Row]:
        today = state.today
        rows = []
        for risk in self.open_risks(state):
            if self.cell is not None and (risk.probability, risk.impact) != self.cell:
                continue
            due = risk.review is not None and risk.review <= today
            rows.append(
                Row(
                    ("risk", risk.id),
                    [
                        (str(risk.score), f"vlist--risk-{risk.band}"),
                        trend_cell(risk),
                        str(risk.probability),
                        str(risk.impact),
                        risk.title,
                        risk.owner,
                        risk.status,
                        (format_date(risk.review, today), "vlist--warning" if due else ""),
                        (str(risk.id), "vlist--dim"),
                    ],
                    search=f"{risk.title} {risk.owner} {risk.project} {risk.status}",
                )
            )
        return rows

    def title_for(self, state: DeskState) -> str:
        open_risks = [r for r in state.risks if r.is_open]
        high = sum(1 for r in open_risks if r.band == "high")
        title = f"3 Risks  {len(open_risks)} open · {high} high"
        hint = SUBTITLES[
            "map" if self.map_shown else "cell" if self.cell is not None else "register"
        ]
        self.border_subtitle = hint.format(**{n: self.key_of(f"risks.{n}") for n in KEY_NAMES})
        if self.map_shown:
            return f"{title} · heat map"
        if self.cell is not None:
            probability, impact = self.cell
            shown = self.rows.visible_count
            return f"3 Risks  P{probability} × I{impact}: {shown} of {len(open_risks)} · Esc: map"
        return title

    def _risk(self, key: RecordKey | None) -> Risk | None:
        if key is None or self.state is None:
            return None
        return next((r for r in self.state.risks if r.id == key[1]), None)

    # -- modes: register, heat map, register filtered to a cell ------------------------------

    def _set_mode(self) -> None:
        self.heat_map.display = self.map_shown
        self.query_one("#risk-map-summary").display = self.map_shown
        self.rows.display = not self.map_shown
        self.query_one("#risk-detail").display = not self.map_shown
        if self.state is not None:
            self.show(self.state)

    def focus_list(self) -> None:
        if self.map_shown:
            self.heat_map.focus()
        else:
            self.rows.focus()

    def action_toggle_map(self) -> None:
        self.map_shown = not self.map_shown
        if self.map_shown and self.rows.current_key is not None:
            risk = self._risk(self.rows.current_key)
            if risk is not None and self.cell is None:
                self.heat_map.cursor = (risk.probability, risk.impact)
        self.cell = None
        self._set_mode()
        self.focus_list()

    def action_clear_filter(self) -> None:
        """Esc: from a cell's risks back to the map; from the map back to the register."""
        if self.cell is not None:
            self.cell = None
            self.map_shown = True
        elif self.map_shown:
            self.map_shown = False
        else:
            super().action_clear_filter()  # the filter; with none, Esc is the screen's
            return
        self._set_mode()
        self.focus_list()

    def on_heat_map_selected(self, event: HeatMap.Selected) -> None:
        if not self.heat_map.count(event.cell):
            self._show_summary("Nothing in this cell.")
            return
        self.cell = event.cell
        self.map_shown = False
        self._set_mode()
        self.focus_list()

    def on_heat_map_moved(self) -> None:
        self._show_summary()

    def _show_summary(self, note: str = "") -> None:
        if not self.map_shown or self.state is None:
            return
        probability, impact = cell = self.heat_map.cursor
        risks = [r for r in self.open_risks(self.state) if (r.probability, r.impact) == cell]
        from tui.widgets.heatmap import band_of

        band = band_of(probability, impact)
        plural = "" if len(risks) == 1 else "s"
        titles = ", ".join(r.title for r in risks)
        summary = Content.assemble(
            (f"P{probability} × I{impact} = {probability * impact} ", "bold"),
            (band, f"bold $risk-{band}"),
            f" · {len(risks)} open risk{plural}",
            "\n",
            (note, "$text-warning") if note else titles,
        )
        self.query_one("#risk-map-summary", Static).update(summary)

    # -- detail line ---------------------------------------------------------------------------

    @on(VirtualList.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        if self.map_shown or not self.is_mounted or self.state is None:
            return
        risk = self._risk(self.rows.current_key)
        detail = self.query_one("#risk-detail", Static)
        if risk is None:
            detail.update("")
            return
        scores = score_history(risk)
        shown = scores[-HISTORY_SHOWN:]
        parts: list[str | tuple[str, str]] = [
            ("Score ", MUTED),
            ("… → " if len(scores) > len(shown) else "") + " → ".join(map(str, shown)),
        ]
        arrow, style = trend_cell(risk)
        if arrow:
            changed = datetime.fromisoformat(risk.history[-1]["at"]).astimezone().date()
            parts += [
                (f" {arrow}", TREND_COLOURS[risk.trend]),
                f" {format_date(changed, self.state.today)}",
            ]
        parts.append((f" · review every {risk.review_days} d", MUTED))
        if risk.project:
            parts.append((f" · +{safe_text(risk.project)}", MUTED))
        parts.append("\n")
        filled = [
            (label, value)
            for label, value in (("Mitigation", risk.mitigation), ("Contingency", risk.contingency))
            if value.strip()
        ]
        for number, (label, value) in enumerate(filled):
            parts += [(("  " if number else "") + f"{label}: ", MUTED), safe_text(value)]
        if not filled:
            parts.append(("No mitigation or contingency yet: e edits the risk.", MUTED))
        detail.update(Content.assemble(*parts))

    # -- keys ------------------------------------------------------------------------------------

    def action_adjust(self, probability: int, impact: int) -> None:
        self.post_message(self.Command("adjust", self.current, (probability, impact)))

    def action_contingency(self) -> None:
        self.post_message(self.Command("contingency", self.current))
