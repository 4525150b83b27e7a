"""Bursts in a real terminal: each burst goes to tmux in one `send-keys -l` write, so the
app reads it as one chunk, the way keys arrive over a laggy SSH link."""

from __future__ import annotations

import json
import re


def test_bursts_land_in_the_input_the_first_key_opens(terminal) -> None:
    term = terminal(120, 36)
    term.cli("demo", "-o", str(term.db))
    actions = json.loads(term.cli("list", "actions", "--json", "--all"))
    term.start_opsdesk()
    term.wait_for_text("╭─ 3 Risks")

    filter_line = re.compile(r"^│ d +││", re.MULTILINE)
    term.type("/d")  # filter for "d": never Delete
    term.wait_for(lambda s: filter_line.search(s), "the filter holding d")
    term.press("Escape")
    term.wait_for(lambda s: not filter_line.search(s), "the filter to close")
    term.type("aTest burst @zoe\r")
    term.wait_for(lambda s: re.search(r"Test burst +@zoe", s), "the new action row")
    now = json.loads(term.cli("list", "actions", "--json", "--all"))
    assert len(now) == len(actions) + 1
    assert {a["id"] for a in actions} <= {a["id"] for a in now}
    assert any(a["title"] == "Test burst" and a["owner"] == "zoe" for a in now)

    term.type("3aBurst risk\t2\t2\tzoe\r")
    term.wait_for(lambda s: "Burst risk" in s and "New risk" not in s, "the new risk row")
    risk = next(r for r in json.loads(term.cli("list", "risks", "--json")) if "Burst" in r["title"])
    assert (risk["title"], risk["probability"], risk["impact"], risk["owner"]) == (
        "Burst risk",
        2,
        2,
        "zoe",
    )

    term.type("nVendor sync\t\tdana\tvendor")
    term.wait_for(lambda s: re.search(r"Project\s+vendor", s), "the project field filled")
    term.press("C-s")
    term.wait_for(lambda s: "New meeting note" not in s, "the editor to close")
    note = next(
        n for n in json.loads(term.cli("list", "notes", "--json")) if n["title"] == "Vendor sync"
    )
    assert (note["attendees"], note["project"]) == (["dana"], "vendor")
    term.press("q")
    term.back_at_prompt()


def test_bursts_at_80x24_and_keys_behind_terminal_too_small(terminal) -> None:
    term = terminal(80, 24)
    term.cli("demo", "-o", str(term.db))
    before = json.loads(term.cli("list", "actions", "--json", "--all"))
    risks = json.loads(term.cli("list", "risks", "--json", "--all"))
    term.start_opsdesk()
    term.wait_for_text("╭─ 1 Today")

    term.press("3")
    term.wait_for_text("╭─ 3 Risks")
    filter_line = re.compile(r"^│ d +│", re.MULTILINE)
    term.type("1/d")  # from another pane: Today, then its filter, then "d" in it
    term.wait_for(lambda s: "╭─ 1 Today" in s and filter_line.search(s), "Today filtered by d")
    term.press("Escape")
    term.wait_for(lambda s: not filter_line.search(s), "the filter to close")
    assert len(json.loads(term.cli("list", "actions", "--json", "--all"))) == len(before)

    term.type("\x10screensh")  # ctrl+p and the words after it, in one write
    term.wait_for(lambda s: "screensh" in s and "Save screenshot" in s, "the palette")
    term.press("Escape")
    term.wait_for(lambda s: "Save screenshot" not in s, "the palette to close")

    term.press("3")
    screen = term.wait_for_text("╭─ 3 Risks")
    detail = re.compile(r"Mitigation: (.+?) +│")
    first = detail.search(screen).group(1)
    term.run("resize-window", "-t", "e2e", "-x", "60", "-y", "20")
    term.wait_for_text("Terminal too small")
    term.type("2d")  # neither switches pane nor deletes, unseen
    term.run("resize-window", "-t", "e2e", "-x", "80", "-y", "24")
    term.wait_for_text("╭─ 3 Risks")
    term.press("j")  # the risks list has the keys again
    term.wait_for(
        lambda s: (m := detail.search(s)) is not None and m.group(1) != first, "the next risk"
    )
    assert json.loads(term.cli("list", "risks", "--json", "--all")) == risks
    term.press("q")
    term.back_at_prompt()
