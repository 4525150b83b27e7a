"""The risk repository: rescoring keeps a history of the scores replaced, reviews set the
next review date, and a risk's contingency becomes a linked action."""

from __future__ import annotations

from datetime import date, timedelta

from store.errors import UserError
from store.models import Action, Risk, utcnow
from store.repo import Repo, default_today


class RiskRepo(Repo[Risk]):
    model = Risk

    def _before_save(self, stored: Risk, record: Risk) -> Risk:
        rescored = (stored.probability, stored.impact) != (record.probability, record.impact)
        if rescored and len(record.history) == len(stored.history):  # rescore() wrote one
            entry = {
                "at": utcnow().isoformat(),
                "probability": stored.probability,
                "impact": stored.impact,
            }
            record = record.copy(history=[*record.history, entry])
        return record

    def rescore(self, risk_id: int, probability: int, impact: int, reason: str = "") -> Risk:
        """Set both scores; the history entry keeps the scores replaced and why."""
        risk = self.get(risk_id)
        if (probability, impact) == (risk.probability, risk.impact):
            raise UserError(f"risk {risk_id} is already scored {probability}x{impact}")
        entry = {"at": utcnow().isoformat(), "probability": risk.probability}
        entry.update(impact=risk.impact, reason=reason)
        changed = risk.copy(probability=probability, impact=impact, history=[*risk.history, entry])
        return self.update(changed, f"rescore risk {risk_id}")

    def adjust(self, risk_id: int, probability: int = 0, impact: int = 0) -> Risk:
        """Raise or lower probability and impact by the given steps, kept within 1-5."""
        risk = self.get(risk_id)
        changed = risk.copy(
            probability=min(5, max(1, risk.probability + probability)),
            impact=min(5, max(1, risk.impact + impact)),
        )
        if (changed.probability, changed.impact) == (risk.probability, risk.impact):
            return risk
        return self.update(changed, f"rescore risk {risk_id}")

    def reviewed(self, risk_id: int, today: date | None = None) -> Risk:
        risk = self.get(risk_id)
        try:
            next_review = (today or default_today()) + timedelta(days=risk.review_days)
        except OverflowError:
            raise UserError(
                f"risk {risk_id}: the next review, {risk.review_days} days on, "
                "would be past 9999-12-31"
            ) from None
        return self.update(risk.copy(review=next_review), f"review risk {risk_id}")

    def contingency_action(self, risk_id: int, today: date | None = None) -> Action:
        """The action the contingency of risk `risk_id` would become, not yet stored.

        The contingency is read as a quick-add line (``Rent racking @bob due:+3d``); what it
        does not say comes from the risk: its project, high priority, due today.
        """
        from store.quickadd import parse_quickadd

        risk = self.get(risk_id)
        today = today or default_today()
        parsed = parse_quickadd(risk.contingency.strip() or f"Contingency for: {risk.title}", today)
        return Action(
            title=parsed.title,
            owner=parsed.owner,
            project=parsed.project or risk.project,
            tags=parsed.tags,
            priority=parsed.priority or 1,
            due=parsed.due or today,
            recur=parsed.recur,
            status="waiting" if parsed.owner else "todo",
            risk_id=risk.id,
        )

    def to_action(self, risk_id: int, today: date | None = None) -> Action:
        """Mark the risk occurred and store its contingency as a linked action."""
        action = self.contingency_action(risk_id, today)  # a bad line stores nothing
        risk = self.get(risk_id)
        with self.desk.change(f"contingency for risk {risk_id}"):
            if risk.status != "occurred":
                self.update(risk.copy(status="occurred"))
            return self.desk.actions.add(action)
