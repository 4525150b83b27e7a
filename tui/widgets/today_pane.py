"""The Today pane: overdue, due today, in progress, waiting-for, the next 7 days,
risk reviews that are due and milestones in the next 14 days; then every other open
action (undated or later), so that an action just added is always in sight."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from store.agenda import Agenda, build_agenda, order_in, section_of
from store.dates import format_date
from store.models import Action, Milestone, Risk
from tui.state import DeskState
from tui.widgets.pane import Pane
from tui.widgets.virtual_list import Column, Row

LATER = "Later or no date"
PRIORITY_STYLES = {1: "vlist--error", 2: "vlist--warning", 3: "vlist--dim"}
# One letter, as Taskwarrior shows it: the column stays narrow at any size.
PRIORITY_LETTERS = {1: "H", 2: "M", 3: "L"}


def later_order(today: date) -> Callable[[Action], tuple]:
    """The order of the open actions in no agenda section: dated first, soonest first."""
    return lambda a: (a.due_date is None, a.due_date or today, a.priority or 4, a.id)


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
        self._records: dict[tuple[str, int], Action | Risk | Milestone] = {}  # by row key
        agenda = self.agenda = build_agenda(
            state.actions, state.risks, state.milestones, state.today
        )
        # Thousands of rows before the desk's first frame: the loops call _make_row and
        # keep each record by its row's key themselves (what _row does for one).
        rows: list[Row] = []
        records_by_key = self._records
        make_row = self._make_row
        placed: set[int] = set()
        for key, heading, records in agenda.sections():
            if not records:
                continue
            rows.append(Row.section(f"section-{key}", heading, counted=True))
            overdue = key == "overdue"
            placed.update(map(id, records))
            for record in records:
                row = make_row(record, state, overdue)
                records_by_key[row.key] = record
                rows.append(row)
        later = sorted(
            (a for a in state.actions if a.is_open and id(a) not in placed),
            key=later_order(state.today),
        )
        if later:
            rows.append(Row.section("section-later", LATER, counted=True))
            for action in later:
                row = make_row(action, state, False)
                records_by_key[row.key] = action
                rows.append(row)
        return rows

    def add_action(self, action: Action, state: DeskState) -> None:
        """Show one new open action in its place among the rows, and nothing else anew.

        `state` holds it already. The rows of its section are in the order build_rows
        gives them, so a binary search over that order finds its place.
        """
        self.state = state
        today = state.today
        section = section_of(action, today)
        heading = f"section-{section or 'later'}"
        row = self._row(action, state, section == "overdue")
        rows = self.rows
        start = rows.index_of(heading)
        if start is None:  # the section's first row: its heading comes before the next one's
            names = [*(f"section-{key}" for key, _ in Agenda.SECTIONS), "section-later"]
            after = (rows.index_of(name) for name in names[names.index(heading) + 1 :])
            at = next((index for index in after if index is not None), len(rows.rows))
            text = LATER if section is None else dict(Agenda.SECTIONS)[section]
            rows.insert_rows(at, [Row.section(heading, text, counted=True), row])
        else:
            rows.insert_rows(self._place(action, start + 1, state), [row])
        if section is not None:
            getattr(self.agenda, section).append(action)  # the title's counts
        self.set_title(self.title_for(state))

    def drop_action(self, action: Action) -> None:
        """Take away the row of an action shown by add_action (its write failed)."""
        key = ("action", action.id)
        if self._records.pop(key, None) is None:
            return
        assert self.state is not None  # add_action set it
        section = section_of(action, self.state.today)
        listed = getattr(self.agenda, section) if section else []
        if action in listed:
            listed.remove(action)
        heading = f"section-{section or 'later'}"
        start = self.rows.index_of(heading)
        alone = start is not None and self._section_end(start + 1) == start + 2
        self.rows.remove_rows([key, heading] if alone else [key])
        self.set_title(self.title_for(self.state))

    def _section_end(self, first: int) -> int:
        """The index after the last row of the section whose rows start at `first`."""
        rows = self.rows.rows
        end = first
        while end < len(rows) and not rows[end].is_section:
            end += 1
        return end

    def _place(self, action: Action, first: int, state: DeskState) -> int:
        """Where `action` goes among its section's rows, which start at index `first`."""
        section = section_of(action, state.today)
        order = later_order(state.today) if section is None else order_in(section)
        records = self._records
        rows = self.rows.rows
        wanted = order(action)
        low, high = first, self._section_end(first)
        while low < high:
            middle = (low + high) // 2
            if order(records[rows[middle].key]) <= wanted:
                low = middle + 1
            else:
                high = middle
        return low

    def _row(self, record: Action | Risk | Milestone, state: DeskState, overdue: bool) -> Row:
        row = self._make_row(record, state, overdue)
        self._records[row.key] = record
        return row

    def _make_row(self, record: Action | Risk | Milestone, state: DeskState, overdue: bool) -> Row:
        today = state.today
        if isinstance(record, Action):  # the most rows by far
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

    def title_for(self, state: DeskState) -> str:
        agenda = self.agenda  # built by build_rows just before
        parts = [f"{len(agenda.overdue)} overdue", f"{len(agenda.due_today)} due"]
        if agenda.waiting:
            parts.append(f"{len(agenda.waiting)} waiting")
        return f"1 Today  {' · '.join(parts)}"
