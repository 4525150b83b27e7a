"""`opsdesk today` keeps its answer beside the data file and gives it again only while
nothing it was made from has changed: the data file, the capture journal, the config, the
day, the options, the settings, opsdesk's code."""

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import run
from today_run import DAY, today

from store.storage import Database
from tui.cli import today_cache
from tui.cli.today_cache import cache_path


@pytest.fixture
def desk(env, capsys) -> Path:
    assert run(capsys, *DAY, "add", "Call carrier due:2026-11-27")[0] == 0
    assert run(capsys, *DAY, "add", "Book van due:2026-12-03")[0] == 0
    return env


def plant(db: Path, text: str) -> None:
    """Replace the kept answer's text, keeping its key: what a hit prints is what was kept."""
    kept = cache_path(db)
    key = kept.read_bytes().partition(b"\n")[0].rsplit(b" ", 1)[0]
    kept.write_bytes(key + f" {len(text.encode())}+0\n".encode() + text.encode())


def test_a_repeated_today_gives_the_kept_answer(desk, capsys):
    first = today(capsys)
    assert "Overdue (1)" in first and "Call carrier" in first
    assert cache_path(desk).exists()
    assert stat.S_IMODE(cache_path(desk).stat().st_mode) == 0o600
    assert today(capsys) == first
    plant(desk, "kept answer\n")
    assert today(capsys) == "kept answer\n"  # nothing changed: not worked out again


def test_a_capture_an_edit_or_another_session_is_seen_at_once(desk, capsys):
    today(capsys)
    plant(desk, "stale\n")
    assert run(capsys, *DAY, "add", "Chase invoice due:2026-11-30")[0] == 0  # the journal
    assert "Chase invoice" in today(capsys)
    plant(desk, "stale\n")
    assert run(capsys, *DAY, "done", "1")[0] == 0  # the data file itself
    out = today(capsys)
    assert "Call carrier" not in out and "Chase invoice" in out
    plant(desk, "stale\n")
    db = Database(desk)  # another program writing the file, as the TUI does
    db.table("actions").insert({"title": "From the TUI", "status": "doing"})
    db.close()
    assert "From the TUI" in today(capsys)


def test_another_day_other_options_or_settings_work_it_out_again(desk, capsys, monkeypatch):
    text, as_json = today(capsys), today(capsys, "--json")
    plant(desk, "stale\n")  # the --json answer is the one kept now
    assert today(capsys) == text
    plant(desk, "stale\n")
    assert today(capsys, "--json") == as_json
    plant(desk, "stale\n")
    later = run(capsys, "--today", "2026-12-04", "today")[1]
    assert "Overdue (2)" in later  # the van is overdue by then
    plant(desk, "stale\n")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert run(capsys, "--today", "2026-12-04", "today")[1] == later


def test_a_config_change_works_it_out_again(desk, capsys):
    today(capsys)
    plant(desk, "stale\n")
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "opsdesk" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("archive_after_days = 7\n", encoding="utf-8")
    assert "Call carrier" in today(capsys)


def test_new_code_works_it_out_again(desk, capsys, monkeypatch, tmp_path):
    source = tmp_path / "code"
    source.mkdir()
    (source / "agenda.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(today_cache, "SOURCES", (source,))
    today(capsys)
    plant(desk, "stale\n")
    assert today(capsys) == "stale\n"
    later = time.time_ns() + 10**9
    os.utime(source / "agenda.py", ns=(later, later))  # an upgrade or an edit of opsdesk
    assert "Call carrier" in today(capsys)


@pytest.mark.parametrize("damage", ["cut", "garbage", "empty"])
def test_a_damaged_kept_answer_is_worked_out_again(desk, capsys, damage):
    first = today(capsys)
    kept = cache_path(desk)
    raw = kept.read_bytes()
    kept.write_bytes({"cut": raw[:-5], "garbage": b"\xff\xfe\x00junk", "empty": b""}[damage])
    assert today(capsys) == first
    assert kept.read_bytes() == raw  # and kept again whole


def test_no_answer_is_kept_when_the_run_warned(desk, capsys, monkeypatch):
    from store import archive

    monkeypatch.setattr(archive, "maintain", lambda desk, config, today=None: "disk full")
    code, out, err = run(capsys, *DAY, "today")
    assert code == 0 and "Call carrier" in out and "archive was not updated" in err
    assert not cache_path(desk).exists()


def test_the_kept_answer_is_what_a_fresh_process_prints(desk, capsys, tmp_path):
    """The real program, twice: the second run reads the kept answer, byte for byte."""
    env = {**os.environ, "OPSDESK_DB": str(desk)}
    argv = [sys.executable, "-m", "tui", *DAY, "today"]
    first = subprocess.run(argv, env=env, capture_output=True, check=True)
    second = subprocess.run(argv, env=env, capture_output=True, check=True)
    assert first.stdout == second.stdout and b"Call carrier" in first.stdout
    assert first.stderr == second.stderr == b""


def test_a_full_disk_keeps_no_answer_and_leaves_nothing_behind(desk, capsys, monkeypatch):
    import errno

    real_write = os.write

    def full(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".today.tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    out = today(capsys)
    assert "Call carrier" in out  # the answer itself is given
    assert sorted(p.name for p in desk.parent.iterdir() if ".today" in p.name) == []
