"""`opsdesk show|edit|delete KIND ID` and `opsdesk done|reopen [KIND] ID`: one record at a time,
through the same repository calls and field reading (store/fields.py) as the TUI."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from store.errors import UserError
from tui.cli.common import KIND_NAMES, add_command, as_json, dump, kind_name, open_desk, say


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    show = add_command(sub, common, "show", "one record, every field and what follows from them")
    show.add_argument("kind", metavar="KIND", help="action, milestone, risk or note")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    edit = add_command(
        sub, common, "edit", "change fields: FIELD=VALUE ... (actions: @bob due:fri)"
    )
    edit.add_argument("kind", metavar="KIND", help="action, milestone, risk or note")
    edit.add_argument("id", type=int)
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    edit.set_defaults(handler=cmd_edit)

    delete = add_command(sub, common, "delete", "delete a record (opsdesk undo brings it back)")
    delete.add_argument("kind", metavar="KIND", help="action, milestone, risk or note")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=cmd_delete)

    for name, help in (("done", "mark done"), ("reopen", "open again")):
        verb = add_command(sub, common, name, f"{help}: an action (default) or a milestone")
        verb.add_argument("words", nargs="+", metavar="[KIND] ID")
        verb.set_defaults(handler=cmd_done if name == "done" else cmd_reopen)


def repo_of(desk: Any, kind: str) -> Any:
    return getattr(desk, KIND_NAMES[kind])


def cmd_show(args: argparse.Namespace) -> None:
    from store.dates import today as current_day
    from store.fields import EDIT_FIELDS, show_value

    kind = kind_name(args.kind)
    desk = open_desk(args)
    record = repo_of(desk, kind).get(args.id)
    open_ids = {a.id for a in desk.actions.all() if a.is_open} if kind == "note" else None
    doc = as_json(record, current_day(), open_ids)
    if args.json:
        dump(doc)
        return
    say(f"{record.id} {kind} {record.title}")
    shown = {"title", "body"}
    for field in EDIT_FIELDS[kind]:
        if field.name not in shown:
            say(f"  {field.name}: {show_value(field, getattr(record, field.name))}")
            shown.add(field.name)
    for name, value in doc.items():
        if name not in shown and name not in ("id", "kind") and value not in (None, "", []):
            say(f"  {name}: {value}")
    if kind == "note" and record.body:
        say()
        say(record.body.rstrip("\n"))


def cmd_edit(args: argparse.Namespace) -> None:
    from store.dates import today as current_day
    from store.fields import read_assignments

    kind = kind_name(args.kind)
    today = current_day()
    values = read_assignments(kind, args.assignments, today)  # all read before anything changes
    if values.get("body") == "-":
        values["body"] = sys.stdin.read() if sys.stdin is not None else ""
    desk = open_desk(args)
    repo = repo_of(desk, kind)
    record = repo.get(args.id)
    if "add_tags" in values:
        added = values.pop("add_tags")
        values["tags"] = [*values.get("tags", record.tags), *added]
        values["tags"] = list(dict.fromkeys(values["tags"]))
    if kind == "milestone" and "baseline" in values and values["baseline"] is None:
        values["baseline"] = values.get("forecast", record.forecast)
    changed = record.copy(**values)
    if kind == "note":
        saved = desk.notes.save(changed, today=today)  # body lines become linked actions
    else:
        saved = repo.update(changed)
    say(f"{saved.id} {kind} edited: {', '.join(values)}")


def cmd_delete(args: argparse.Namespace) -> None:
    kind = kind_name(args.kind)
    deleted = repo_of(open_desk(args), kind).delete(args.id)
    say(f"{deleted.id} {kind} deleted: {deleted.title} (opsdesk undo brings it back)")


def kind_and_id(words: list[str]) -> tuple[str, int]:
    """`[KIND] ID`: the kind defaults to action, so `opsdesk done 12` keeps working."""
    if len(words) == 1:
        kind, text = "action", words[0]
    elif len(words) == 2:
        kind, text = kind_name(words[0]), words[1]
    else:
        raise UserError(f"expected [KIND] ID, got {' '.join(words)!r}")
    if not text.isdigit():
        raise UserError(f"expected an id (a number), got {text!r}")
    if kind not in ("action", "milestone"):
        raise UserError(
            f"done and reopen take an action or a milestone; for a {kind} see opsdesk {kind} --help"
        )
    return kind, int(text)


def cmd_done(args: argparse.Namespace) -> None:
    kind, record_id = kind_and_id(args.words)
    desk = open_desk(args)
    if kind == "action":
        record = desk.actions.complete(record_id)
    else:
        record = desk.milestones.get(record_id)
        if record.status == "done":
            raise UserError(f"milestone {record_id} is already done")
        record = desk.milestones.update(
            record.copy(status="done"), f"complete milestone {record_id}"
        )
    say(f"done: {record.id} {record.title}")


def cmd_reopen(args: argparse.Namespace) -> None:
    kind, record_id = kind_and_id(args.words)
    desk = open_desk(args)
    repo = repo_of(desk, kind)
    record = repo.get(record_id)
    status = "todo" if kind == "action" else "open"
    if record.status == status or (kind == "action" and record.is_open):
        raise UserError(f"{kind} {record_id} is already open")
    if kind == "action" and record.owner:
        status = "waiting"
    record = repo.update(record.copy(status=status), f"reopen {kind} {record_id}")
    say(f"reopened: {record.id} {record.title}")
