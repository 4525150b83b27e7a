"""The command line of projects: `project list|show|add|edit|close|reopen`, the weekly
status report, `people` and `search`.

Each command reads the desk through the same repositories and pure report functions as
the TUI; user errors are one line on stderr with exit 2 (raised as UserError).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from store.errors import UserError
from tui.cli.common import add_command, open_desk


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from store.report_format import FORMATS
    from tui.cli.people import register_people  # people and search: a module of their own

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return add_command(sub, common, name, help)

    project = command("project", "list, show, add, edit, close or reopen projects")
    project.set_defaults(handler=cmd_project)
    verbs = project.add_subparsers(dest="action", required=True, parser_class=type(project))

    def verb(name: str, help: str) -> argparse.ArgumentParser:
        return verbs.add_parser(name, parents=[common], help=help, description=help)

    listing = verb("list", "active projects (--all: on hold and closed too)")
    listing.add_argument("--all", action="store_true")
    listing.add_argument("--json", action="store_true")
    show = verb("show", "one project: goal, measures, health and its history, its records")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    add = verb("add", "add a project")
    add.add_argument("name", help="the +name records use")
    for option in ("title", "goal", "owner", "sponsor", "start", "target"):
        add.add_argument(f"--{option}", default="")
    add.add_argument("--phase", default="initiating")
    edit = verb("edit", "change fields: health=amber reason=TEXT goal=... (see opsdesk help)")
    edit.add_argument("name")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    close = verb("close", "close a project and move its records to the archive")
    close.add_argument("name")
    close.add_argument("--yes", action="store_true", help="no questions: cancel, close, archive")
    reopen = verb("reopen", "bring a closed project and its records back")
    reopen.add_argument("name")

    report = command("report", "the weekly status report (default: this week, active projects)")
    report.add_argument("--since", default="", help="first day (default: Monday of this week)")
    report.add_argument("--until", default="", help="last day (default: today)")
    report.add_argument(
        "--project", action="extend", nargs="+", default=[], metavar="P", help="only these"
    )
    report.add_argument("--format", choices=FORMATS, default="markdown")
    report.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    report.set_defaults(handler=cmd_report)
    register_people(command)


def cmd_project(args: argparse.Namespace) -> None:
    import tui.cli.project_verbs as verbs

    getattr(verbs, f"cmd_{args.action}")(args)


def period(since_text: str, until_text: str, now: date) -> tuple[date, date]:
    """The report's first and last day from what was typed (either may be empty)."""
    from store.dates import as_date, parse_date
    from store.report import week_of

    until = as_date(parse_date(until_text, now)) if until_text else now
    since = as_date(parse_date(since_text, now)) if since_text else week_of(until)[0]
    assert since is not None and until is not None
    if since > until:
        raise UserError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    return since, until


def cmd_report(args: argparse.Namespace) -> None:
    from store.dates import today

    now = today()
    since, until = period(args.since, args.until, now)
    from store.report_format import desk_report

    text = desk_report(open_desk(args), since, until, now, args.project, args.format)
    if args.output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from store.report_format import write_report

        write_report(Path(args.output), text)
