"""`opsdesk note`: capture a meeting note, body from stdin or $EDITOR."""

from __future__ import annotations

import argparse
import sys

from tui.cli.common import add_command, db_path, open_desk, say
from tui.editor import edit_in_editor


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    note = add_command(sub, common, "note", "capture a meeting note (body from stdin or $EDITOR)")
    note.add_argument("title")
    note.add_argument("--attendees", default="")
    note.add_argument("--project", default="")
    note.set_defaults(handler=cmd_note)


def cmd_note(args: argparse.Namespace) -> None:
    from store.dates import today
    from store.models import Note
    from store.notes import TEMPLATE, starting_now

    if sys.stdin is not None and not sys.stdin.isatty():
        body = sys.stdin.read()
    else:
        body = edit_in_editor(TEMPLATE)
    attendees = [a.strip() for a in args.attendees.split(",") if a.strip()]
    from store.capture import save_note
    from tui.cli.common import made_on

    new = Note(
        title=args.title,
        start=starting_now(today()),
        attendees=attendees,
        project=args.project,
        body=body,
    )
    note = save_note(db_path(args), new, lambda: open_desk(args), made_on=made_on)
    say(f"note {note.id}")
    for action_id in note.action_ids:
        say(action_id)
