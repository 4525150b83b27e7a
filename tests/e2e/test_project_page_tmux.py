"""A project's page and closing a project in a real terminal, keys sent as bursts (one
`send-keys -l` write each, the way they arrive over a laggy SSH link)."""

from __future__ import annotations

import json


def projects(term) -> dict[str, str]:
    listed = json.loads(term.cli("project", "list", "--all", "--json"))
    return {p["name"]: p["status"] for p in listed}


def test_keys_typed_ahead_land_on_the_page_and_the_close_checklist(terminal) -> None:
    term = terminal(120, 36)
    term.cli("demo", "-o", str(term.db))
    term.start_opsdesk()
    term.wait_for_text("╭─ 3 Risks")

    # Pane 5, Enter on the first project (cutover), then an action typed at once: the keys
    # after Enter wait for the page, and the action joins the project without a +name.
    term.type("5\raCall the rehearsal venue\r")
    term.wait_for_text("Call the rehearsal venue")
    actions = json.loads(term.cli("list", "actions", "--json"))
    added = [a for a in actions if a["title"] == "Call the rehearsal venue"]
    assert [a["project"] for a in added] == ["cutover"]
    assert "Goal" in term.screen()  # still on the page, its heading above the lists

    # C opens the checklist; ctrl+s typed right behind it closes with the defaults.
    term.type("C")
    term.press("C-s")
    term.wait_for(lambda s: "Close +cutover" not in s and "5 Projects" in s, "back on pane 5")
    assert projects(term)["cutover"] == "closed"
    open_actions = json.loads(term.cli("list", "actions", "--json"))
    assert not [a for a in open_actions if a["project"] == "cutover"]  # in the archive now

    # v shows the closed projects under the active ones; G goes to the last row, R reopens.
    term.type("vGR")
    term.wait_for_text("Reopened +cutover")
    assert projects(term)["cutover"] == "active"
    archived = json.loads(term.cli("list", "actions", "--archived", "--json"))
    assert not [a for a in archived if a["project"] == "cutover"]  # back in the working file
    term.press("q")
    term.back_at_prompt()
