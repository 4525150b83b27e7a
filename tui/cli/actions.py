"""`opsdesk add` and `opsdesk done`: actions from the command line."""

from __future__ import annotations

import argparse

from tui.cli.common import add_command, db_path, open_desk


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = add_command(sub, common, "add", "add an action from a quick-add line")
    add.add_argument("text", nargs="+", help="e.g. Call vendor @alice +warehouse !high due:fri")
    add.set_defaults(handler=cmd_add)

    done = add_command(sub, common, "done", "mark an action done")
    done.add_argument("id", type=int)
    done.set_defaults(handler=cmd_done)


def cmd_add(args: argparse.Namespace) -> None:
    from store.capture import quick_add

    action = quick_add(db_path(args), " ".join(args.text), lambda: open_desk(args))
    print(action.id)


def cmd_done(args: argparse.Namespace) -> None:
    desk = open_desk(args)
    action = desk.actions.complete(args.id)
    print(f"done: {action.id} {action.title}")
