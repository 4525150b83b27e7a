"""A capture (`opsdesk add`, `opsdesk note`) brings the kept `today` answer up to date itself,
so `today` right after one gives its kept answer: the one it would work out from the file."""

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from cli_run import run
from today_run import DAY, kept, today, worked_out

from store.capture import quick_add
from tui.cli import today_cache
from tui.cli.today_cache import cache_path

# Every section an add can reach, ties with earlier records, timed dues, the last section,
# lines that show nowhere, and titles holding markup and escape sequences.
ADDS = (
    "Chase carrier due:2026-11-28 !high",
    "Ring Bob due:today",
    "Second tie due:2026-11-28 !high",
    "Book hall due:2026-12-05",
    "Morning slot due:2026-12-05 09:30",
    "Evening slot due:2026-12-05 17:00 !high",
    "Ask about PO @carol",
    "Ask again @dave due:2026-12-03 !low",
    "Much later due:2027-03-01",
    "No date at all",
    "[b]bold[/b] \x1b[31mred due:2026-12-02 +hall #ops",
    "Weekly report due:2026-12-04 every:fri",
    "Next Tuesday due:2026-12-08",
    "Overdue low due:2026-11-01 !low",
)


@pytest.fixture
def desk(env, capsys):
    assert run(capsys, *DAY, "add", "Call carrier due:2026-11-27")[0] == 0
    assert run(capsys, *DAY, "add", "Book van due:2026-12-03")[0] == 0
    return env


def test_each_add_keeps_the_answer_today_would_work_out(desk, capsys, monkeypatch):
    today(capsys)
    for line in ADDS:
        assert run(capsys, *DAY, "add", line)[0] == 0
        assert kept(capsys, monkeypatch) == worked_out(capsys, desk), line
    out = today(capsys)
    assert "Overdue (4)" in out and "Waiting for (2)" in out and "every fri" in out
    assert "\x1b" not in out and "[b]bold[/b]" in out


def test_an_add_into_an_empty_desk_section_and_a_note_with_actions(desk, capsys, monkeypatch):
    assert "Waiting for" not in today(capsys)
    assert run(capsys, *DAY, "add", "Ask about PO @carol")[0] == 0
    assert "Waiting for (1)" in kept(capsys, monkeypatch)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Agreed\n- [ ] Send minutes due:today\n"))
    code, out, _ = run(capsys, *DAY, "note", "Weekly sync")
    assert code == 0 and out.startswith("note ")
    assert "Send minutes" in kept(capsys, monkeypatch)
    assert kept(capsys, monkeypatch) == worked_out(capsys, desk)


def test_a_json_answer_is_worked_out_again(desk, capsys, monkeypatch):
    today(capsys, "--json")
    assert run(capsys, *DAY, "add", "Ring Bob due:today")[0] == 0
    with pytest.raises(AssertionError, match="worked the agenda out"):
        kept(capsys, monkeypatch, "--json")
    assert "Ring Bob" in today(capsys, "--json")


def test_an_add_under_other_settings_leaves_the_answer_to_be_worked_out(desk, capsys, monkeypatch):
    first = today(capsys)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert run(capsys, *DAY, "add", "Ring Bob due:today")[0] == 0
    monkeypatch.delenv("TZ")
    with pytest.raises(AssertionError, match="worked the agenda out"):
        kept(capsys, monkeypatch)
    assert today(capsys) != first and "Ring Bob" in today(capsys)


def test_an_add_whose_answer_cannot_be_brought_up_to_date_still_adds(desk, capsys, monkeypatch):
    today(capsys)

    def broken(*args):
        raise AttributeError("something unforeseen")

    monkeypatch.setattr(today_cache, "_put", broken)
    code, out, err = run(capsys, *DAY, "add", "Ring Bob due:today")
    assert code == 0 and out.strip().isdigit() and err == ""
    assert "Ring Bob" in today(capsys)  # worked out again: the kept answer is out of date


def test_a_capture_the_answer_did_not_see_is_never_hidden(desk, capsys, monkeypatch):
    """A capture by a program that does not bring the answer up to date, then one that
    does: the second finds an answer older than the journal and leaves it alone."""
    today(capsys)
    quick_add(desk, "Unseen capture due:today", lambda: None, today=date(2026, 12, 1))
    assert run(capsys, *DAY, "add", "Seen capture due:today")[0] == 0
    out = today(capsys)
    assert "Unseen capture" in out and "Seen capture" in out and "Due today (2)" in out


def test_an_add_after_an_edit_of_the_file_leaves_the_answer_to_be_worked_out(
    desk, capsys, monkeypatch
):
    today(capsys)
    assert run(capsys, *DAY, "done", "1")[0] == 0  # a full write: the kept answer is old
    assert run(capsys, *DAY, "add", "Ring Bob due:today")[0] == 0
    out = today(capsys)
    assert "Call carrier" not in out and "Ring Bob" in out


def test_a_real_add_then_today_print_what_a_fresh_run_prints(desk, capsys):
    env = {**os.environ, "OPSDESK_DB": str(desk)}
    opsdesk = [sys.executable, "-m", "tui", *DAY]
    subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    subprocess.run([*opsdesk, "add", "Ring Bob due:today"], env=env, check=True)
    after = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    cache_path(desk).unlink()
    fresh = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    assert after.stdout == fresh.stdout and b"Ring Bob" in after.stdout
    assert after.stderr == b""


def test_parallel_adds_and_todays_end_on_the_answer_worked_out(desk, capsys, tmp_path):
    """Two shells adding while a third runs `today` over and over: whatever the kept
    answer went through, the last `today` prints what working it out prints."""
    env = {**os.environ, "OPSDESK_DB": str(desk)}
    opsdesk = [sys.executable, "-m", "tui", *DAY]
    script = tmp_path / "adds.sh"
    add = f'{" ".join(opsdesk)} add "Shell $1 call $n due:2026-12-0$((n % 8 + 1))"'
    script.write_text(f"for n in $(seq 15); do {add} || exit 1; done\n")
    adders = [subprocess.Popen(["sh", str(script), str(n)], env=env) for n in (1, 2)]
    while any(adder.poll() is None for adder in adders):
        subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True)
    assert [adder.returncode for adder in adders] == [0, 0]
    last = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True).stdout
    cache_path(desk).unlink()
    fresh = subprocess.run([*opsdesk, "today"], env=env, capture_output=True, check=True).stdout
    assert last == fresh and fresh.count(b"Shell ") == 30
