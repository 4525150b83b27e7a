"""`opsdesk export ics` and `opsdesk import ics`: the desk's dates for calendar tools, and
invitations from them as meeting notes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.common import add_command, day_argument, open_desk, say


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = add_command(sub, common, "export", "export to other tools")
    export.add_argument("format", choices=["ics"])
    export.add_argument("-o", "--output", default="-")
    export.add_argument("--actions", action="store_true", help="include dated actions")
    export.add_argument("--project", default="")
    export.set_defaults(handler=cmd_export)

    imports = add_command(sub, common, "import", "import invitations as meeting notes")
    imports.add_argument("format", choices=["ics"])
    imports.add_argument("file", help="an .ics file, or - for stdin")
    imports.add_argument(
        "--from", dest="start", type=day_argument, help="expand repeating meetings from DATE"
    )
    imports.add_argument("--to", dest="end", type=day_argument, help="... up to DATE")
    imports.set_defaults(handler=cmd_import)


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


def cmd_import(args: argparse.Namespace) -> None:
    from store.config import load_config
    from store.dates import today
    from store.errors import UserError
    from store.ics_import import import_file, window_of

    config = load_config()
    window = window_of(args.start, args.end, today())
    if args.file == "-":
        data, source = sys.stdin.buffer.read(), "stdin"
    else:
        try:
            data, source = Path(args.file).read_bytes(), args.file
        except OSError as error:
            raise UserError(f"cannot read {args.file}: {error.strerror or error}") from None
    result = import_file(open_desk(args), data, source, config, window=window, today=today())
    say(result.summary())
