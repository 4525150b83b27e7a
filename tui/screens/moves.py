"""The Timeline's pending move: `<` / `>` presses on one milestone gather into one move.

The move is stored (one history entry, one undo step) when the person is done with that
milestone: the cursor leaves it, the focus leaves the pane, another screen opens, another
command runs, or the app closes. A reason given with `w` goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from store.errors import UserError

if TYPE_CHECKING:
    from store.models import Milestone
    from store.repository import Desk


@dataclass
class PendingMove:
    milestone_id: int
    forecast: date
    reason: str = ""


class MoveBuffer:
    """Holds at most one pending move and stores it through the repository."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.pending: PendingMove | None = None

    def nudge(self, milestone_id: int, forecast: date) -> Milestone | None:
        """Another press: the milestone is to land on `forecast`. A pending move of another
        milestone is stored first (and returned)."""
        stored = None
        if self.pending is not None and self.pending.milestone_id != milestone_id:
            stored = self.commit()
        if self.pending is None:
            self.pending = PendingMove(milestone_id, forecast)
        else:
            self.pending.forecast = forecast
        return stored

    def holds(self, milestone_id: int) -> bool:
        return self.pending is not None and self.pending.milestone_id == milestone_id

    def commit(self) -> Milestone | None:
        """Store the pending move, if any; raises UserError when the store refuses it (the
        move is dropped then: the screen shows what the file holds)."""
        pending, self.pending = self.pending, None
        if pending is None:
            return None
        repo = self.desk.milestones
        if repo.get(pending.milestone_id).forecast == pending.forecast:
            if pending.reason:  # back where it was, but the person said why: keep that
                return self.explain_last(pending.milestone_id, pending.reason)
            return None
        return repo.move(pending.milestone_id, pending.forecast, pending.reason)

    def explain(self, milestone_id: int, reason: str) -> Milestone | None:
        """Give the reason of the pending move (and store it), or of the last stored one."""
        if self.holds(milestone_id):
            assert self.pending is not None
            self.pending.reason = reason
            return self.commit()
        self.commit()
        return self.explain_last(milestone_id, reason)

    def explain_last(self, milestone_id: int, reason: str) -> Milestone:
        repo = self.desk.milestones
        milestone = repo.get(milestone_id)
        if not milestone.moves:
            raise UserError(f"milestone {milestone_id} has not moved yet: nothing to explain")
        last = {**milestone.moves[-1], "reason": reason}
        return repo.update(
            milestone.copy(moves=[*milestone.moves[:-1], last]),
            f"reason for moving milestone {milestone_id}",
        )
