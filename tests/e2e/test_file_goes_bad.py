"""The real program in tmux with its data file replaced by garbage, then restored: the desk
says what is wrong, keeps running without printing the garbage, and recovers by itself."""

from __future__ import annotations

import os

GARBAGE = b"\x1b]0;owned\x07\x1b[2J GARBAGE-BYTES \x00\xff{not json"


def test_garbage_file_is_reported_then_recovered_from(terminal) -> None:
    term = terminal(100, 30)
    term.cli("demo", "-o", str(term.db))
    good = term.db.read_bytes()
    term.start_opsdesk()
    term.wait_for_text("Overdue")

    temp = term.db.with_name("garbage.tmp")
    temp.write_bytes(GARBAGE)
    os.replace(temp, term.db)  # as a bad sync tool or a careless `cp` would
    screen = term.wait_for_text("changes are refused")
    words = " ".join(screen.split())  # the message wraps
    assert f"cannot use {term.db}: not valid JSON" in words, screen
    assert "GARBAGE-BYTES" not in screen and "Traceback" not in screen
    assert term.flag("alternate_on") == "1"  # still running
    assert "Overdue" in screen  # the last good state is still shown

    temp.write_bytes(good)
    os.replace(temp, term.db)
    term.wait_for(lambda s: "changes are refused" not in s, "the message to go")
    assert "good again" in term.wait_for_text("good again")
    term.press("q")
    screen = term.back_at_prompt()
    assert "Traceback" not in screen
