"""The opsdesk command line: quick capture and listings for scripts, cron and a second SSH session.

This path never imports Textual unless the TUI is opened, so commands start fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from store.errors import UserError

KINDS = ("actions", "milestones", "risks", "notes")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr with exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"opsdesk: {message} (see opsdesk --help)\n")


def build_parser() -> Parser:
    # --db is accepted before or after the subcommand; SUPPRESS keeps a later one from
    # overwriting an earlier one with None.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="data file (default: $OPSDESK_DB)")
    parser = Parser(prog="opsdesk", description=__doc__.splitlines()[0], parents=[common])
    parser.add_argument("--demo", action="store_true", help="open the TUI on a throw-away sample")
    parser.add_argument("--no-mouse", action="store_true", help="turn mouse reporting off")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    def command(name: str, help: str) -> Parser:
        return sub.add_parser(name, help=help, parents=[common], description=help)

    add = command("add", "add an action from a quick-add line")
    add.add_argument("text", nargs="+", help="e.g. Call vendor @alice +warehouse !high due:fri")

    today = command("today", "what is overdue, due, in progress, waited for, or coming")
    today.add_argument("--json", action="store_true")

    done = command("done", "mark an action done")
    done.add_argument("id", type=int)

    listing = command("list", "list records of one kind")
    listing.add_argument("kind", choices=KINDS)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--project", default="")
    listing.add_argument("--all", action="store_true", help="include done, closed and cancelled")

    milestone = command("milestone", "add or move a milestone")
    msub = milestone.add_subparsers(dest="action", required=True, parser_class=Parser)
    madd = msub.add_parser("add", parents=[common], help="add a milestone")
    madd.add_argument("title")
    madd.add_argument("--date", required=True)
    madd.add_argument("--project", default="")
    madd.add_argument("--owner", default="")
    mmove = msub.add_parser("move", parents=[common], help="move a milestone's forecast date")
    mmove.add_argument("id", type=int)
    mmove.add_argument("date")
    mmove.add_argument("--reason", default="")

    risk = command("risk", "add a risk")
    rsub = risk.add_subparsers(dest="action", required=True, parser_class=Parser)
    radd = rsub.add_parser("add", parents=[common], help="add a risk")
    radd.add_argument("title")
    radd.add_argument("--probability", type=score, required=True)
    radd.add_argument("--impact", type=score, required=True)
    radd.add_argument("--owner", default="")
    radd.add_argument("--mitigation", default="")
    radd.add_argument("--review", default="")
    radd.add_argument("--project", default="")

    note = command("note", "capture a meeting note (body from stdin or $EDITOR)")
    note.add_argument("title")
    note.add_argument("--attendees", default="")
    note.add_argument("--project", default="")

    export = command("export", "export to other tools")
    export.add_argument("format", choices=["ics"])
    export.add_argument("-o", "--output", default="-")
    export.add_argument("--actions", action="store_true", help="include dated actions")
    export.add_argument("--project", default="")

    from tui.cli_projects import register

    COMMANDS.update(register(command, common))

    from tui.cli_config import register as register_config

    COMMANDS.update(register_config(command))

    demo = command("demo", "write the sample data set to a file")
    demo.add_argument("--large", action="store_true", help="the large benchmark data set")
    demo.add_argument("-o", "--output", required=True)
    return parser


def score(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected 1 to 5, got {text!r}")


def main(argv: Sequence[str] | None = None) -> int:
    # A command (and the TUI while it starts) turns the whole data file into objects that
    # live until it ends; the cyclic collector would walk them over and over to free
    # nothing. The TUI switches it back on once the desk is drawn (OpsDesk.post_display_hook).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return open_tui(args)
        return COMMANDS[args.command](args) or 0
    except UserError as error:
        print(f"opsdesk: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def db_path(args: argparse.Namespace) -> Path:
    from store.storage import default_db_path

    return Path(getattr(args, "db", None) or default_db_path())


def open_desk(args: argparse.Namespace):
    from store.config import attach_autoexport, load_config
    from store.repository import Desk
    from store.storage import Database

    desk = Desk(Database(db_path(args)))
    desk.on_warning(lambda text: print(f"opsdesk: warning: {text}", file=sys.stderr))
    attach_autoexport(desk, load_config())
    return desk


def open_tui(args: argparse.Namespace) -> int:
    from tui.app import run

    if args.demo:
        import tempfile

        from store.demo import write_demo

        with tempfile.TemporaryDirectory(prefix="opsdesk-demo-") as folder:
            path = Path(folder) / "demo.json"
            write_demo(path)
            return run(path, mouse=not args.no_mouse, demo=True)
    return run(db_path(args), mouse=not args.no_mouse)


def cmd_add(args: argparse.Namespace) -> None:
    action = open_desk(args).actions.add_quick(" ".join(args.text))
    print(action.id)


def cmd_done(args: argparse.Namespace) -> None:
    desk = open_desk(args)
    action = desk.actions.complete(args.id)
    print(f"done: {action.id} {action.title}")


def cmd_today(args: argparse.Namespace) -> None:
    from store.agenda import build_agenda

    desk = open_desk(args)
    today = date.today()
    agenda = build_agenda(desk.actions.all(), desk.risks.all(), desk.milestones.all(), today)
    if args.json:
        dump({key: [as_json(r) for r in records] for key, _, records in agenda.sections()})
        return
    from store.render import record_line

    for _key, heading, records in agenda.sections():
        if records:
            print(f"{heading} ({len(records)})")
            for record in records:
                print("  " + record_line(record, today))


def cmd_list(args: argparse.Namespace) -> None:
    from store.render import is_current, record_line, sort_records

    desk = open_desk(args)
    repo = getattr(desk, args.kind)
    records = [
        r
        for r in repo.all()
        if (not args.project or r.project == args.project) and (args.all or is_current(r))
    ]
    records = sort_records(records)
    if args.json:
        dump([as_json(r) for r in records])
        return
    today = date.today()
    for record in records:
        print(record_line(record, today))


def cmd_milestone(args: argparse.Namespace) -> None:
    from store.dates import parse_date
    from store.models import Milestone, as_date

    desk = open_desk(args)
    if args.action == "add":
        when = as_date(parse_date(args.date))
        milestone = desk.milestones.add(
            Milestone(title=args.title, forecast=when, project=args.project, owner=args.owner)
        )
        print(milestone.id)
    else:
        moved = desk.milestones.move(args.id, args.date, args.reason)  # +3d: from forecast
        print(f"moved: {moved.id} {moved.title} to {moved.forecast} (slip {moved.slip_days:+d}d)")


def cmd_risk(args: argparse.Namespace) -> None:
    from store.dates import parse_date
    from store.models import Risk, as_date

    review = as_date(parse_date(args.review)) if args.review else None
    risk = open_desk(args).risks.add(
        Risk(
            title=args.title,
            probability=args.probability,
            impact=args.impact,
            owner=args.owner,
            mitigation=args.mitigation,
            review=review,
            project=args.project,
        )
    )
    print(risk.id)


def cmd_note(args: argparse.Namespace) -> None:
    from store.models import Note
    from store.notes import TEMPLATE

    if sys.stdin is not None and not sys.stdin.isatty():
        body = sys.stdin.read()
    else:
        body = edit_in_editor(TEMPLATE)
    attendees = [a.strip() for a in args.attendees.split(",") if a.strip()]
    desk = open_desk(args)
    note = desk.notes.save(
        Note(title=args.title, attendees=attendees, project=args.project, body=body)
    )
    print(f"note {note.id}")
    for action_id in note.action_ids:
        print(action_id)


def edit_in_editor(text: str) -> str:
    """Let the person edit text in $EDITOR; returns what they saved."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as file:
        file.write(text)
    try:
        result = subprocess.run([*shlex.split(editor), file.name], check=False)
        if result.returncode != 0:
            raise UserError(f"editor {editor!r} exited with {result.returncode}; nothing saved")
        return Path(file.name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"cannot run editor {editor!r}; set $EDITOR") from None
    finally:
        os.unlink(file.name)


def cmd_export(args: argparse.Namespace) -> None:
    from store.config import calendar_bytes, load_config
    from store.ics import write_ics_atomic

    data = calendar_bytes(
        open_desk(args), load_config(), actions=args.actions, project=args.project
    )
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_ics_atomic(Path(args.output), data)


def cmd_demo(args: argparse.Namespace) -> None:
    from store.demo import write_demo

    write_demo(Path(args.output), large=args.large)


def as_json(record: Any) -> dict[str, Any]:
    doc = record.to_doc()
    doc["id"] = record.id
    doc["kind"] = record.KIND
    return doc


def dump(value: Any) -> None:
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS = {
    "add": cmd_add,
    "done": cmd_done,
    "today": cmd_today,
    "list": cmd_list,
    "milestone": cmd_milestone,
    "risk": cmd_risk,
    "note": cmd_note,
    "export": cmd_export,
    "demo": cmd_demo,
}
