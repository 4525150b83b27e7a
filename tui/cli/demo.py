"""`opsdesk demo`: write the sample data set to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.common import add_command


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = add_command(sub, common, "demo", "write the sample data set to a file")
    demo.add_argument("--large", action="store_true", help="the large benchmark data set")
    demo.add_argument("--scale", type=int, default=1, help="the large set, N times over")
    demo.add_argument(
        "--years", type=int, default=0, help="the large set's open work and N years of history"
    )
    demo.add_argument("-o", "--output", required=True)
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> None:
    from store.demo import write_demo

    write_demo(Path(args.output), large=args.large, scale=args.scale, years=args.years)
