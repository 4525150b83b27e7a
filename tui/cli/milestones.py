"""`opsdesk milestone ...`: milestones from the command line."""

from __future__ import annotations

import argparse

from tui.cli.common import Parser, add_command, open_desk


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    milestone = add_command(sub, common, "milestone", "add or move a milestone")
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
