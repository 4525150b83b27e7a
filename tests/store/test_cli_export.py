"""`opsdesk export ics` and `opsdesk milestone move`: files, stdout, filters, recorded moves,
and bad input refused without changing anything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from tui.cli import main

OPSDESK = str(Path(sys.executable).parent / "opsdesk")


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """A data file with two projects' milestones and two dated actions; no config file."""
    path = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for argv in (
        ["milestone", "add", "Racking installed", "--date", "2099-03-02", "--project", "wh"],
        ["milestone", "add", "Go-live weekend", "--date", "2099-04-11", "--project", "cut"],
        ["add", "Book forklift training +wh due:2099-02-20"],
        ["add", "Rehearsal debrief +cut due:2099-03-20"],
        ["add", "Undated idea +wh"],
    ):
        assert main(argv) == 0
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse's usage errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def run_bytes(capsysbinary, *argv: str) -> tuple[int, bytes, bytes]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err


def summaries(data: bytes) -> list[str]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return sorted(event.summary for event in calendar.events)


def test_export_to_a_file_and_to_stdout_give_the_same_calendar(db, tmp_path, capsysbinary):
    capsysbinary.readouterr()
    target = tmp_path / "out" / "cal.ics"
    target.parent.mkdir()
    assert run_bytes(capsysbinary, "export", "ics", "-o", str(target)) == (0, b"", b"")
    data = target.read_bytes()
    assert summaries(data) == ["Go-live weekend", "Racking installed"]
    assert target.stat().st_mode & 0o777 == 0o600
    code, out, err = run_bytes(capsysbinary, "export", "ics")
    assert (code, err) == (0, b"")
    assert out == data  # nothing changed in between: byte for byte the same
    assert run_bytes(capsysbinary, "export", "ics", "-o", "-")[1] == data
    # An independent parser reads the same events, all-day with an exclusive end.
    parsed = vobject.readOne(data.decode("utf-8"))
    racking = next(e for e in parsed.vevent_list if e.summary.value == "Racking installed")
    assert str(racking.dtstart.value) == "2099-03-02"
    assert str(racking.dtend.value) == "2099-03-03"


def test_actions_only_when_asked_and_project_filter(db, capsysbinary):
    capsysbinary.readouterr()
    with_actions = run_bytes(capsysbinary, "export", "ics", "--actions")[1]
    assert summaries(with_actions) == [
        "Book forklift training",
        "Go-live weekend",
        "Racking installed",
        "Rehearsal debrief",
    ]
    warehouse = run_bytes(capsysbinary, "export", "ics", "--actions", "--project", "wh")[1]
    assert summaries(warehouse) == ["Book forklift training", "Racking installed"]
    only_cut = run_bytes(capsysbinary, "export", "ics", "--project", "cut")[1]
    assert summaries(only_cut) == ["Go-live weekend"]
    nothing = run_bytes(capsysbinary, "export", "ics", "--project", "none")[1]
    assert nothing.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" not in nothing


def test_move_with_reason_is_recorded_and_listed(db, capsys):
    capsys.readouterr()
    code, out, err = run(capsys, "milestone", "move", "1", "2099-03-09", "--reason", "late steel")
    assert (code, err) == (0, "")
    assert out == "moved: 1 Racking installed to 2099-03-09 (slip +7d)\n"
    [racking] = json.loads(run(capsys, "list", "milestones", "--json", "--project", "wh")[1])
    assert (racking["baseline"], racking["forecast"]) == ("2099-03-02", "2099-03-09")
    assert [(m["from"], m["to"], m["reason"]) for m in racking["moves"]] == [
        ("2099-03-02", "2099-03-09", "late steel")
    ]
    assert racking["sequence"] == 1  # calendars see a changed event
    listing = run(capsys, "list", "milestones")[1].splitlines()
    assert listing[0] == (
        "   1 2099-03-09 Racking installed +wh  baseline 2099-03-02  slip +7d  [slipped]"
    )
    assert listing[1].endswith("baseline 2099-04-11  slip +0d  [on track]")
    # The export shows the new date.
    run(capsys, "export", "ics", "-o", str(db.parent / "cal.ics"))
    assert b"DTSTART;VALUE=DATE:20990309" in (db.parent / "cal.ics").read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["milestone", "move", "1", "someday"], "someday"),
        (["milestone", "move", "1", "2099-02-30"], "2099-02-30"),
        (["milestone", "move", "99", "2099-03-09"], "no milestone with id 99"),
        (["milestone", "move", "x", "2099-03-09"], "invalid int value"),
    ],
)
def test_bad_move_is_one_line_exit_2_and_changes_nothing(db, capsys, argv, message):
    capsys.readouterr()
    before = db.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("opsdesk: ") and message in err
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_export_to_an_unwritable_place_is_one_line_exit_2(db, tmp_path, capsys):
    capsys.readouterr()
    code, _, err = run(capsys, "export", "ics", "-o", str(tmp_path / "missing" / "cal.ics"))
    assert code == 2
    assert err.count("\n") == 1 and "cannot write" in err


def test_installed_program_exports_to_stdout(db, tmp_path, capsysbinary):
    capsysbinary.readouterr()
    in_process = run_bytes(capsysbinary, "export", "ics", "--actions")[1]
    result = subprocess.run(
        [OPSDESK, "--db", str(db), "export", "ics", "--actions"],
        capture_output=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == in_process
    assert b"\r\n" in result.stdout and b"\n" not in result.stdout.replace(b"\r\n", b"")
