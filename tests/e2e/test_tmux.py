"""The installed opsdesk in a real terminal (tmux): capture an action with the keyboard,
see it on screen and in the data file, quit; the four panes on a wide terminal; and the
colours a 16-colour terminal (TERM=xterm) gets."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OPSDESK = Path(sys.executable).parent / "opsdesk"


def test_add_an_action_with_the_keyboard_at_80x24(terminal) -> None:
    term = terminal(80, 24)
    term.start_opsdesk()
    screen = term.wait_for_text("Nothing due")
    assert "a Add" in screen and "q Quit" in screen

    term.press("a")
    term.wait_for_text("Enter saves")
    term.type("Call the carrier +warehouse !high due:today")
    term.wait_for_text("→ Call the carrier · +warehouse · !high · due today")
    term.press("Enter")
    # The row in the Today pane: priority, title, project, due date and the id column.
    row = re.compile(r"│ H Call the carrier\s+warehouse\s+today\s+1\s+│")
    term.wait_for(lambda screen: row.search(screen), "the new row in Today")
    assert "Due today (1)" in term.screen()

    actions = json.loads(term.cli("list", "actions", "--json"))
    assert [(a["title"], a["project"], a["priority"]) for a in actions] == [
        ("Call the carrier", "warehouse", 1)
    ]

    term.press("q")
    term.back_at_prompt()
    assert json.loads(term.db.read_text(encoding="utf-8"))["actions"]


def test_four_panes_side_by_side_at_160x48(terminal) -> None:
    term = terminal(160, 48)
    term.cli("demo", "-o", str(term.db))
    term.start_opsdesk()
    titles = ("╭─ 1 Today", "╭─ 2 Timeline", "╭─ 3 Risks", "╭─ 4 Notes")
    screen = term.wait_for(
        lambda s: all(t in s for t in titles) and "? Help" in s, "all four panes and the footer"
    )
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "╭─ 1 Today" in line)
    bottom = next(i for i, line in enumerate(lines) if "╭─ 3 Risks" in line)
    assert "╭─ 2 Timeline" in lines[top]  # side by side
    assert "╭─ 4 Notes" in lines[bottom] and bottom > top + 10
    footer = lines[-1]
    assert "a Add" in footer and "? Help" in footer and "^p Commands" in footer
    term.press("q")
    term.back_at_prompt()


SGR = re.compile(r"\x1b\[([0-9;]*)m")
GREYS = {"30", "37", "90", "97", "39"}  # black, greys, white and the default colour


def colour_before(line: str, text: str) -> str:
    """The last foreground colour set before `text` on a captured line (with escapes)."""
    colours = [
        code
        for match in SGR.finditer(line[: line.index(text)])
        for code in match.group(1).split(";")
        if code in ("39",) or 30 <= int(code or 0) <= 37 or 90 <= int(code or 0) <= 97
    ]
    return colours[-1] if colours else "39"


def test_a_16_colour_terminal_gets_distinct_priority_and_slip_colours(terminal) -> None:
    term = terminal(160, 48)
    term.cli("demo", "-o", str(term.db), "--today", "2026-11-30")
    term.command(f"TERM=xterm {OPSDESK} --today 2026-11-30")
    term.wait_for(lambda s: "Review cut-over runbook" in s and "+7d" in s, "the desk")
    raw = term.run("capture-pane", "-p", "-e", "-t", "e2e")
    assert "38;5;" not in raw and "38;2;" not in raw  # only the 16 colours xterm has
    lines = raw.splitlines()
    high = colour_before(next(x for x in lines if "Review cut-over runbook" in x), "H ")
    medium = colour_before(next(x for x in lines if "Send weekly status" in x), "M ")
    slip = colour_before(next(x for x in lines if "+7d" in x), "+7d")
    assert high not in GREYS and medium not in GREYS and slip not in GREYS
    assert high != medium
    term.press("q")
    term.back_at_prompt()
