"""`opsdesk risk ...`: risks from the command line."""

from __future__ import annotations

import argparse

from tui.cli.common import Parser, add_command, open_desk, score


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    risk = add_command(sub, common, "risk", "add a risk")
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
