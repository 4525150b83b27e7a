"""Repositories: add, update, complete, delete, undo, stale edits, recurrence, agenda."""

from datetime import date, datetime, timedelta

import pytest

from store.agenda import build_agenda
from store.errors import NotFoundError, StaleEditError, UserError
from store.models import Action, Milestone, Risk
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture(params=["memory", "file"])
def desk(request, tmp_path):
    path = None if request.param == "memory" else tmp_path / "desk.json"
    return Desk(Database(path))


def test_add_get_update_round_trip(desk):
    action = desk.actions.add(Action(title="Call vendor", due=TODAY, tags=["po"]))
    assert action.id == 1 and action.rev == 1
    fetched = desk.actions.get(action.id)
    assert fetched.title == "Call vendor" and fetched.due == TODAY and fetched.tags == ["po"]
    updated = desk.actions.update(fetched.copy(title="Call vendor again"))
    assert updated.rev == 2
    assert desk.actions.get(action.id).title == "Call vendor again"


def test_quick_add_makes_waiting_for(desk):
    action = desk.actions.add_quick("Sign NDA @dana +vendor !high due:fri", today=TODAY)
    assert (action.owner, action.project, action.priority, action.status) == (
        "dana",
        "vendor",
        1,
        "waiting",
    )
    assert action.due == date(2026, 11, 27)


def test_bad_quick_add_stores_nothing(desk):
    with pytest.raises(UserError, match="frid"):
        desk.actions.add_quick("Call due:frid", today=TODAY)
    assert desk.actions.all() == []


def test_stale_edit_is_refused(desk):
    action = desk.actions.add(Action(title="Original"))
    mine = desk.actions.get(action.id)
    desk.actions.update(desk.actions.get(action.id).copy(title="Theirs"))
    with pytest.raises(StaleEditError):
        desk.actions.update(mine.copy(title="Mine"))
    assert desk.actions.get(action.id).title == "Theirs"


def test_unknown_id(desk):
    with pytest.raises(NotFoundError, match="no action with id 42"):
        desk.actions.get(42)


def test_delete_hides_and_undo_restores(desk):
    keep = desk.actions.add(Action(title="Keep"))
    gone = desk.actions.add(Action(title="Gone"))
    desk.actions.delete(gone.id)
    assert [a.title for a in desk.actions.all()] == ["Keep"]
    with pytest.raises(NotFoundError):
        desk.actions.get(gone.id)
    # ids are never reused: a later add does not take the deleted id
    later = desk.actions.add(Action(title="Later"))
    assert later.id not in (keep.id, gone.id)
    desk.undo()  # the add of "Later"
    desk.undo()  # the delete
    assert sorted(a.title for a in desk.actions.all()) == ["Gone", "Keep"]


def test_undo_edit_restores_previous_values(desk):
    action = desk.actions.add(Action(title="Before"))
    desk.actions.update(action.copy(title="After"))
    assert desk.undo().startswith("edit action")
    restored = desk.actions.get(action.id)
    assert restored.title == "Before" and restored.rev == 3
    desk.undo()
    assert desk.actions.all() == []
    with pytest.raises(UserError, match="nothing to undo"):
        desk.undo()


def test_recurring_action_creates_next_occurrence(desk):
    action = desk.actions.add_quick("Status report every:fri due:today", today=TODAY)
    desk.actions.complete(action.id, today=TODAY)
    open_actions = [a for a in desk.actions.all() if a.is_open]
    assert len(open_actions) == 1
    assert open_actions[0].due == TODAY + timedelta(days=7)
    assert open_actions[0].recur == "fri"
    # undo of the completion removes the spawned occurrence as well
    desk.undo()
    assert [(a.status, a.due) for a in desk.actions.all()] == [("todo", TODAY)]


def test_recurring_keeps_time_of_day(desk):
    due = datetime(2026, 11, 20, 9, 30)
    action = desk.actions.add(Action(title="Stand-up", due=due, recur="daily"))
    desk.actions.complete(action.id, today=TODAY)
    nxt = next(a for a in desk.actions.all() if a.is_open)
    assert nxt.due == datetime(2026, 11, 21, 9, 30)


def test_complete_twice_is_an_error_and_reopen(desk):
    action = desk.actions.add(Action(title="Once"))
    desk.actions.complete(action.id, today=TODAY)
    with pytest.raises(UserError, match="already done"):
        desk.actions.complete(action.id, today=TODAY)
    assert desk.actions.toggle(action.id).status == "todo"


