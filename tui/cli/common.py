"""What every command module shares: the parser class, opening the desk, output helpers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

KINDS = ("actions", "milestones", "risks", "notes")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr with exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"opsdesk: {message} (see opsdesk --help)\n")


def add_command(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, name: str, help: str
) -> Parser:
    """A subcommand that takes the global options (--db, --today) after its name too."""
    return sub.add_parser(name, help=help, parents=[common], description=help)


def day_argument(text: str):
    """An argparse type: a date in the date language (store/dates.py), relative to today."""
    from store.dates import parse_date
    from store.errors import UserError
    from store.models import as_date

    try:
        return as_date(parse_date(text))
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def score(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected 1 to 5, got {text!r}")


def db_path(args: argparse.Namespace) -> Path:
    from store.storage import default_db_path

    return Path(getattr(args, "db", None) or default_db_path())


def open_desk(args: argparse.Namespace):
    from store.config import attach_autoexport, load_config
    from store.repository import Desk
    from store.storage import Database

    desk = Desk(Database(db_path(args)))
    desk.on_warning(lambda text: print(f"opsdesk: warning: {text}", file=sys.stderr))
    config = load_config()
    attach_autoexport(desk, config)
    _opened.append((desk, config))
    return desk


_opened: list = []  # the desks this command opened, for the archive pass after it


def archive_old_records() -> None:
    """After a command that succeeded: move old closed records to the archive, once due.
    (Not before, nor after a failed one: a command that reports an error changed nothing.)"""
    from store.archive import maintain

    while _opened:
        desk, config = _opened.pop()
        if problem := maintain(desk, config):
            print(f"opsdesk: warning: the archive was not updated: {problem}", file=sys.stderr)


def as_json(record: Any) -> dict[str, Any]:
    doc = record.to_doc()
    doc["id"] = record.id
    doc["kind"] = record.KIND
    return doc


def dump(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
