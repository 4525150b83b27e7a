"""Project records: created by quick-add, migrated from `+name` strings, renamed everywhere."""

from datetime import date
from pathlib import Path

import orjson
import pytest

from store.errors import NotFoundError, UserError
from store.models import Milestone, Note, Risk
from store.projects import Project
from store.repository import Desk
from store.storage import SCHEMA_VERSION, Database

TODAY = date(2026, 12, 1)


@pytest.fixture
def desk(db: Database) -> Desk:
    return Desk(db)


def names(desk: Desk) -> list[str]:
    return [p.name for p in desk.projects.all()]


def test_a_new_plus_name_in_quick_add_creates_the_project_quietly(desk: Desk) -> None:
    desk.actions.add_quick("Call vendor +warehouse")
    desk.actions.add_quick("Book truck +warehouse")
    desk.milestones.add(Milestone(title="Go-live", forecast=TODAY, project="cutover"))
    desk.risks.add(Risk(title="Strike", project="ops, west"))  # --project takes any text
    assert names(desk) == ["cutover", "ops, west", "warehouse"]
    project = desk.projects.named("warehouse")
    assert (project.status, project.health, project.phase) == ("active", "green", "initiating")


def test_undo_of_the_capture_also_removes_the_project_it_created(desk: Desk) -> None:
    desk.actions.add_quick("Call vendor +warehouse")
    desk.undo()
    assert names(desk) == []


def test_moving_an_action_to_a_new_project_creates_it(desk: Desk) -> None:
    action = desk.actions.add_quick("Call vendor")
    assert names(desk) == []
    desk.actions.update(action.copy(project="vendor"))
    assert names(desk) == ["vendor"]


def test_a_project_added_twice_is_refused(desk: Desk) -> None:
    desk.projects.add(Project(name="warehouse", title="Warehouse move"))
    with pytest.raises(UserError, match="already exists"):
        desk.projects.add(Project(name="warehouse"))
    assert desk.projects.named("warehouse").title == "Warehouse move"


@pytest.mark.parametrize("bad", ["", "  ", "a\x1b[2Jb", "line\nbreak"])
def test_a_name_a_line_cannot_show_is_refused(desk: Desk, bad: str) -> None:
    with pytest.raises(UserError, match="control characters"):
        desk.projects.add(Project(name=bad))
    assert names(desk) == []


def test_renaming_renames_every_record_and_the_note_lines(desk: Desk) -> None:
    action = desk.actions.add_quick("Call vendor +warehouse")
    risk = desk.risks.add(Risk(title="Strike", project="warehouse"))
    note = desk.notes.save(
        Note(title="Sync", project="warehouse", body="- [ ] Book truck +warehouse @bob\n"),
        today=TODAY,
    )
    other = desk.actions.add_quick("Unrelated +warehouses")
    desk.projects.rename("warehouse", "dockroad")
    assert names(desk) == ["dockroad", "warehouses"]
    assert desk.actions.get(action.id).project == "dockroad"
    assert desk.risks.get(risk.id).project == "dockroad"
    assert desk.actions.get(other.id).project == "warehouses"
    stored = desk.notes.get(note.id)
    assert (stored.project, stored.body) == ("dockroad", "- [ ] Book truck +dockroad @bob\n")
    [line_action] = [desk.actions.get(i) for i in stored.action_ids]
    assert (line_action.project, line_action.note_line) == ("dockroad", "Book truck +dockroad @bob")
    resaved = desk.notes.save(stored, today=TODAY)  # the line still matches its action
    assert resaved.action_ids == stored.action_ids
    assert desk.actions.get(line_action.id).project == "dockroad"


def test_a_rename_is_one_undo_step(desk: Desk) -> None:
    action = desk.actions.add_quick("Call vendor +warehouse")
    desk.projects.rename("warehouse", "dockroad")
    desk.undo()
    assert names(desk) == ["warehouse"]
    assert desk.actions.get(action.id).project == "warehouse"


def test_renaming_onto_an_existing_project_changes_nothing(desk: Desk) -> None:
    action = desk.actions.add_quick("Call vendor +warehouse")
    desk.projects.ensure("vendor")
    with pytest.raises(UserError, match="already exists"):
        desk.projects.rename("warehouse", "vendor")
    assert desk.actions.get(action.id).project == "warehouse"
    assert names(desk) == ["vendor", "warehouse"]


