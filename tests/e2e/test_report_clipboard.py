"""`y` in the report screen sends the report to the clipboard as an OSC 52 sequence: read
from the raw bytes the program wrote (tmux pipe-pane) and from tmux's own paste buffer."""

from __future__ import annotations

import base64
import re
import time

import pytest

OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


def test_y_in_the_report_emits_osc52_holding_the_report(terminal, tmp_path) -> None:
    term = terminal(100, 30)
    term.cli("demo", "-o", str(term.db))
    expected = term.cli("report")
    raw = tmp_path / "raw-output"
    term.run("set-option", "-g", "set-clipboard", "on")
    term.start_opsdesk()
    term.run("pipe-pane", "-o", "-t", "e2e", f"cat >> {raw}")
    term.press("r")
    term.wait_for_text("all active projects")
    term.press("y")
    term.wait_for_text("Report copied")
    deadline = time.monotonic() + 10
    while not (raw.exists() and OSC52.search(raw.read_bytes())):
        if time.monotonic() > deadline:
            pytest.fail("no OSC 52 sequence in the program's output")
        time.sleep(0.05)
    payload = OSC52.search(raw.read_bytes()).group(1)
    assert base64.b64decode(payload).decode("utf-8") == expected
    assert term.run("show-buffer") == expected  # tmux took it as the clipboard too
    term.press("escape")
    term.wait_for_text("1 Today")  # back on the desk (an Esc and q together read as alt+q)
    term.press("q")
    term.back_at_prompt()
