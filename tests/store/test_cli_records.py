"""show, edit, delete, undo, done/reopen, milestone and risk verbs, list filters and formats:
good input changes what it says, bad input is one line on stderr, exit 2, nothing changed."""

import csv
import io
import json
import sys

import pytest

from store.repository import open_desk
from tui.cli import main

TODAY = "2026-11-20"  # a Friday


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return path


def run(capsys, *argv):
    try:
        code = main(["--today", TODAY, *argv])
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def refused(capsys, db, *argv) -> str:
    before = db.read_bytes() if db.exists() else b""
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    assert (db.read_bytes() if db.exists() else b"") == before  # nothing changed
    return err


def shown(capsys, kind, record_id) -> dict:
    return json.loads(ok(capsys, "show", kind, str(record_id), "--json"))


def test_show_prints_every_field_and_derived_values(db, capsys):
    ok(capsys, "add", "Call carrier @dana +moves #ops due:thu")
    doc = shown(capsys, "actions", 1)  # plural kind accepted
    assert doc["id"] == 1 and doc["kind"] == "action" and doc["owner"] == "dana"
    assert doc["waiting"] is True and doc["overdue"] is False
    plain = ok(capsys, "show", "action", "1")
    assert plain.startswith("1 action Call carrier\n") and "owner: dana" in plain
    err = refused(capsys, db, "show", "action", "7")
    assert "action" in err and "7" in err
    assert "kind" in refused(capsys, db, "show", "widget", "1")
    assert "opsdesk project show" in refused(capsys, db, "show", "project", "1")


def test_derived_values_of_risks_milestones_and_notes(db, capsys, monkeypatch):
    ok(capsys, "risk", "add", "Flood", "--probability", "4", "--impact", "5")
    assert (shown(capsys, "risk", 1)["score"], shown(capsys, "risk", 1)["band"]) == (20, "high")
    ok(capsys, "milestone", "add", "Go-live", "--date", "2026-11-25")
    ok(capsys, "edit", "milestone", "1", "forecast=2026-11-30")
    milestone = shown(capsys, "milestone", 1)
    assert milestone["slip_days"] == 5 and milestone["state"] == "slipped"
    monkeypatch.setattr(sys, "stdin", io.StringIO("- [ ] Book van\n- [ ] Call dock\n"))
    ok(capsys, "note", "Weekly")
    ok(capsys, "done", "1")  # the note's first action (ids 1 and 2)
    assert shown(capsys, "note", 1)["open_actions"] == [2]


def test_edit_reads_values_like_the_form_and_quick_add_tokens(db, capsys):
    ok(capsys, "add", "Call carrier #ops")
    ok(capsys, "edit", "action", "1", "title=Call the carrier", "due=mon", "tags=a, b")
    doc = shown(capsys, "action", 1)
    assert (doc["title"], doc["due"], doc["tags"]) == ("Call the carrier", "2026-11-23", ["a", "b"])
    ok(capsys, "edit", "action", "1", "@dave", "due:fri", "!high", "#c")
    doc = shown(capsys, "action", 1)
    assert (doc["owner"], doc["due"], doc["priority"]) == ("dave", "2026-11-27", 1)
    assert doc["tags"] == ["a", "b", "c"]
    ok(capsys, "edit", "action", "1", "owner=")
    assert shown(capsys, "action", 1)["owner"] == ""


def test_edit_refuses_bad_input_naming_it(db, capsys):
    ok(capsys, "add", "Call carrier")
    err = refused(capsys, db, "edit", "action", "1", "forecast=fri")
    assert "'forecast'" in err and "milestone" in err and "due" in err
    assert "'colour'" in refused(capsys, db, "edit", "action", "1", "colour=red")
    assert "someday" in refused(capsys, db, "edit", "action", "1", "title=X", "due=someday")
    assert "status" in refused(capsys, db, "edit", "action", "1", "status=finished")
    assert "Hello" in refused(capsys, db, "edit", "action", "1", "Hello")
    assert "title" in refused(capsys, db, "edit", "action", "1", "title=")
    assert "risk" in refused(capsys, db, "edit", "risk", "1", "title=x")


