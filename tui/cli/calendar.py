"""`opsdesk export ics`: the desk's dates for calendar tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.common import add_command, open_desk


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = add_command(sub, common, "export", "export to other tools")
    export.add_argument("format", choices=["ics"])
    export.add_argument("-o", "--output", default="-")
    export.add_argument("--actions", action="store_true", help="include dated actions")
    export.add_argument("--project", default="")
    export.set_defaults(handler=cmd_export)


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
