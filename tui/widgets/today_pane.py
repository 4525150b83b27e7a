"""The Today pane: overdue, due today, in progress, waiting-for, the next 7 days,
risk reviews that are due and milestones in the next 14 days; then every other open
action (undated or later), so that an action just added is always in sight."""

from __future__ import annotations

from store.agenda import build_agenda
from store.dates import format_date
from store.models import Action, Milestone, Risk
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row

PRIORITY_STYLES = {1: "vlist--error", 2: "vlist--warning", 3: "vlist--dim"}
# One letter, as Taskwarrior shows it: the column stays narrow at any size.
PRIORITY_LETTERS = {1: "H", 2: "M", 3: "L"}


class TodayPane(Pane):
    PANE_ID = "today"
    TITLE = "Today"
    EMPTY_TEXT = "Nothing due. Press a to add an action."
    # The title takes the width; the rest are as wide as what they hold. Due never
    # shrinks: "Mon 3" for "Mon 30 Nov" reads as another date.
    COLUMNS = [
        Column("prio", "!", width=2, fit=True),
        Column("title", "Action", min_width=12),
        Column("who", "Who", width=12, fit=True, min_width=4),
        Column("project", "Project", width=12, fit=True, min_width=4),
        Column("due", "Due", align="right", fit=True, shrink=False),
        Column("id", "#", align="right", fit=True, shrink=False),
    ]

    def build_rows(self, state: DeskState) -> list[Row]:
        agenda = self.agenda = build_agenda(
            state.actions, state.risks, state.milestones, state.today
        )
        rows: list[Row] = []
        for key, heading, records in agenda.sections():
            if not records:
                continue
            rows.append(Row.section(f"section-{key}", heading, counted=True))
            overdue = key == "overdue"
            for record in records:
                rows.append(self._row(record, state, overdue))
        placed = {id(record) for _key, _heading, records in agenda.sections() for record in records}
        later = sorted(
            (a for a in state.actions if a.is_open and id(a) not in placed),
            key=lambda a: (a.due_date is None, a.due_date or state.today, a.priority or 4, a.id),
        )
        if later:
            rows.append(Row.section("section-later", "Later or no date", counted=True))
            rows.extend(self._row(action, state, False) for action in later)
        return rows

    def _row(self, record: Action | Risk | Milestone, state: DeskState, overdue: bool) -> Row:
        today = state.today
        if isinstance(record, Risk):
            return Row(
                ("risk", record.id),
                [
                    (f"{record.score:>2}", f"vlist--risk-{record.band}"),
                    f"Review risk: {record.title}",
                    record.owner,
                    record.project,
                    (format_date(record.review, today), "vlist--warning"),
                    (f"r{record.id}", "vlist--dim"),
                ],
                search=f"{record.title} {record.owner} {record.project}",
            )
        if isinstance(record, Milestone):
            state_name = record.state(today)
            style = {"late": "vlist--overdue", "slipped": "vlist--slipped"}.get(state_name, "")
            return Row(
                ("milestone", record.id),
                [
                    ("◆", "vlist--accent"),
                    (f"Milestone: {record.title}", style),
                    record.owner,
                    record.project,
                    format_date(record.forecast, today),
                    (f"m{record.id}", "vlist--dim"),
                ],
                search=f"{record.title} {record.owner} {record.project}",
            )
        who = f"@{record.owner}" if record.owner else ""
        prio = PRIORITY_LETTERS.get(record.priority or 0, "")
        title = record.title + (" ↻" if record.recur else "")
        return Row(
            ("action", record.id),
            [
                (prio, PRIORITY_STYLES.get(record.priority or 0, "")),
                (title, "vlist--overdue" if overdue else ""),
                who,
                record.project,
                (format_date(record.due, today), "vlist--overdue" if overdue else ""),
                (str(record.id), "vlist--dim"),
            ],
            search=f"{record.title} {who} {record.project} {' '.join(record.tags)}",
        )

    def title_for(self, state: DeskState) -> str:
        agenda = self.agenda  # built by build_rows just before
        parts = [f"{len(agenda.overdue)} overdue", f"{len(agenda.due_today)} due"]
        if agenda.waiting:
            parts.append(f"{len(agenda.waiting)} waiting")
        return f"1 Today  {' · '.join(parts)}"
