"""The milestone repository: every forecast move is recorded, and a change a calendar
shows raises the milestone's SEQUENCE."""

from __future__ import annotations

from datetime import date

from store.models import Milestone, utcnow
from store.repo import Repo, default_today

# Fields a calendar shows: a change to any of them raises the milestone's SEQUENCE.
CALENDAR_FIELDS = ("title", "forecast", "status", "baseline")  # baseline: the slip in the title


class MilestoneRepo(Repo[Milestone]):
    model = Milestone

    def _before_save(self, stored: Milestone, record: Milestone) -> Milestone:
        if record.forecast != stored.forecast and not _recorded(record):
            record = record.copy(moves=[*record.moves, _move(stored.forecast, record.forecast)])
        if any(getattr(stored, name) != getattr(record, name) for name in CALENDAR_FIELDS):
            record = record.copy(sequence=stored.sequence + 1)
        return record

    def move(
        self, milestone_id: int, to: date | str, reason: str = "", today: date | None = None
    ) -> Milestone:
        """Change the forecast date, keeping a record of the move.

        `to` is a day, or a date as typed: ``+3d``, ``-1w``, ``+1m`` count from the current
        forecast, anything else reads as store.dates reads it. A reason is recorded even
        when the date stays (a confirmed date is news too).
        """
        from store.dates import as_date, parse_date_from

        with self.desk.change(f"move milestone {milestone_id}"):
            milestone = self.get(milestone_id)
            if isinstance(to, str):
                to = as_date(parse_date_from(to, milestone.forecast, today))
            if to == milestone.forecast and not reason:
                return milestone
            move = _move(milestone.forecast, to, reason)
            moved = milestone.copy(forecast=to, moves=[*milestone.moves, move])
            return self.update(moved, f"move milestone {milestone_id}")

    def complete(self, milestone_id: int, today: date | None = None) -> Milestone:
        milestone = self.get(milestone_id)
        if milestone.status == "done":
            changed = milestone.copy(status="open", done_on=None)
        else:
            changed = milestone.copy(status="done", done_on=today or default_today())
        return self.update(changed, f"complete milestone {milestone_id}")


def _move(before: date, after: date, reason: str = "") -> dict[str, str]:
    return {
        "at": utcnow().isoformat(),
        "from": before.isoformat(),
        "to": after.isoformat(),
        "reason": reason,
    }


def _recorded(milestone: Milestone) -> bool:
    """Whether the last recorded move already lands on the milestone's forecast."""
    return bool(milestone.moves) and milestone.moves[-1]["to"] == milestone.forecast.isoformat()
