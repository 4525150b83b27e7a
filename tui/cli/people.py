"""`opsdesk people` (who owes what) and `opsdesk search TEXT` (every kind, archive included)."""

from __future__ import annotations

import argparse
from typing import Any

from store.text import safe_text


def register_people(command: Any) -> None:
    people = command("people", "owners and attendees: what they owe, since when, meetings")
    people.add_argument("--json", action="store_true")
    search = command("search", "find records of any kind, note bodies and the archive included")
    search.add_argument("text", nargs="+")
    search.add_argument("--json", action="store_true")
    people.set_defaults(handler=cmd_people)
    search.set_defaults(handler=cmd_search)


def cmd_people(args: argparse.Namespace) -> None:
    from store.dates import today
    from store.people import people
    from tui.cli.common import dump, open_desk, say

    desk = open_desk(args)
    now = today()
    found = people(
        desk.actions.all(),
        desk.notes.all(bodies=False),
        desk.milestones.all(),
        desk.risks.all(),
        now,
    )
    if args.json:
        dump([p.to_json() for p in found])
        return
    for who in found:
        parts = [who.name, f"{len(who.open)} open", f"{len(who.overdue)} overdue"]
        if who.waiting:
            oldest = who.waiting[0]
            parts.append(f"waiting since {oldest.since.isoformat()} ({oldest.days}d)")
        if who.last_meeting:
            parts.append(f"last met {who.last_meeting.start:%Y-%m-%d}")
        if who.next_meeting:
            parts.append(f"next {who.next_meeting.start:%Y-%m-%d}")
        say(safe_text("  ".join(parts)))
        for w in who.waiting:
            say(safe_text(f"    {w.action.id:>4} {w.action.title}  ({w.days}d)"))


def cmd_search(args: argparse.Namespace) -> None:
    from store.search import search
    from tui.cli.common import dump, open_desk, say

    hits = search(open_desk(args), " ".join(args.text))
    if args.json:
        dump([hit.to_json() for hit in hits])
        return
    kind = ""
    for hit in hits:
        if hit.kind != kind:
            kind = hit.kind
            say(f"{kind}s")
        archived = "  [archived]" if hit.archived else ""
        where = "" if hit.field in ("title", "name") else f"  ({hit.field}: {hit.excerpt})"
        say(safe_text(f"  {hit.id:>4} {hit.title}{where}{archived}"))