def test_a_health_change_keeps_its_history(desk: Desk) -> None:
    desk.projects.ensure("warehouse")
    desk.projects.set_health("warehouse", "amber", "racking late", today=TODAY)
    project = desk.projects.set_health("warehouse", "red", "no racking", today=date(2026, 12, 3))
    assert (project.health, project.health_reason) == ("red", "no racking")
    history = [(h["on"], h["from"], h["to"], h["reason"]) for h in project.health_history]
    assert history == [
        ("2026-12-01", "green", "amber", "racking late"),
        ("2026-12-03", "amber", "red", "no racking"),
    ]
    with pytest.raises(UserError, match="not one of green, amber, red"):
        desk.projects.set_health("warehouse", "purple")
    assert desk.projects.named("warehouse").health == "red"


def test_an_edit_of_the_health_field_also_goes_into_the_history(desk: Desk) -> None:
    desk.projects.ensure("warehouse")
    project = desk.projects.edit("warehouse", health="red", health_reason="fire")
    assert [(h["from"], h["to"], h["reason"]) for h in project.health_history] == [
        ("green", "red", "fire")
    ]


def test_an_edit_with_a_bad_value_is_refused_before_anything_is_stored(desk: Desk) -> None:
    desk.projects.ensure("warehouse")
    with pytest.raises(UserError, match="phase 'done' is not one of"):
        desk.projects.edit("warehouse", phase="done")
    assert desk.projects.named("warehouse").phase == "initiating"


def test_close_and_reopen(desk: Desk) -> None:
    desk.projects.ensure("warehouse")
    closed = desk.projects.close("warehouse", today=TODAY)
    assert (closed.status, closed.closed_on) == ("closed", TODAY)
    assert desk.projects.active() == []
    with pytest.raises(UserError, match="already closed"):
        desk.projects.close("warehouse")
    reopened = desk.projects.reopen("warehouse")
    assert (reopened.status, reopened.closed_on) == ("active", None)
    with pytest.raises(UserError, match="is not closed"):
        desk.projects.reopen("warehouse")
    with pytest.raises(NotFoundError, match="no project named 'nope'"):
        desk.projects.close("nope")


def test_a_document_with_a_bad_health_is_refused_on_load_with_its_id(desk: Desk) -> None:
    desk.projects.ensure("warehouse")
    desk.db.table("projects").update({"health": "purple"}, doc_ids=[1])
    with pytest.raises(UserError, match="project 1: health 'purple' is not one of"):
        desk.projects.all()


def schema2_file(path: Path) -> bytes:
    data = {
        "_meta": {"1": {"schema": 2, "file_id": "a" * 32}},
        "actions": {
            "1": {"title": "Call", "project": "warehouse", "created": "2026-03-04T10:00:00+00:00"},
            "2": {"title": "Plan", "project": "cutover", "created": "2026-05-01T10:00:00+00:00"},
            "3": {"title": "Mine", "project": "", "created": "2026-05-01T10:00:00+00:00"},
        },
        "milestones": {
            "1": {
                "title": "Dock",
                "forecast": "2026-12-01",
                "project": "warehouse",
                "created": "2026-01-02T10:00:00+00:00",
            }
        },
        "notes": {"1": {"title": "Sync", "project": "vendor", "body": ""}},
    }
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


def test_a_schema2_file_gets_a_project_per_name_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    original = schema2_file(path)
    db = Database(path)
    desk = Desk(db)
    [backup] = (tmp_path / "opsdesk.json.backups").glob("opsdesk.schema2-*.json")
    assert backup.read_bytes() == original
    projects = desk.projects.all()
    assert [p.name for p in projects] == ["cutover", "vendor", "warehouse"]
    starts = {p.name: p.start for p in projects}
    assert starts["warehouse"] == date(2026, 1, 2)  # the first record that named it
    assert all(p.status == "active" and p.rev == 1 for p in projects)
    assert orjson.loads(path.read_bytes())["_meta"]["1"]["schema"] == SCHEMA_VERSION
    db.close()
    again = Desk(Database(path))
    assert [p.name for p in again.projects.all()] == ["cutover", "vendor", "warehouse"]
    again.db.close()


def test_the_demo_desk_describes_its_projects(tmp_path: Path) -> None:
    from store.demo import write_demo

    write_demo(tmp_path / "demo.json", today=TODAY)
    desk = Desk(Database(tmp_path / "demo.json"))
    projects = desk.projects.all()
    assert [p.name for p in projects] == ["cutover", "vendor", "warehouse"]
    assert desk.projects.named("warehouse").measures[0]["target"] == "2400"
    desk.db.close()


def test_a_file_with_a_bad_project_is_refused_naming_the_record(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    Desk(Database(path)).projects.ensure("warehouse")
    data = orjson.loads(path.read_bytes())
    data["projects"]["1"]["phase"] = "done"
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(UserError, match="projects record 1: phase is 'done', not one of"):
        Database(path)
