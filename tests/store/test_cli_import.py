"""`opsdesk import ics FILE|-`: invitations become meeting notes from a file or stdin, a
window expands repeating meetings, and a bad file is one line on stderr with exit 2."""

from __future__ import annotations

import io
import json
import sys

import pytest

from tui.cli import main

WEEKLY = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:weekly@example.com\r\nDTSTAMP:20260101T080000Z\r\n"
    b"DTSTART:20260302T140000Z\r\nDTEND:20260302T143000Z\r\n"
    b"RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Vendor sync\r\n"
    b"ORGANIZER;CN=Bob Stone:mailto:bob@example.com\r\n"
    b"ATTENDEE;CN=Alice Bond;ROLE=REQ-PARTICIPANT:mailto:alice@example.com\r\n"
    b"DESCRIPTION:Bring the PO numbers\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSDESK_DB", str(tmp_path / "desk.json"))
    (tmp_path / "config" / "opsdesk").mkdir(parents=True)
    (tmp_path / "config" / "opsdesk" / "config.toml").write_text('timezone = "UTC"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def notes(capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["list", "notes", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_a_file_twice_gives_one_note(env, capsys) -> None:
    invite = env / "invite.ics"
    invite.write_bytes(WEEKLY)
    assert main(["import", "ics", str(invite)]) == 0
    assert capsys.readouterr().out == "1 meeting read: 1 new, 0 updated, 0 unchanged\n"
    assert main(["import", "ics", str(invite)]) == 0
    assert capsys.readouterr().out == "1 meeting read: 0 new, 0 updated, 1 unchanged\n"
    (note,) = notes(capsys)
    assert (note["title"], note["start"]) == ("Vendor sync", "2026-03-02T14:00:00")
    assert note["attendees"] == ["Alice Bond"]
    assert note["body"].startswith("Bring the PO numbers\n\nOrganizer: Bob Stone <bob@")
    assert note["uid"] == "weekly@example.com/20260302T140000Z"  # a series: by occurrence


def test_import_from_stdin_with_a_window(env, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WEEKLY)))
    argv = ["import", "ics", "-", "--from", "2026-03-05", "--to", "2026-03-31"]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("4 meetings read: 4 new")
    starts = sorted(note["start"][:10] for note in notes(capsys))
    assert starts == ["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"not a calendar\n", "is not a readable iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no events"),
    ],
    ids=["missing", "garbage", "no events"],
)
def test_a_bad_file_is_one_line_exit_2_and_stores_nothing(env, capsys, content, message):
    invite = env / "bad.ics"
    if content is not None:
        invite.write_bytes(content)
    good = env / "good.ics"
    good.write_bytes(WEEKLY)
    assert main(["import", "ics", str(good)]) == 0
    before = notes(capsys)
    assert main(["import", "ics", str(invite)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert notes(capsys) == before


def test_a_window_ending_before_it_starts_is_refused(env, capsys) -> None:
    invite = env / "invite.ics"
    invite.write_bytes(WEEKLY)
    assert main(["import", "ics", str(invite), "--from", "2026-03-10", "--to", "2026-03-01"]) == 2
    assert "before" in capsys.readouterr().err
