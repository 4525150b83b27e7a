"""What every command module shares: the parser class, opening the desk, output helpers."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from store.errors import UserError

KINDS = ("actions", "milestones", "risks", "notes")


def help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help formatter at the width argparse would give it. argparse also makes one
    for each option it adds, only to check it, and asks shutil for that width: importing
    shutil (with zlib, bz2 and lzma) costs every command ~2 ms. Same answer, without it:
    $COLUMNS, else the terminal's width, else 80 (shutil.get_terminal_size), less 2."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return argparse.HelpFormatter(prog, width=columns - 2)


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr with exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", help_formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        complain(f"{message} (see opsdesk --help)")
        self.exit(2)


def say(text: object = "", file: Any = None, *, lines: bool = True) -> None:
    """Print one piece of plain output: the door every CLI line leaves by, so user text in it
    shows control characters visibly (store/text.py) and never drives the terminal.
    `lines=False` keeps it one line: a line break in it is shown, not made."""
    from store.text import safe_text

    print(safe_text(text, lines=lines), file=file or sys.stdout)


def complain(text: object) -> None:
    """An error or warning: one line on stderr, whatever the user's text it quotes holds."""
    global warnings_given
    warnings_given += 1
    say(f"opsdesk: {text}", file=sys.stderr, lines=False)


warnings_given = 0  # how many lines complain() wrote (`opsdesk today` keeps no answer then)


def add_command(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, name: str, help: str
) -> Parser:
    """A subcommand that takes the global options (--db, --today) after its name too."""
    return sub.add_parser(name, help=help, parents=[common], description=help)


def day_argument(text: str):
    """An argparse type: a date in the date language (store/dates.py), relative to today."""
    from store.dates import as_date, parse_date

    try:
        return as_date(parse_date(text))
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def score(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected 1 to 5, got {text!r}")


def db_path(args: argparse.Namespace) -> Path:
    from store.config import default_db_path

    return Path(getattr(args, "db", None) or default_db_path())


# The desks a command opened: after it succeeds, its last change is kept for `opsdesk undo`.
OPENED: list[tuple[Any, int]] = []

KIND_NAMES = {"action": "actions", "milestone": "milestones", "risk": "risks", "note": "notes"}


def kind_name(text: str) -> str:
    """`action` or `actions` (any case) -> `action`; UserError for other text."""
    word = text.strip().lower()
    word = word[:-1] if word.endswith("s") and word[:-1] in KIND_NAMES else word
    if word in ("project", "projects"):
        raise UserError("a project goes by its name: opsdesk project show|edit|close NAME")
    if word not in KIND_NAMES:
        raise UserError(f"unknown kind {text!r}; one of {', '.join(KIND_NAMES)}")
    return word


def open_desk(args: argparse.Namespace):
    from store.config import attach_autoexport, load_config
    from store.repository import Desk
    from store.storage import Database

    desk = Desk(Database(db_path(args)))
    desk.db.commits = []  # what the command writes, for the kept `today` answer after it
    desk.on_warning(lambda text: complain(f"warning: {text}"))
    config = load_config()
    attach_autoexport(desk, config)
    _opened.append((desk, config))
    OPENED.append((desk, len(desk._history)))  # what the command itself changes comes after
    return desk


_opened: list = []  # the desks this command opened, for the archive pass after it


def made_on(desk) -> None:
    """A capture goes to the journal, made on a scratch desk (store/capture.py): its change
    is the one `opsdesk undo` takes back next, and the kept `today` answer takes it in, as
    for a change on an opened desk."""
    OPENED.append((desk, 0))


def archive_old_records() -> None:
    """After a command that succeeded: move old closed records to the archive, once due.
    (Not before, nor after a failed one: a command that reports an error changed nothing.)"""
    while _opened:
        from store.archive import maintain

        desk, config = _opened.pop()
        if problem := maintain(desk, config):
            complain(f"warning: the archive was not updated: {problem}")


def as_json(record: Any, today: date | None = None, open_ids: set[int] | None = None) -> dict:
    """Every stored field, with `id`, `kind` and the derived values a script needs (the
    README lists them): action waiting/overdue, risk score/band, milestone slip_days/state,
    note open_actions (ids of its linked actions still open; needs `open_ids`)."""
    from store.dates import today as current_day

    today = today or current_day()
    doc = record.to_doc()
    doc["id"] = record.id
    doc["kind"] = record.KIND
    kind = record.KIND
    if kind == "action":
        doc["waiting"] = record.is_waiting
        doc["overdue"] = bool(record.is_open and record.due_date and record.due_date < today)
    elif kind == "risk":
        doc["score"] = record.score
        doc["band"] = record.band
    elif kind == "milestone":
        doc["slip_days"] = record.slip_days
        doc["state"] = record.state(today)
    elif kind == "note" and open_ids is not None:
        doc["open_actions"] = [i for i in record.action_ids if i in open_ids]
    return doc


def dump(value: Any) -> None:
    sys.stdout.write(json_text(value))


def json_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
