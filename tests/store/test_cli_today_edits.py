"""A command that writes the data file (done, edit, delete, undo, risk and milestone verbs)
brings the kept `today` answer up to date with the records it wrote, so `today` right after
it gives its kept answer: the one it would work out from the file."""

import os
import subprocess
import sys
from datetime import date

import pytest
from cli_run import run
from today_run import DAY, kept, today, worked_out

from store.models import Action
from store.repository import Desk
from store.storage import Database
from tui.cli.today_cache import cache_path, take_commits

# Each touches records Today shows, or moves one in or out of a section, or sorts it anew.
EDITS = (
    ("done", "3"),
    ("reopen", "3"),
    ("edit", "action", "6", "due:2026-12-01"),
    ("edit", "action", "7", "!high"),
    ("edit", "action", "4", "@zoe"),
    ("edit", "action", "5", "title=[b]Renamed[/b] \x1b[31m"),
    ("edit", "action", "9", "due:2027-02-01"),
    ("edit", "action", "10", "due:2026-12-03 09:30"),
    ("delete", "action", "8"),
    ("undo",),
    ("risk", "review", "1"),
    ("risk", "rescore", "3", "--probability", "5", "--impact", "5"),
    ("edit", "risk", "3", "review=2026-11-30"),
    ("risk", "close", "2"),
    ("milestone", "move", "7", "2026-12-02"),
    ("milestone", "done", "4"),
    ("milestone", "reopen", "4"),
    ("add", "Fresh capture due:today !high"),
    ("done", "1"),
    ("edit", "action", "12", "status=doing"),
    ("project", "close", "vendor", "--yes"),  # its records move to the archive
    ("undo",),
)


@pytest.fixture
def desk(env, capsys):
    assert run(capsys, *DAY, "demo", "-o", str(env))[0] == 0
    # The day's first capture takes the slow way and starts the journal (store/journal.py).
    assert run(capsys, *DAY, "add", "First capture of the day")[0] == 0
    return env


def test_each_edit_keeps_the_answer_today_would_work_out(desk, capsys, monkeypatch):
    first = today(capsys)
    for edit in EDITS:
        code, _, err = run(capsys, *DAY, *edit)
        assert code == 0, (edit, err)
        assert kept(capsys, monkeypatch) == worked_out(capsys, desk), edit
    out = today(capsys)
    assert out != first and "[b]Renamed[/b] ␛[31m" in out and "\x1b" not in out
    assert "Dress rehearsal" in out and "Fresh capture" in out


def test_a_write_by_another_program_in_between_is_never_hidden(desk, capsys, monkeypatch):
    today(capsys)
    db = Database(desk)  # the TUI, say: it does not bring the kept answer up to date
    db.table("actions").insert({"title": "From the TUI", "status": "doing"})
    db.close()
    assert run(capsys, *DAY, "done", "3")[0] == 0
    out = today(capsys)
    assert "From the TUI" in out and out == worked_out(capsys, desk)


def test_a_command_on_another_day_leaves_the_answer_to_be_worked_out(desk, capsys, monkeypatch):
    today(capsys)
    assert run(capsys, "--today", "2026-12-05", "done", "3")[0] == 0  # due then: not kept's day
    out = today(capsys)  # the kept answer is for the 1st: it was brought up to date for it
    assert out == worked_out(capsys, desk)


def test_a_write_by_another_program_between_two_writes_is_never_hidden(desk, capsys):
    """One command writing twice with another program's write in between: what it wrote
    does not make the kept answer stand for a file it has not seen."""
    today(capsys)
    mine = Desk(Database(desk))
    mine.db.commits = []
    mine.actions.add(Action(title="Mine first", due=date(2026, 12, 1)))
    other = Desk(Database(desk))
    other.actions.add(Action(title="Another program's", due=date(2026, 12, 1)))
    other.db.close()
    mine.actions.add(Action(title="Mine again", due=date(2026, 12, 1)))
    take_commits(mine.db, desk)
    mine.db.close()
    out = today(capsys)
    assert "Another program's" in out and "Mine again" in out
    assert out == worked_out(capsys, desk)


def test_a_real_done_then_today_print_what_a_fresh_run_prints(desk):
    env = {**os.environ, "OPSDESK_DB": str(desk)}
    opsdesk = [sys.executable, "-m", "tui", *DAY]
    subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    before = cache_path(desk).read_bytes()
    subprocess.run([*opsdesk, "done", "3"], env=env, capture_output=True, check=True)
    assert cache_path(desk).read_bytes() != before  # brought up to date by `done`
    after = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    cache_path(desk).unlink()
    fresh = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    assert after.stdout == fresh.stdout and b"Review cut-over runbook" not in after.stdout


def test_dues_at_one_instant_in_two_zones_keep_their_own_times(desk):
    """Another program may store dues with a UTC offset: two that name the same instant
    each show their own time of day, in a kept answer as in a worked-out one."""
    db = Database(desk)
    db.table("actions").update({"due": "2026-12-03T00:30:00+00:00"}, doc_ids=[4])
    db.table("actions").update({"due": "2026-12-02T19:30:00-05:00"}, doc_ids=[8])
    db.close()
    env = {**os.environ, "OPSDESK_DB": str(desk)}
    opsdesk = [sys.executable, "-m", "tui", *DAY]
    subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    subprocess.run(
        [*opsdesk, "edit", "action", "4", "!high"], env=env, capture_output=True, check=True
    )
    after = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    cache_path(desk).unlink()
    fresh = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    assert after.stdout == fresh.stdout and b"due Thu 3 Dec 00:30" in fresh.stdout
