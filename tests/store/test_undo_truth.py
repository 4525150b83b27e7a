"""Undo reverts its own step only while the record still is as that step left it."""

from datetime import date

import pytest

from store.errors import UserError
from store.models import Action, Milestone
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)


@pytest.fixture
def two(tmp_path):
    path = tmp_path / "desk.json"
    return Desk(Database(path)), Desk(Database(path))


def test_undo_refuses_when_another_desk_changed_the_record(two):
    tui, cli = two
    action = tui.actions.add(Action(title="Call vendor"))
    tui.actions.update(tui.actions.get(action.id).copy(title="Call the vendor"))
    cli.actions.complete(action.id, today=TODAY)
    with pytest.raises(UserError, match=r"action 1 was changed elsewhere"):
        tui.undo()
    kept = cli.actions.get(action.id)
    assert (kept.title, kept.status) == ("Call the vendor", "done")


def test_undo_of_an_add_refuses_when_the_record_was_edited_elsewhere(two):
    tui, cli = two
    tui.milestones.add(Milestone(title="Go live", forecast=date(2026, 12, 1)))
    cli.milestones.move(1, date(2026, 12, 8), reason="vendor late")
    with pytest.raises(UserError, match="changed elsewhere"):
        tui.undo()
    assert cli.milestones.get(1).forecast == date(2026, 12, 8)


def test_undo_of_an_add_refuses_when_another_desk_deleted_it(two):
    tui, cli = two
    tui.actions.add(Action(title="a"))
    cli.actions.delete(1)
    with pytest.raises(UserError, match="changed elsewhere"):
        tui.undo()
    with pytest.raises(UserError):
        cli.actions.get(1)


def test_undo_of_its_own_delete_works(two):
    tui, cli = two
    tui.actions.add(Action(title="a"))
    tui.actions.delete(1)
    tui.undo()
    assert cli.actions.get(1).title == "a"


def test_undo_still_works_step_by_step_on_its_own_changes(two):
    tui, cli = two
    action = tui.actions.add(Action(title="one"))
    tui.actions.update(tui.actions.get(action.id).copy(title="two"))
    tui.actions.update(tui.actions.get(action.id).copy(title="three"))
    cli.actions.add(Action(title="unrelated"))  # another record: no conflict
    assert tui.undo() and cli.actions.get(action.id).title == "two"
    assert tui.undo() and cli.actions.get(action.id).title == "one"
    tui.undo()
    with pytest.raises(UserError):
        cli.actions.get(action.id)
    assert cli.actions.get(2).title == "unrelated"


def test_a_refused_undo_changes_nothing_and_leaves_the_earlier_steps(two):
    tui, cli = two
    tui.actions.add(Action(title="mine"))
    tui.actions.add(Action(title="shared"))
    tui.actions.update(tui.actions.get(2).copy(title="shared, edited"))
    cli.actions.update(cli.actions.get(2).copy(owner="bob"))
    raw = tui.db.path.read_bytes()
    with pytest.raises(UserError, match="nothing was undone"):
        tui.undo()
    assert tui.db.path.read_bytes() == raw
    with pytest.raises(UserError, match="changed elsewhere"):
        tui.undo()  # the refused step is dropped; the add of action 2 is refused too
    assert cli.actions.get(2).owner == "bob"
    tui.undo()  # the add of action 1 is still the desk's own
    with pytest.raises(UserError):
        cli.actions.get(1)
