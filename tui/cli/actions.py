"""`opsdesk add`: an action from a quick-add line (done and reopen: records.py)."""

from __future__ import annotations

import argparse

from tui.cli.common import add_command, db_path, open_desk, say


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = add_command(sub, common, "add", "add an action from a quick-add line")
    add.add_argument("text", nargs="+", help="e.g. Call vendor @alice +warehouse !high due:fri")
    add.set_defaults(handler=cmd_add)


def cmd_add(args: argparse.Namespace) -> None:
    from store.capture import quick_add
    from tui.cli.common import made_on

    line = " ".join(args.text)
    action = quick_add(db_path(args), line, lambda: open_desk(args), made_on=made_on)
    say(action.id)
