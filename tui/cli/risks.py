"""`opsdesk risk add|close|occur|review|rescore`: risks from the command line."""

from __future__ import annotations

import argparse

from store.errors import UserError
from tui.cli.common import Parser, add_command, open_desk, say, score


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    risk = add_command(sub, common, "risk", "add, close, review or rescore a risk")
    risk.set_defaults(handler=cmd_risk)
    rsub = risk.add_subparsers(dest="action", required=True, parser_class=Parser)
    radd = rsub.add_parser("add", parents=[common], help="add a risk")
    radd.add_argument("title")
    radd.add_argument("--probability", type=score, required=True)
    radd.add_argument("--impact", type=score, required=True)
    radd.add_argument("--owner", default="")
    radd.add_argument("--mitigation", default="")
    radd.add_argument("--review", default="")
    radd.add_argument("--project", default="")
    for verb, help in (
        ("close", "close a risk that can no longer happen"),
        ("occur", "mark a risk as happened"),
        ("review", "record a review; the next one is due one interval later"),
    ):
        rsub.add_parser(verb, parents=[common], help=help).add_argument("id", type=int)
    rescore = rsub.add_parser("rescore", parents=[common], help="set probability and impact")
    rescore.add_argument("id", type=int)
    rescore.add_argument("--probability", type=score, required=True)
    rescore.add_argument("--impact", type=score, required=True)
    rescore.add_argument("--reason", default="")


def cmd_risk(args: argparse.Namespace) -> None:
    if args.action == "add":
        add_risk(args)
        return
    desk = open_desk(args)
    if args.action == "review":
        risk = desk.risks.reviewed(args.id)
        say(f"{risk.id} risk reviewed: next review {risk.review}")
    elif args.action == "rescore":
        risk = desk.risks.rescore(args.id, args.probability, args.impact, args.reason)
        say(f"{risk.id} risk rescored: {risk.probability}x{risk.impact} = {risk.score}")
    else:
        status = "closed" if args.action == "close" else "occurred"
        risk = desk.risks.get(args.id)
        if risk.status == status:
            raise UserError(f"risk {args.id} is already {status}")
        risk = desk.risks.update(risk.copy(status=status), f"{args.action} risk {args.id}")
        say(f"{risk.id} risk {status}: {risk.title}")


def add_risk(args: argparse.Namespace) -> None:
    from store.dates import as_date, parse_date, today
    from store.models import Risk

    review = as_date(parse_date(args.review)) if args.review else None
    risk = open_desk(args).risks.add(
        Risk.new(
            today(),
            title=args.title,
            probability=args.probability,
            impact=args.impact,
            owner=args.owner,
            mitigation=args.mitigation,
            review=review,
            project=args.project,
        )
    )
    say(risk.id)
