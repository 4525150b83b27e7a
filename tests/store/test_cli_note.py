"""`opsdesk note`: the body from stdin when it is not a terminal, else from $EDITOR; action
lines become linked actions and their ids are printed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.notes import TEMPLATE
from store.repository import open_desk
from tui import cli
from tui.editor import edit_in_editor

ROOT = Path(__file__).resolve().parents[2]
BODY = "Decision: ship on Friday\n- [ ] Call carrier @dana due:2026-12-01\n- [ ] Book van +moves\n"


class TerminalInput(io.StringIO):
    """What stdin looks like when a person runs the command at a prompt."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def own_config(tmp_path, monkeypatch) -> None:
    """No settings from the machine running the tests (auto-export, a default data file)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("OPSDESK_DB", raising=False)


@pytest.fixture
def data_file(tmp_path) -> Path:
    return tmp_path / "d.json"


@pytest.fixture
def editor(tmp_path, monkeypatch) -> Path:
    """$EDITOR: replaces the template it is given with $BODY_FILE's text, and keeps a copy
    of what it was handed in `seen.md`."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, shutil, sys\n"
        "shutil.copy(sys.argv[1], os.path.join(os.path.dirname(sys.argv[0]), 'seen.md'))\n"
        "with open(os.environ['BODY_FILE'], encoding='utf-8') as src:\n"
        "    text = src.read()\n"
        "with open(sys.argv[1], 'w', encoding='utf-8') as f:\n"
        "    f.write(text)\n",
        encoding="utf-8",
    )
    body = tmp_path / "body.md"
    body.write_text(BODY, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("BODY_FILE", str(body))
    return script


def printed_ids(out: str) -> tuple[int, list[int]]:
    lines = out.split()
    assert lines[0] == "note"
    return int(lines[1]), [int(x) for x in lines[2:]]


def test_body_from_piped_stdin(data_file, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(BODY))
    code = cli.main(
        ["--db", str(data_file), "note", "Ops sync", "--attendees", "ann, bo", "--project", "p"]
    )
    assert code == 0
    note_id, action_ids = printed_ids(capsys.readouterr().out)
    desk = open_desk(data_file)
    note = desk.notes.get(note_id)
    assert (note.title, note.attendees, note.project) == ("Ops sync", ["ann", "bo"], "p")
    assert note.decisions == ["ship on Friday"]
    assert note.action_ids == action_ids and len(action_ids) == 2
    carrier, van = (desk.actions.get(i) for i in action_ids)
    assert (carrier.title, carrier.owner, carrier.note_id, str(carrier.due)) == (
        "Call carrier",
        "dana",
        note_id,
        "2026-12-01",
    )
    assert (van.title, van.project) == ("Book van", "moves")  # +project wins over --project


def test_a_note_starts_now_on_the_day_today_says(data_file, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Decision: go\n"))
    code = cli.main(["--db", str(data_file), "--today", "2026-11-20", "note", "Ops sync"])
    assert code == 0, capsys.readouterr().err
    note_id, _ = printed_ids(capsys.readouterr().out)
    start = open_desk(data_file).notes.get(note_id).start
    assert start.date().isoformat() == "2026-11-20" and start.second == 0


def test_a_terminal_opens_editor_on_the_template(data_file, editor, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", TerminalInput(""))
    assert cli.main(["note", "Weekly", "--db", str(data_file)]) == 0
    note_id, action_ids = printed_ids(capsys.readouterr().out)
    assert (editor.parent / "seen.md").read_text(encoding="utf-8") == TEMPLATE
    note = open_desk(data_file).notes.get(note_id)
    assert note.body == BODY and len(action_ids) == 2


def test_visual_wins_over_editor(tmp_path, editor, monkeypatch) -> None:
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    assert edit_in_editor("start\n") == BODY


def test_an_editor_that_fails_saves_nothing(data_file, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", TerminalInput(""))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    assert cli.main(["--db", str(data_file), "note", "Weekly"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exited with 3" in err and "nothing saved" in err
    assert open_desk(data_file).notes.all() == []


def test_a_missing_editor_is_one_clear_line(data_file, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", TerminalInput(""))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    assert cli.main(["--db", str(data_file), "note", "Weekly"]) == 2
    assert "cannot run editor" in capsys.readouterr().err


def test_a_bad_action_line_is_named_and_nothing_is_stored(data_file, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("intro\n- [ ] Call vendor due:notadate\n"))
    assert cli.main(["--db", str(data_file), "note", "Weekly"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opsdesk: line 2:") and "notadate" in err
    desk = open_desk(data_file)
    assert desk.notes.all() == [] and desk.actions.all() == []


def test_the_real_program_with_a_pipe(data_file) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tui", "note", "Piped", "--db", str(data_file), "--project", "ops"],
        input=BODY,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    note_id, action_ids = printed_ids(run.stdout)
    listing = subprocess.run(
        [sys.executable, "-m", "tui", "list", "actions", "--json", "--db", str(data_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    linked = {a["id"]: a for a in json.loads(listing.stdout) if a["note_id"] == note_id}
    assert sorted(linked) == sorted(action_ids)
    assert {a["title"] for a in linked.values()} == {"Call carrier", "Book van"}
