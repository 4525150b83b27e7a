"""`opsdesk milestone add|move|done|cancel|reopen`: milestones from the command line."""

from __future__ import annotations

import argparse

from store.errors import UserError
from tui.cli.common import Parser, add_command, open_desk, say

STATUS_OF = {"done": "done", "cancel": "cancelled", "reopen": "open"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    milestone = add_command(sub, common, "milestone", "add, move, complete, cancel or reopen")
    milestone.set_defaults(handler=cmd_milestone)
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
    for verb, help in (("done", "mark done"), ("cancel", "cancel"), ("reopen", "open again")):
        parser = msub.add_parser(verb, parents=[common], help=f"{help} a milestone")
        parser.add_argument("id", type=int)


def cmd_milestone(args: argparse.Namespace) -> None:
    from store.dates import as_date, parse_date
    from store.models import Milestone

    desk = open_desk(args)
    if args.action == "add":
        when = as_date(parse_date(args.date))
        milestone = desk.milestones.add(
            Milestone(title=args.title, forecast=when, project=args.project, owner=args.owner)
        )
        say(milestone.id)
    elif args.action == "move":
        moved = desk.milestones.move(args.id, args.date, args.reason)  # +3d: from forecast
        say(f"moved: {moved.id} {moved.title} to {moved.forecast} (slip {moved.slip_days:+d}d)")
    else:
        status = STATUS_OF[args.action]
        milestone = desk.milestones.get(args.id)
        if milestone.status == status:
            raise UserError(f"milestone {args.id} is already {status}")
        changed = desk.milestones.update(
            milestone.copy(status=status), f"{args.action} milestone {args.id}"
        )
        say(f"{changed.id} milestone {status}: {changed.title}")
