"""Whatever a form sends, a stored record is consistent: its status and done dates agree."""

from datetime import date

from store.models import Action, Milestone
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)


def test_an_overwrite_to_an_open_status_clears_done_at():
    desk = Desk(Database(None))
    action = desk.actions.add(Action(title="Call vendor"))
    stale_form = desk.actions.get(action.id)
    desk.actions.complete(action.id, today=TODAY)
    # the form was told the record changed; saving again overwrites with what it holds
    overwrite = stale_form.copy(status="todo", rev=desk.actions.get(action.id).rev)
    overwrite.done_at = desk.actions.get(action.id).done_at  # as a form reload carries it
    saved = desk.actions.update(overwrite)
    assert (saved.status, saved.done_at) == ("todo", None)
    assert desk.actions.get(action.id).done_at is None


def test_done_without_a_time_gets_one():
    desk = Desk(Database(None))
    saved = desk.actions.add(Action(title="Sent", status="done"))
    assert saved.done_at is not None and desk.actions.get(saved.id).done_at is not None


def test_a_milestone_reopened_by_a_form_forgets_its_done_day():
    desk = Desk(Database(None))
    desk.milestones.add(Milestone(title="Go live", forecast=TODAY))
    desk.milestones.complete(1, today=TODAY)
    done = desk.milestones.get(1)
    saved = desk.milestones.update(done.copy(status="open"))
    assert (saved.status, saved.done_on) == ("open", None)
    again = desk.milestones.update(saved.copy(status="done"))
    assert again.done_on is not None
