"""The small things around the data file: lock, temp files, read-only files, backups, odd names,
symlinked exports and private config files."""

import fcntl
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from store.config import save_setting
from store.errors import UserError
from store.ics import write_ics_atomic
from store.models import Action
from store.repository import Desk
from store.storage import Database, DataFileError
from tui.cli import main


def test_a_deleted_lock_file_is_taken_again_at_the_lock_path(tmp_path):
    path = tmp_path / "desk.json"
    first = Database(path)
    lock = Path(f"{path}.lock")
    lock.unlink()
    second = Database(path)  # makes a new lock file at the same path
    for db in (first, second):
        with db.transaction():
            assert os.fstat(db._lock_fd).st_ino == os.stat(lock).st_ino
    first.table("actions").insert({"title": "a"})
    second.table("actions").insert({"title": "b"})
    assert sorted(d["title"] for d in Database(path).table("actions").all()) == ["a", "b"]


def test_temp_clean_up_leaves_other_files_and_live_temps_alone(tmp_path):
    others = tmp_path / ".desk.json.x1y2z3w4.tmp"  # a temp of the data file desk.json
    others.write_text("theirs")
    live = tmp_path / ".desk.ab12cd34.tmp"  # another process is writing it right now
    live.write_text("live")
    orphan = tmp_path / ".desk.zz99yy88.tmp"  # left by a killed writer
    orphan.write_text("old")
    with open(live, "rb") as writer:
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX)
        Database(tmp_path / "desk")
    assert others.exists() and live.exists()
    assert not orphan.exists()


def test_a_read_only_data_file_is_refused_for_writing_and_kept(tmp_path):
    path = tmp_path / "desk.json"
    Desk(Database(path)).actions.add(Action(title="kept"))
    path.chmod(0o444)
    raw = path.read_bytes()
    desk = Desk(Database(path))
    assert [a.title for a in desk.actions.all()] == ["kept"]
    with pytest.raises(DataFileError, match="read-only"):
        desk.actions.add(Action(title="new"))
    assert path.read_bytes() == raw
    assert path.stat().st_mode & 0o777 == 0o444


def test_a_backup_failure_is_shown(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "desk.json"
    Path(f"{path}.backups").write_text("not a folder")
    desk = Desk(Database(path))
    assert desk.warnings and "backup" in desk.warnings[0]
    heard = []
    desk.on_warning(heard.append)
    assert heard == desk.warnings
    assert main(["add", "x", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "1\n" and "backup" in err and err.count("\n") == 1


def test_a_bracket_in_the_file_name_still_rotates_backups(tmp_path):
    path = tmp_path / "ops[1].json"
    folder = Path(f"{path}.backups")
    folder.mkdir()
    for days in range(1, 10):
        day = date.today() - timedelta(days=days)
        (folder / f"ops[1].{day.isoformat()}.json").write_text("{}")
    db = Database(path)
    assert db.backup_error is None
    assert len(list(folder.iterdir())) == 7


def test_an_export_never_writes_through_someone_elses_symlink(tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "cal.ics"
    link.symlink_to(victim)
    real_uid = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: real_uid + 1)  # the link is not ours now
    with pytest.raises(UserError, match="symlink"):
        write_ics_atomic(link, b"BEGIN:VCALENDAR\r\n")
    assert victim.read_text() == "precious" and link.is_symlink()
    monkeypatch.undo()
    write_ics_atomic(link, b"BEGIN:VCALENDAR\r\n")  # my own link: written through
    assert victim.read_bytes() == b"BEGIN:VCALENDAR\r\n"


def test_config_folder_and_file_are_private_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "config" / "opsdesk" / "config.toml"
        save_setting("theme", "opsdesk-light", path)
    finally:
        os.umask(old)
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_lock_file_deleted_mid_transaction_never_loses_the_other_write(tmp_path):
    path = tmp_path / "desk.json"
    first = Database(path)
    lock = Path(f"{path}.lock")
    with pytest.raises(DataFileError, match="lock"):
        with first.transaction():
            first.table("actions").insert({"title": "mine"})
            lock.unlink()  # now nothing keeps a writer that starts now out
            second = Database(path)
            second.table("actions").insert({"title": "theirs"})
    assert [d["title"] for d in Database(path).table("actions").all()] == ["theirs"]
    # with nobody writing in between, a deleted lock file costs nothing
    with first.transaction():
        first.table("actions").insert({"title": "again"})
        lock.unlink()
    assert sorted(d["title"] for d in Database(path).table("actions").all()) == ["again", "theirs"]