def test_edit_a_note_body_from_stdin_runs_the_note_save(db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Decision: go\n"))
    ok(capsys, "note", "Weekly")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Decision: go\n- [ ] Book van +moves\n"))
    ok(capsys, "edit", "note", "1", "body=-", "attendees=Ann, Bo")
    note = shown(capsys, "note", 1)
    assert note["attendees"] == ["Ann", "Bo"] and len(note["action_ids"]) == 1
    assert shown(capsys, "action", note["action_ids"][0])["title"] == "Book van"


def test_delete_and_undo_bring_it_back(db, capsys):
    ok(capsys, "add", "Call carrier")
    assert ok(capsys, "delete", "action", "1").startswith("1 ")
    refused(capsys, db, "show", "action", "1")
    assert "delete action 1" in ok(capsys, "undo")
    assert shown(capsys, "action", 1)["title"] == "Call carrier"
    assert "nothing to undo" in refused(capsys, db, "undo")


def test_undo_takes_back_the_last_capture_made_through_the_journal(db, capsys, monkeypatch):
    """The day's first add writes the file; the next ones append to the journal: undo takes
    back the last one, not an earlier change."""
    assert ok(capsys, "add", "First of the day").strip() == "1"
    assert ok(capsys, "add", "Second").strip() == "2"
    assert "add action" in ok(capsys, "undo")
    refused(capsys, db, "show", "action", "2")
    assert shown(capsys, "action", 1)["title"] == "First of the day"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Agreed\n- [ ] Send minutes\n"))
    assert ok(capsys, "note", "Weekly sync").startswith("note 1")
    assert "note" in ok(capsys, "undo")  # the note and its action line's action
    refused(capsys, db, "show", "note", "1")
    refused(capsys, db, "show", "action", "3")
    assert shown(capsys, "action", 1)["title"] == "First of the day"


def test_undo_refuses_when_the_record_changed_since(db, capsys):
    ok(capsys, "add", "Call carrier")
    ok(capsys, "edit", "action", "1", "title=Call the carrier")
    desk = open_desk(db)  # the TUI or another script changes it meanwhile
    desk.actions.update(desk.actions.get(1).copy(title="Changed elsewhere"))
    err = refused(capsys, db, "undo")
    assert "changed elsewhere" in err
    assert shown(capsys, "action", 1)["title"] == "Changed elsewhere"


def test_show_and_list_keep_the_last_change_for_undo(db, capsys):
    ok(capsys, "add", "Call carrier")
    ok(capsys, "list", "actions")
    ok(capsys, "show", "action", "1")
    assert "add action" in ok(capsys, "undo")
    assert ok(capsys, "list", "actions", "--all") == ""


def test_done_and_reopen_actions_and_milestones(db, capsys):
    ok(capsys, "add", "Call carrier @dana")
    ok(capsys, "done", "1")
    assert shown(capsys, "action", 1)["status"] == "done"
    ok(capsys, "reopen", "action", "1")
    assert shown(capsys, "action", 1)["status"] == "waiting"
    assert "already open" in refused(capsys, db, "reopen", "1")
    ok(capsys, "milestone", "add", "Go-live", "--date", "fri")
    ok(capsys, "done", "milestone", "1")
    assert shown(capsys, "milestone", 1)["status"] == "done"
    assert "already done" in refused(capsys, db, "milestone", "done", "1")
    ok(capsys, "milestone", "reopen", "1")
    ok(capsys, "milestone", "cancel", "1")
    assert shown(capsys, "milestone", 1)["state"] == "cancelled"
    assert "risk" in refused(capsys, db, "done", "risk", "1")
    refused(capsys, db, "done", "milestone", "9")


def test_a_risk_added_without_review_is_first_reviewed_one_interval_on(db, capsys):
    ok(capsys, "risk", "add", "Flood", "--probability", "2", "--impact", "3")
    assert shown(capsys, "risk", 1)["review"] == "2026-12-04"  # today + 14 days, as the form
    ok(capsys, "risk", "add", "Fire", "--probability", "2", "--impact", "3", "--review", "mon")
    assert shown(capsys, "risk", 2)["review"] == "2026-11-23"  # the date given stays


def test_risk_verbs(db, capsys):
    ok(capsys, "risk", "add", "Flood", "--probability", "2", "--impact", "3")
    ok(capsys, "risk", "rescore", "1", "--probability", "4", "--impact", "4", "--reason", "rain")
    risk = shown(capsys, "risk", 1)
    assert (risk["probability"], risk["impact"], risk["score"]) == (4, 4, 16)
    assert risk["history"][-1]["reason"] == "rain" and len(risk["history"]) == 1
    assert "already" in refused(
        capsys, db, "risk", "rescore", "1", "--probability", "4", "--impact", "4"
    )
    ok(capsys, "risk", "review", "1")
    assert shown(capsys, "risk", 1)["review"] == "2026-12-04"  # two weeks on
    ok(capsys, "risk", "occur", "1")
    assert shown(capsys, "risk", 1)["status"] == "occurred"
    ok(capsys, "risk", "close", "1")
    assert shown(capsys, "risk", 1)["status"] == "closed"
    refused(capsys, db, "risk", "rescore", "1", "--probability", "6", "--impact", "1")


def test_list_filters_sort_and_formats(db, capsys):
    ok(capsys, "add", "Call carrier @dana #ops due:2026-11-18")
    ok(capsys, "add", "Book van #ops due:2026-11-25 +moves")
    ok(capsys, "add", "Write plan !high")
    ok(capsys, "done", "3")

    def ids(*options):
        return [d["id"] for d in json.loads(ok(capsys, "list", "actions", "--json", *options))]

    assert ids("--owner", "dana") == [1] and ids("--owner", "") == [2]
    assert ids("--waiting") == [1] and ids("--overdue") == [1]
    assert ids("--tag", "ops", "--sort=-due") == [2, 1]
    assert ids("--due-before", "2026-11-20") == [1] and ids("--due-after", "today") == [2]
    assert ids("--status", "done") == [3] and ids("--project", "moves") == [2]
    assert ids("--all", "--sort", "title") == [2, 1, 3]
    rows = list(csv.DictReader(io.StringIO(ok(capsys, "list", "action", "--format", "csv"))))
    assert [r["id"] for r in rows] == ["1", "2"] and rows[0]["tags"] == "ops"
    assert rows[0]["overdue"] == "True"
    table = ok(capsys, "list", "actions", "--format", "table").splitlines()
    assert [line.split()[0] for line in table] == ["1", "2"]  # the id first on every line
    assert "sort" in refused(capsys, db, "list", "actions", "--sort", "colour")
    refused(capsys, db, "list", "actions", "--due-before", "someday")


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("opsdesk ")


@pytest.mark.parametrize(
    "argv",
    [
        ("add", "bad \udc85 byte"),  # how Python hands over bytes that are not UTF-8
        ("edit", "action", "1", "title=\udc85x"),
        ("list", "actions", "--owner", "\udc85"),
    ],
)
def test_an_argument_that_is_not_text_is_refused_in_one_line(db, capsys, argv):
    ok(capsys, "add", "Call carrier")
    err = refused(capsys, db, *argv)
    assert "not valid text" in err and "\udc85" not in err


def test_a_data_file_path_that_is_not_utf8_is_still_used(tmp_path, capsys):
    path = tmp_path / "desk-\udc85.json"
    assert run(capsys, "--db", str(path), "add", "Call carrier")[0] == 0
    assert "Call carrier" in ok(capsys, "--db", str(path), "list", "actions")
