"""The action repository: quick add, complete (with the next occurrence of a repeating
action), reopen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from store.dates import DateError
from store.errors import UserError
from store.models import Action, utcnow
from store.repo import Repo, default_today


class ActionRepo(Repo[Action]):
    model = Action

    def add_quick(self, line: str, today: date | None = None, **links: Any) -> Action:
        return self.add(self.from_quick(line, today, **links))

    @staticmethod
    def from_quick(line: str, today: date | None = None, **links: Any) -> Action:
        """The action a quick-add line describes, not stored yet (QuickAddError when the
        line cannot be read): the TUI shows it before the write."""
        from store.quickadd import parse_quickadd

        parsed = parse_quickadd(line, today=today)
        return Action(
            title=parsed.title,
            owner=parsed.owner,
            project=parsed.project,
            tags=parsed.tags,
            priority=parsed.priority,
            due=parsed.due,
            recur=parsed.recur,
            status="waiting" if parsed.owner else "todo",
            **links,
        )

    def complete(self, action_id: int, today: date | None = None) -> Action:
        """Mark done; a recurring action gets its next occurrence."""
        today = today or default_today()
        with self.desk.change(f"complete action {action_id}"):
            action = self.get(action_id)
            if not action.is_open:
                raise UserError(f"action {action_id} is already {action.status}")
            done = self.update(action.copy(status="done", done_at=utcnow()))
            if action.recur:
                try:
                    following = next_occurrence_of(action, today)
                except DateError as error:  # the repeat ran off the end of the calendar
                    self.desk.warn(f"action {action_id} is done, with no next one: {error}")
                else:
                    self.add(following)
        return done

    def reopen(self, action_id: int) -> Action:
        action = self.get(action_id)
        status = "waiting" if action.owner else "todo"
        return self.update(action.copy(status=status, done_at=None), f"reopen action {action_id}")

    def toggle(self, action_id: int, today: date | None = None) -> Action:
        if self.get(action_id).is_open:
            return self.complete(action_id, today)
        return self.reopen(action_id)


def next_occurrence_of(action: Action, today: date) -> Action:
    from store.dates import next_occurrence

    base = max(action.due_date or today, today)
    next_day = next_occurrence(action.recur, base)
    due: date | datetime = next_day
    if isinstance(action.due, datetime):
        due = datetime.combine(next_day, action.due.time())
    return action.copy(
        id=0,
        status="waiting" if action.owner else "todo",
        due=due,
        done_at=None,
        series_id=action.series_id or action.id,  # one series (one calendar UID) for all
    )
