"""Meeting notes: action lines become linked actions, idempotently; decisions are logged."""

from datetime import date

import pytest

from store.errors import UserError
from store.models import Note
from store.notes import tick_body
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)

BODY = """## Notes
Racking is late.
Decision: rent temporary racking
- decision: tell finance

## Actions
- [ ] Call supplier @bob due:mon !high
- [ ] Update plan +cutover
* [ ] Book room due:2026-12-01
- [ ]
not an action - [ ] here
"""


@pytest.fixture
def desk():
    return Desk(Database(None))


def save(desk, body, project="warehouse", **changes):
    return desk.notes.save(Note(title="Weekly", project=project, body=body, **changes), today=TODAY)


def test_action_lines_become_linked_actions(desk):
    note = save(desk, BODY)
    actions = {a.title: a for a in desk.actions.all()}
    assert set(actions) == {"Call supplier", "Update plan", "Book room"}
    call = actions["Call supplier"]
    assert (call.owner, call.priority, call.due, call.project, call.note_id) == (
        "bob",
        1,
        date(2026, 11, 23),
        "warehouse",
        note.id,
    )
    assert actions["Update plan"].project == "cutover"  # a project on the line wins
    assert note.action_ids == [call.id, actions["Update plan"].id, actions["Book room"].id]
    assert note.decisions == ["rent temporary racking", "tell finance"]


def test_resave_does_not_duplicate(desk):
    note = save(desk, BODY)
    again = desk.notes.save(desk.notes.get(note.id), today=TODAY)
    assert len(desk.actions.all()) == 3
    assert again.action_ids == note.action_ids


def test_changed_line_updates_its_action(desk):
    note = save(desk, BODY)
    first_id = note.action_ids[0]
    line = "Call supplier @bob due:2026-11-23 !high"  # due:mon, as the day it meant
    body = note.body.replace(line, "Call supplier @chen due:tue")
    updated = desk.notes.save(note.copy(body=body), today=TODAY)
    assert len(desk.actions.all()) == 3
    action = desk.actions.get(first_id)
    assert (action.owner, action.due, action.priority) == ("chen", date(2026, 11, 24), None)
    assert updated.action_ids[0] == first_id


def test_done_action_ticks_its_line(desk):
    note = save(desk, BODY)
    desk.actions.complete(note.action_ids[1], today=TODAY)
    linked = [desk.actions.get(i) for i in note.action_ids]
    ticked = tick_body(note.body, linked)
    assert "- [x] Update plan +cutover" in ticked
    assert "- [ ] Call supplier @bob due:2026-11-23 !high" in ticked
    # saving the note again keeps the tick and does not reopen the action
    resaved = desk.notes.save(desk.notes.get(note.id), today=TODAY)
    assert "- [x] Update plan +cutover" in resaved.body
    assert desk.actions.get(note.action_ids[1]).status == "done"


def test_ticking_a_line_completes_its_action(desk):
    note = save(desk, BODY)
    body = note.body.replace("* [ ] Book room", "* [x] Book room")
    desk.notes.save(desk.notes.get(note.id).copy(body=body), today=TODAY)
    assert desk.actions.get(note.action_ids[2]).status == "done"


def test_bad_line_names_the_line_and_saves_nothing(desk):
    with pytest.raises(UserError, match=r"line 2: .*!urgent"):
        save(desk, "x\n- [ ] Call !urgent\n")
    assert desk.actions.all() == [] and desk.notes.all() == []


def test_removed_line_keeps_its_action(desk):
    note = save(desk, BODY)
    body = note.body.replace("- [ ] Update plan +cutover\n", "")
    updated = desk.notes.save(desk.notes.get(note.id).copy(body=body), today=TODAY)
    assert len(desk.actions.all()) == 3
    assert set(updated.action_ids) == set(note.action_ids)
