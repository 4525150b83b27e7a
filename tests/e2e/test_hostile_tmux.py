"""The hostile-text corpus (tests/hostile.py), stored by the command line, shown in a real
terminal: every CLI listing printed in the tmux pane, then every view of the TUI at 80x24
and 160x48. The terminal is the judge: tmux keeps any OSC 52 it is sent as a paste buffer
and any OSC 0 as the pane title, and the raw bytes the program wrote are read back (tmux
pipe-pane), so an escape sequence that reached the terminal cannot go unseen."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import HOSTILE

OPSDESK = Path(sys.executable).parent / "opsdesk"

# The raw forms of the corpus' sequences: none of them may reach the terminal.
RAW = (
    b"\x1b]52;c;cHduZWQ=",
    b"\x1b]0;owned",
    b"\x1b[2J\x1b[H screen",
    b"\xc2\x9b2J",
    b"\xc2\x9d52;",
    b"Ring \x07",
    b"\xe2\x80\xae",  # U+202E, the right-to-left override
)
SHOWN = "␛]52;c;cHduZWQ=␇"  # how the OSC 52 text shows instead


def fill(term) -> None:
    """One record of every kind per hostile string, stored by the command line."""
    for name, text in HOSTILE.items():
        text = text.replace("\x00", "")  # a command's arguments cannot hold a NUL
        term.cli("add", text, "due:today")
        term.cli("milestone", "add", text, "--date", "2026-11-27")
        term.cli("risk", "add", text, "--probability", "3", "--impact", "4", "--owner", text,
                 "--mitigation", text)  # fmt: skip
        term.cli(
            "note", text, "--attendees", f"{text},dana", stdin=f"Decision: {text}\n- [ ] {text}\n"
        )
        if name == "osc52":
            term.cli("add", "Chase invoice", f"@{text.split()[1]}", "due:today")


def watch(term, tmp_path: Path) -> Callable[[], None]:
    """Start keeping what reaches the terminal; the returned check fails on any of RAW."""
    raw = tmp_path / f"raw-{time.monotonic_ns()}"
    term.run("set-option", "-g", "set-clipboard", "on")
    term.run("pipe-pane", "-o", "-t", "e2e", f"cat >> {raw}")

    def check() -> None:
        written = raw.read_bytes() if raw.exists() else b""
        assert written, "pipe-pane saw no output"
        leaked = [sequence for sequence in RAW if sequence in written]
        assert leaked == [], f"reached the terminal: {leaked}"
        assert term.run("list-buffers") == "", "an OSC 52 set the clipboard"
        assert "owned" not in term.flag("pane_title"), "an OSC 0 retitled the window"

    return check


def test_every_cli_listing_shows_the_corpus_in_the_terminal_safely(terminal, tmp_path) -> None:
    term = terminal(160, 48)
    fill(term)
    check = watch(term, tmp_path)
    commands = [
        "today",
        *(f"list {kind} --all" for kind in ("actions", "milestones", "risks", "notes")),
        "list actions --format csv",
        "show action 6",
        "show risk 6",
        "show note 6",
        "people",
        "search Pay",
        "report --format text",
        "risk review 6",
        "done 6",
        "undo",
    ]
    for command in commands:
        term.command(f"{OPSDESK} --today 2026-11-20 {command}; echo done-{len(command)}")
        term.wait_for_text(f"done-{len(command)}\n")
    term.wait_for_text(SHOWN)
    time.sleep(0.2)  # pipe-pane writes behind the screen
    check()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_every_tui_view_shows_the_corpus_without_driving_the_terminal(
    terminal, tmp_path, size
) -> None:
    term = terminal(*size)
    fill(term)
    check = watch(term, tmp_path)
    term.start_opsdesk("--today", "2026-11-20")
    term.wait_for_text(SHOWN)

    def walk(*keys: str) -> None:
        for key in keys:
            term.press(key)
        time.sleep(0.1)

    for pane in "1234":
        term.press(pane)
        walk(*["j"] * (len(HOSTILE) + 2))
    term.press("3")
    term.press("g")
    term.press("Enter")  # the risk's detail
    term.wait_for_text("Mitigation")
    term.press("e")  # its edit form, over the detail
    screen = term.wait_for_text("Edit risk")
    assert "[Q3]" in screen or "[/]" in screen  # the first risk: markup shows literally
    term.press("Escape")
    term.wait_for(lambda s: "Edit risk" not in s, "the form to close")
    term.press("Escape")
    term.wait_for(lambda s: "Risk 1 " not in s, "the detail to close")

    term.press("4")
    term.type("/Pay")
    term.press("Enter")
    term.press("Enter")  # the note reader
    term.wait_for(lambda s: "1 decision" in s and SHOWN in s, "the note reader")
    term.press("e")  # the note editor: title and attendees shown, not acted on
    screen = term.wait_for_text("Edit note")
    assert f"Title         Pay {SHOWN} invoice" in screen
    term.press("Escape")
    term.wait_for(lambda s: "Edit note" not in s, "the editor to close")
    term.press("Escape")
    term.wait_for_text("4 Notes")

    term.press("d")  # the notification quotes the title
    term.wait_for_text("Deleted note")
    term.press("u")
    term.wait_for_text("Undone")
    for key, text in (("?", "Keys"), ("o", "People"), ("s", "Search everything")):
        term.press(key)
        term.wait_for_text(text)
        if key == "s":
            term.type("Pay")
            term.wait_for_text("found")
        term.press("Escape")
        term.wait_for(lambda s, text=text: text not in s, f"{text} to close")
    term.press("C-p")
    term.type("screenshot")
    term.wait_for_text("Save screenshot")
    term.press("Escape")
    term.wait_for(lambda s: "Save screenshot" not in s, "the palette to close")
    term.press("q")
    term.back_at_prompt()
    check()
