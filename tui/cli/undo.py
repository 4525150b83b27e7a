"""`opsdesk undo`: take back the last change made through the command line on this file.

Each command's last change is kept in a small file beside the data file
(`<file>.cli-undo.json`, private: tui/cli/undo_kept.py); `undo` hands it to Desk.undo, which
refuses it if a record it touched changed since (in the TUI, another command, another machine).
"""

from __future__ import annotations

import argparse
import json

from store.errors import UserError
from tui.cli.common import add_command, db_path, open_desk, say
from tui.cli.undo_kept import sidecar


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    undo = add_command(sub, common, "undo", "take back the last change made from the command line")
    undo.set_defaults(handler=cmd_undo, keeps_undo=True)


def cmd_undo(args: argparse.Namespace) -> None:
    from store.changes import Change, Step

    data_file = db_path(args)
    path = sidecar(data_file)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        change = Change(saved["label"], [Step(**step) for step in saved["steps"]])
    except FileNotFoundError:
        raise UserError(f"nothing to undo: no command-line change kept for {data_file}") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError(f"cannot read {path}; nothing was undone") from None
    desk = open_desk(args)
    desk._history = [change]
    try:
        label = desk.undo()
    finally:
        path.unlink(missing_ok=True)  # undone, or refused as stale: either way it is spent
    say(f"undone: {label}")
