"""A note's line creates its action once; after that the action owns its fields."""

from datetime import date, timedelta

import pytest

from store.errors import StaleEditError
from store.models import Note
from store.notes import StaleNoteError, merge_notes
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)  # a Friday

BODY = "## Actions\n- [ ] Call supplier @bob due:mon !high\n- [ ] Update plan\n"


@pytest.fixture
def desk(tmp_path):
    return Desk(Database(tmp_path / "desk.json"))


def first(desk, note):
    return desk.actions.get(note.action_ids[0])


def resave(desk, note_id, old, new, today=TODAY):
    note = desk.notes.get(note_id)
    assert old in note.body, note.body
    return desk.notes.save_with_report(note.copy(body=note.body.replace(old, new)), today=today)


def test_a_relative_date_is_resolved_once_and_written_into_the_line(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    assert "- [ ] Call supplier @bob due:2026-11-23 !high" in note.body
    assert first(desk, note).due == date(2026, 11, 23)
    # a week later, another line changes: the first action does not move
    resave(desk, note.id, "Update plan", "Update the plan", today=TODAY + timedelta(days=7))
    assert first(desk, note).due == date(2026, 11, 23)


def test_edits_made_to_the_action_elsewhere_survive_a_note_save(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    action = first(desk, note)
    desk.actions.update(
        action.copy(owner="carol", due=date(2026, 12, 4), priority=3, project="warehouse")
    )
    desk.actions.complete(action.id, today=TODAY)
    report = resave(desk, note.id, "Update plan", "Update the plan")
    kept = desk.actions.get(action.id)
    assert (kept.owner, kept.due, kept.priority, kept.project, kept.status) == (
        "carol",
        date(2026, 12, 4),
        3,
        "warehouse",
        "done",
    )
    assert report.conflicts == []
    assert desk.actions.get(note.action_ids[1]).title == "Update the plan"


def test_a_changed_line_renames_its_action_and_keeps_the_other_edits(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    action = first(desk, note)
    desk.actions.update(action.copy(owner="carol", status="waiting"))
    report = resave(desk, note.id, "Call supplier", "Call the supplier")
    kept = desk.actions.get(action.id)
    assert (kept.title, kept.owner, kept.due) == ("Call the supplier", "carol", date(2026, 11, 23))
    assert report.conflicts == []
    assert len(desk.actions.all()) == 2


def test_a_field_changed_only_in_the_note_reaches_the_action(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    resave(desk, note.id, "@bob due:2026-11-23", "@dave due:tue")
    action = first(desk, note)
    assert (action.owner, action.due) == ("dave", date(2026, 11, 24))
    assert "@dave due:2026-11-24" in desk.notes.get(note.id).body


def test_both_changed_keeps_the_action_and_reports_a_conflict(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    action = first(desk, note)
    desk.actions.update(action.copy(owner="carol"))
    report = resave(desk, note.id, "@bob", "@dave")
    assert first(desk, note).owner == "carol"
    [conflict] = report.conflicts
    assert (conflict.action_id, conflict.field) == (action.id, "owner")
    assert (conflict.kept, conflict.note_value) == ("carol", "dave")
    assert "carol" in conflict.message and "dave" in conflict.message


def test_a_reopened_action_is_not_completed_again_by_its_old_tick(desk):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    desk.actions.complete(note.action_ids[1], today=TODAY)
    resave(desk, note.id, "Call supplier", "Call supplier")  # the tick is now in the body
    assert "- [x] Update plan" in desk.notes.get(note.id).body
    desk.actions.reopen(note.action_ids[1])
    resave(desk, note.id, "Call supplier", "Ring supplier")
    assert desk.actions.get(note.action_ids[1]).status == "todo"
    assert "- [ ] Update plan" in desk.notes.get(note.id).body


def test_a_stale_save_offers_both_versions_and_a_merge(desk, tmp_path):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    other = Desk(Database(tmp_path / "desk.json"))
    theirs_copy = other.notes.get(note.id)
    other.notes.save(
        theirs_copy.copy(body=theirs_copy.body + "- [ ] Book room\nTheir line\n"), today=TODAY
    )
    mine = note.copy(body=note.body + "My line\n")
    with pytest.raises(StaleEditError) as stale:
        desk.notes.save(mine, today=TODAY)
    error = stale.value
    assert isinstance(error, StaleNoteError)
    assert error.mine.body == mine.body
    assert "Their line" in error.theirs.body
    merged = merge_notes(error.mine, error.theirs)
    assert "My line" in merged.body and "Their line" in merged.body
    saved = desk.notes.save(merged, today=TODAY)
    titles = {desk.actions.get(i).title for i in saved.action_ids}
    assert titles == {"Call supplier", "Update plan", "Book room"}
    assert len(desk.actions.all()) == 3


def test_keeping_mine_over_a_stale_copy_never_unlinks_their_actions(desk, tmp_path):
    note = desk.notes.save(Note(title="Weekly", body=BODY), today=TODAY)
    other = Desk(Database(tmp_path / "desk.json"))
    theirs_copy = other.notes.get(note.id)
    theirs = other.notes.save(
        theirs_copy.copy(body=theirs_copy.body + "- [ ] Book room\n"), today=TODAY
    )
    with pytest.raises(StaleNoteError) as stale:
        desk.notes.save(note.copy(body=note.body + "My line\n"), today=TODAY)
    saved = desk.notes.save(stale.value.keep_mine(), today=TODAY)
    assert "My line" in saved.body
    assert set(theirs.action_ids) <= set(saved.action_ids)