def test_milestone_move_records_history_and_raises_sequence(desk):
    m = desk.milestones.add(Milestone(title="Go live", forecast=date(2026, 12, 1)))
    assert m.baseline == date(2026, 12, 1) and m.sequence == 0
    moved = desk.milestones.move(m.id, date(2026, 12, 8), "vendor late")
    assert moved.slip_days == 7 and moved.sequence == 1
    assert moved.moves[-1]["from"] == "2026-12-01" and moved.moves[-1]["reason"] == "vendor late"
    # an edit through the form that changes the date is recorded as a move too
    edited = desk.milestones.update(moved.copy(forecast=date(2026, 12, 10)))
    assert [mv["to"] for mv in edited.moves] == ["2026-12-08", "2026-12-10"]
    # a change no calendar shows leaves SEQUENCE alone
    assert desk.milestones.update(edited.copy(description="x")).sequence == edited.sequence
    assert moved.state(TODAY) == "slipped"
    assert desk.milestones.complete(m.id, TODAY).state(TODAY) == "done"


def test_risk_adjust_keeps_history_and_trend(desk):
    risk = desk.risks.add(Risk(title="Strike", probability=2, impact=3))
    up = desk.risks.adjust(risk.id, probability=1)
    assert (up.probability, up.score, up.trend) == (3, 9, 1)
    assert up.history[-1]["probability"] == 2
    down = desk.risks.adjust(risk.id, impact=-2)
    assert (down.impact, down.trend) == (1, -1)
    assert desk.risks.adjust(risk.id, impact=-1).impact == 1  # clamped, no change recorded
    assert len(desk.risks.get(risk.id).history) == 2


def test_risk_review_and_contingency(desk):
    risk = desk.risks.add(
        Risk(title="Supplier late", contingency="Rent racking", review=TODAY, review_days=10)
    )
    assert desk.risks.reviewed(risk.id, today=TODAY).review == TODAY + timedelta(days=10)
    action = desk.risks.to_action(risk.id)
    assert action.title == "Rent racking" and action.risk_id == risk.id
    assert desk.risks.get(risk.id).status == "occurred"


def test_agenda_sections():
    actions = [
        Action(id=1, title="late", due=TODAY - timedelta(days=1)),
        Action(id=2, title="today low", due=TODAY, priority=3),
        Action(id=3, title="today high", due=TODAY, priority=1),
        Action(id=4, title="doing", status="doing"),
        Action(id=5, title="chase", owner="bob", status="waiting"),
        Action(id=6, title="soon", due=TODAY + timedelta(days=3)),
        Action(id=7, title="far", due=TODAY + timedelta(days=30)),
        Action(id=8, title="done late", due=TODAY - timedelta(days=5), status="done"),
    ]
    risks = [
        Risk(id=1, title="due", review=TODAY),
        Risk(id=2, title="later", review=TODAY + timedelta(days=1)),
        Risk(id=3, title="closed", review=TODAY, status="closed"),
    ]
    milestones = [
        Milestone(id=1, title="near", forecast=TODAY + timedelta(days=14)),
        Milestone(id=2, title="far", forecast=TODAY + timedelta(days=15)),
    ]
    agenda = build_agenda(actions, risks, milestones, TODAY)
    assert [a.title for a in agenda.overdue] == ["late"]
    assert [a.title for a in agenda.due_today] == ["today high", "today low"]
    assert [a.title for a in agenda.in_progress] == ["doing"]
    assert [a.title for a in agenda.waiting] == ["chase"]
    assert [a.title for a in agenda.upcoming] == ["soon"]
    assert [r.title for r in agenda.reviews] == ["due"]
    assert [m.title for m in agenda.milestones] == ["near"]


def test_listeners_hear_changes(desk):
    heard = []
    desk.listeners.append(lambda model, ids: heard.append((model, ids)))
    desk.milestones.add(Milestone(title="M", forecast=TODAY))
    action = desk.actions.add(Action(title="A", recur="day", due=TODAY))
    desk.actions.complete(action.id, today=TODAY)  # one change: done + next occurrence
    desk.undo()
    assert heard == [(Milestone, [1]), (Action, [1]), (Action, [1, 2]), (Action, [1, 2])]
    # a failed change tells nobody
    with pytest.raises(UserError):
        desk.actions.add_quick("bad due:frid")
    assert len(heard) == 4
