"""`opsdesk today` and `opsdesk list`: what is on the desk, filtered, sorted, as a table,
JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from store.errors import UserError
from tui.cli.common import (
    KINDS,
    add_command,
    archive_old_records,
    as_json,
    db_path,
    dump,
    json_text,
    open_desk,
    say,
)

FORMATS = ("table", "json", "csv", "ids")  # ids: ID:TITLE lines, for shell completion
LIST_KINDS = (*KINDS, "projects")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    today = add_command(
        sub, common, "today", "what is overdue, due, in progress, waited for, or coming"
    )
    today.add_argument("--json", action="store_true")
    today.set_defaults(handler=cmd_today)

    listing = add_command(sub, common, "list", "list records of one kind")
    listing.add_argument(
        "kind", choices=[*LIST_KINDS, *(k[:-1] for k in LIST_KINDS)], metavar="KIND"
    )
    listing.add_argument("--json", action="store_true", help="the same as --format json")
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.add_argument("--project", default="")
    listing.add_argument(
        "--all", action="store_true", help="include done, closed, cancelled and archived"
    )
    listing.add_argument("--archived", action="store_true", help="only records in the archive")
    listing.add_argument("--owner", default=None, help="owned by NAME (empty: by me)")
    listing.add_argument("--status", default=None, help="e.g. todo, waiting, open, closed")
    listing.add_argument("--tag", default=None)
    # Read in cmd_list, once --today is in force ("--due-after today" with --today D is D).
    listing.add_argument("--due-before", default=None, metavar="DATE")
    listing.add_argument("--due-after", default=None, metavar="DATE")
    listing.add_argument("--waiting", action="store_true", help="actions owned by others")
    listing.add_argument("--overdue", action="store_true", help="open and past their date")
    listing.add_argument(
        "--sort",
        default="",
        metavar="FIELD",
        help="e.g. due, priority, title; --sort=-due: descending",
    )
    listing.set_defaults(handler=cmd_list)


def cmd_today(args: argparse.Namespace) -> None:
    from store.dates import today as current_day
    from tui.cli import common
    from tui.cli.today_cache import TodayCache

    today, warnings = current_day(), common.warnings_given
    cache = TodayCache(args, db_path(args), today)
    if (text := cache.answer()) is not None:
        sys.stdout.write(text)
        return
    text, index = _today_text(args, open_desk(args), today)
    sys.stdout.write(text)
    sys.stdout.flush()
    archive_old_records()  # what dispatch does next: the answer is kept for what it leaves
    cache.keep(text, index, warned=common.warnings_given > warnings)


def _today_text(args: argparse.Namespace, desk, today) -> tuple[str, str]:
    """The text `opsdesk today` prints and, for a table, the index a capture adds to it
    with (tui/cli/today_cache.py)."""
    from store.agenda import agenda_of

    agenda = agenda_of(desk, today)
    if args.json:
        found = {key: [as_json(r, today) for r in records] for key, _, records in agenda.sections()}
        return json_text(found), ""
    from store.render import record_line
    from tui.cli.today_cache import agenda_answer, place

    sections = []
    for key, heading, records in agenda.sections():
        lines = [record_line(record, today) for record in records]
        sections.append((key, heading, lines, [place(key, record) for record in records]))
    return agenda_answer(sections)


def when_of(record: Any):
    """The date a record is due on: an action's due, a milestone's forecast, a risk's review,
    a project's target, a note's start."""
    from store.dates import as_date

    for name in ("due", "forecast", "review", "target", "start"):
        if hasattr(record, name):
            return as_date(getattr(record, name))
    return None


def kept(record: Any, args: argparse.Namespace, today) -> bool:
    from store.render import is_current

    if args.status is not None:
        if getattr(record, "status", None) != args.status:
            return False
    elif not (args.all or args.archived) and not is_current(record):
        return False
    project = record.name if record.KIND == "project" else getattr(record, "project", "")
    if args.project and project != args.project.lstrip("+"):
        return False
    if args.owner is not None and getattr(record, "owner", "") != args.owner.lstrip("@"):
        return False
    if args.tag is not None and args.tag.lstrip("#") not in getattr(record, "tags", []):
        return False
    when = when_of(record)
    if args.due_before and not (when and when < args.due_before):
        return False
    if args.due_after and not (when and when > args.due_after):
        return False
    if args.waiting and not getattr(record, "is_waiting", False):
        return False
    return not args.overdue or bool(when and when < today and is_open(record))


def is_open(record: Any) -> bool:
    from store.render import is_current

    return is_current(record)


def cmd_list(args: argparse.Namespace) -> None:
    from store.dates import today as current_day
    from store.render import record_line, sort_records

    kind = args.kind if args.kind.endswith("s") else f"{args.kind}s"
    today = current_day()
    for name in ("due_before", "due_after"):
        setattr(args, name, read_day(getattr(args, name), f"--{name.replace('_', '-')}", today))
    desk = open_desk(args)
    repo = getattr(desk, kind)
    stored = repo.archived() if args.archived else repo.all(include_archive=args.all)
    records = [r for r in stored if kept(r, args, today)]
    records = sort_by(records, args.sort) if args.sort else sort_records(records)
    fmt = "json" if args.json else args.format
    open_ids = {a.id for a in desk.actions.all() if a.is_open} if kind == "notes" else None
    if fmt == "json":
        dump([as_json(r, today, open_ids) for r in records])
    elif fmt == "csv":
        write_csv([as_json(r, today, open_ids) for r in records])
    elif fmt == "ids":
        for record in records:
            title = " ".join(record.title.split()).replace(":", "\\:")
            say(f"{record.id}:{title}")
    else:
        for record in records:
            say(record_line(record, today))


def read_day(text: str | None, option: str, today: date) -> date | None:
    from store.dates import as_date, parse_date

    if text is None:
        return None
    try:
        return as_date(parse_date(text, today=today))
    except UserError as error:
        raise UserError(f"{option}: {error}") from None


def sort_by(records: list, name: str) -> list:
    """Sorted on one field (`-due`: descending); empty values last."""
    descending = name.startswith("-")
    name = name.lstrip("-")
    if records and not hasattr(records[0], name):
        fields = ", ".join(records[0].to_doc())
        raise UserError(f"cannot sort {records[0].KIND}s by {name!r}; fields: {fields}")

    def key(record: Any) -> tuple:
        value = getattr(record, name)
        if name in ("due", "forecast", "review", "target", "start"):
            value = when_of(record)
        if value is None or value == "" or value == []:
            return (1, "", record.id)
        return (0, value if isinstance(value, int | date) else str(value).lower(), record.id)

    present = [r for r in records if key(r)[0] == 0]
    empty = [r for r in records if key(r)[0] == 1]
    return [*sorted(present, key=key, reverse=descending), *empty]


def write_csv(docs: list[dict[str, Any]]) -> None:
    """One row a record, the JSON keys as columns; lists joined with commas, nested values
    (moves, history) as JSON. CSV has no escapes of its own, so text shows control
    characters as every plain line does (store/text.py); `--json` is the exact form."""
    import csv
    import json

    from store.text import safe_text

    columns: list[str] = []
    for doc in docs:
        columns += [key for key in doc if key not in columns]
    if "id" in columns:
        columns.insert(0, columns.pop(columns.index("id")))
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    for doc in docs:
        row = []
        for column in columns:
            value = doc.get(column)
            if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
                value = ",".join(str(v) for v in value)
            elif isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False)
            elif value is None:
                value = ""
            row.append(safe_text(value, lines=True) if isinstance(value, str) else value)
        writer.writerow(row)
