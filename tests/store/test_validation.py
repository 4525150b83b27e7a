"""Every record is checked when a file loads: a bad one refuses the file, naming the record."""

from pathlib import Path

import orjson
import pytest

from store.models import Action, Milestone, Note, Risk
from store.repository import Desk
from store.storage import Database, DataFileError
from tui.cli import main

META = {"1": {"schema": 2, "file_id": "a" * 32}}
GOOD = {
    "actions": {"1": Action(title="Call vendor").to_doc()},
    "milestones": {"1": Milestone(title="Go live", forecast="2026-12-01").to_doc()},
    "risks": {"1": Risk(title="Racking late").to_doc()},
    "notes": {"1": Note(title="Weekly").to_doc()},
}
GOOD["milestones"]["1"]["forecast"] = "2026-12-01"
GOOD["milestones"]["1"]["baseline"] = "2026-12-01"

# (table, field, bad value): each alone makes the file unusable.
BAD = [
    ("actions", "due", "2026-13-45"),
    ("actions", "due", 20261201),
    ("actions", "title", None),
    ("actions", "title", 7),
    ("actions", "priority", "urgent"),
    ("actions", "priority", 9),
    ("actions", "status", "wip"),
    ("actions", "tags", "a,b"),
    ("actions", "tags", [1, 2]),
    ("actions", "rev", "3"),
    ("actions", "rev", True),
    ("actions", "created", "yesterday"),
    ("actions", "note_id", "4"),
    ("actions", "done_at", "2026-12-01T25:00"),
    ("milestones", "forecast", None),
    ("milestones", "forecast", "2026-12-01T10:00"),
    ("milestones", "moves", [{"to": "not a date"}]),
    ("milestones", "moves", ["moved"]),
    ("milestones", "sequence", -1),
    ("risks", "probability", "high"),
    ("risks", "impact", 0),
    ("risks", "review_days", 1_000_000_000),
    ("risks", "history", [{"probability": "high"}]),
    ("notes", "action_ids", ["1"]),
    ("notes", "attendees", None),
    ("notes", "start", "soon"),
    ("notes", "deleted", "yes"),
]


def write(path: Path, table: str, field: str, value: object) -> bytes:
    data = orjson.loads(orjson.dumps(GOOD))
    data["_meta"] = META
    data[table]["1"][field] = value
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


def test_the_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    write(path, "actions", "title", "Call vendor")
    desk = Desk(Database(path))
    assert [a.title for a in desk.actions.all()] == ["Call vendor"]
    assert desk.milestones.get(1).forecast.isoformat() == "2026-12-01"


@pytest.mark.parametrize(("table", "field", "value"), BAD, ids=[f"{t}.{f}" for t, f, _ in BAD])
def test_a_bad_record_refuses_the_file_naming_it(
    tmp_path: Path, table: str, field: str, value: object
) -> None:
    path = tmp_path / "desk.json"
    raw = write(path, table, field, value)
    with pytest.raises(DataFileError) as refused:
        Database(path)
    message = str(refused.value)
    assert "\n" not in message
    for part in (str(path), table, "record 1", field):
        assert part in message
    assert path.read_bytes() == raw


def test_a_missing_required_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    write(path, "actions", "title", "x")
    data = orjson.loads(path.read_bytes())
    del data["milestones"]["1"]["title"]
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(DataFileError, match=r"milestones record 1: title is missing"):
        Database(path)


@pytest.mark.parametrize("command", [["list", "actions"], ["today"], ["add", "x"]])
def test_the_cli_refuses_in_one_line_and_exits_2(tmp_path: Path, capsys, command) -> None:
    path = tmp_path / "desk.json"
    raw = write(path, "actions", "priority", "urgent")
    assert main([*command, "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "actions record 1: priority" in err
    assert path.read_bytes() == raw


def test_unknown_fields_are_kept_on_update_and_undo(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    write(path, "actions", "colour", "teal")
    desk = Desk(Database(path))
    action = desk.actions.get(1)
    desk.actions.update(action.copy(title="Call the vendor"))
    assert orjson.loads(path.read_bytes())["actions"]["1"]["colour"] == "teal"
    desk.undo()
    doc = orjson.loads(path.read_bytes())["actions"]["1"]
    assert (doc["title"], doc["colour"]) == ("Call vendor", "teal")
    desk.actions.complete(1)
    assert orjson.loads(path.read_bytes())["actions"]["1"]["colour"] == "teal"
