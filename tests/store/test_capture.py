"""`opsdesk add` and `opsdesk note` go through the journal once it is started: the same
records as a normal write, ids never given twice, and every reader sees them at once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store.journal import journal_path
from store.repository import Desk
from store.storage import Database
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return path


def journal_records(path: Path) -> int:
    return len(journal_path(path).read_bytes().splitlines()) - 1  # less the header


def test_the_second_add_appends_to_the_journal(db: Path, capsys) -> None:
    assert main(["add", "First", "+warehouse"]) == 0
    assert journal_records(db) == 0  # the first writes the file and starts the journal
    before = db.read_bytes()
    running = Desk(Database(db))  # a TUI that has the file open
    assert main(["add", "Second", "+warehouse", "@bob", "due:2026-12-04"]) == 0
    assert main(["add", "Third", "+vendor"]) == 0
    assert capsys.readouterr().out == "1\n2\n3\n"
    assert db.read_bytes() == before and journal_records(db) == 2
    assert running.db.changed_on_disk()
    second = running.actions.get(2)
    assert (second.title, second.owner, second.status, str(second.due)) == (
        "Second",
        "bob",
        "waiting",
        "2026-12-04",
    )
    names = sorted(p.name for p in running.projects.all())
    assert names == ["vendor", "warehouse"]  # +warehouse again made no second project
    running.db.close()


def test_add_folds_a_long_journal_into_the_file(db: Path, capsys, monkeypatch) -> None:
    from store import journal

    monkeypatch.setattr(journal, "FOLD_AFTER", 2)
    for title in ("First", "Second", "Third", "Fourth"):
        assert main(["add", title]) == 0
    assert capsys.readouterr().out == "1\n2\n3\n4\n"
    assert journal_records(db) == 0  # the fourth wrote the file, with the two before it
    assert sorted(Database(db).documents("actions")) == ["1", "2", "3", "4"]


def test_a_captured_note_makes_its_actions(db: Path, capsys, monkeypatch) -> None:
    main(["add", "start the journal"])
    body = "Agreed.\n- [ ] Book room @gus +cutover\nDecision: go on the 12th\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(body))
    assert main(["note", "Cut-over weekly", "--project", "cutover"]) == 0
    assert capsys.readouterr().out == "1\nnote 1\n2\n"
    assert journal_records(db) == 1
    desk = Desk(Database(db))
    note = desk.notes.get(1)
    assert note.action_ids == [2] and note.decisions == ["go on the 12th"]
    assert desk.actions.get(2).note_id == 1
    desk.db.close()


def test_a_bad_capture_changes_nothing(db: Path, capsys) -> None:
    main(["add", "start the journal"])
    before = journal_path(db).read_bytes()
    assert main(["add", "Bad", "due:notadate"]) == 2
    assert "opsdesk:" in capsys.readouterr().err
    assert journal_path(db).read_bytes() == before


def test_as_a_program_the_output_arrives_and_the_record_is_stored(db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for expected in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--db", str(db), "add", "Call", "vendor"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, f"{expected}\n", "")
    desk = Desk(Database(db))
    assert [a.title for a in desk.actions.all()] == ["Call vendor", "Call vendor"]
    desk.db.close()


def test_commands_move_old_closed_records_after_they_succeed(db: Path, capsys) -> None:
    from datetime import UTC, datetime

    from store.archive import archive_path
    from store.models import Action

    desk = Desk(Database(db))
    old = desk.actions.add(Action(title="finished long ago"))
    desk.actions.update(
        desk.actions.get(old.id).copy(status="done", done_at=datetime(2020, 1, 1, tzinfo=UTC))
    )
    desk.db.close()
    assert main(["done", "99"]) == 2  # a failed command changes nothing, archive pass included
    assert not archive_path(db).exists()
    assert main(["today"]) == 0
    capsys.readouterr()
    assert archive_path(db).exists()
    desk = Desk(Database(db))
    assert [a.title for a in desk.actions.archived()] == ["finished long ago"]
    assert desk.actions.all() == []
    desk.db.close()
