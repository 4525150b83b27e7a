"""The opsdesk command line: quick capture and listings for scripts, cron and a second SSH session.

This path never imports Textual unless the TUI is opened, so commands start fast. Each noun
group lives in its own module with `register(sub, common)`, which adds its subcommands and
sets `handler` on each; a new group is one module and its commands in COMMANDS. A command
imports and registers only its own module: building every subcommand's parser (and
importing what their options need) costs more than `opsdesk add` itself.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from store.errors import UserError
from tui.cli.common import (
    Parser,
    _opened,
    archive_old_records,
    as_json,
    complain,
    day_argument,
    db_path,
    dump,
    open_desk,
)

__all__ = [
    "as_json",
    "build_parser",
    "dispatch",
    "dump",
    "main",
    "open_desk",
    "open_tui",
]

# Each command and the module (in tui/cli/) that registers it; the modules in help order.
COMMANDS = {
    "add": "actions",
    **dict.fromkeys(("show", "edit", "delete", "done", "reopen"), "records"),
    **dict.fromkeys(("today", "list"), "listing"),
    "milestone": "milestones",
    "risk": "risks",
    "note": "notes",
    "undo": "undo",
    **dict.fromkeys(("export", "import"), "calendar"),
    "demo": "demo",
    **dict.fromkeys(("project", "report", "people", "search"), "projects"),
    "config": "config",
    "completion": "completion",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# Global options that take a value, to find the command word after them.
VALUE_OPTIONS = ("--db", "--today")


class Version(argparse.Action):
    """`--version`, read from the installed package only when asked (it costs a few ms)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("opsdesk")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"opsdesk {number}")
        parser.exit(0)


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names, found as argparse would: the first word that is neither
    an option nor the value of --db or --today (abbreviated too, as argparse allows)."""
    takes_value = False
    for word in argv:
        if takes_value:
            takes_value = False
        elif word.startswith("-"):
            takes_value = word.startswith("--") and "=" not in word and len(word) > 2
            takes_value = takes_value and any(o.startswith(word) for o in VALUE_OPTIONS)
        else:
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The parser for `argv`: with only the command it names (none at all when it names
    none and asks for no help); every command for help, completion, or a word that is no
    command (so that the error lists them)."""
    # Global options are accepted before or after the subcommand; SUPPRESS keeps a later
    # one from overwriting an earlier one with None.
    common = Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="data file (default: $OPSDESK_DB)")
    common.add_argument(
        "--today",
        type=day_argument,
        default=argparse.SUPPRESS,
        metavar="DATE",
        help="act as if today were DATE (any date opsdesk reads, e.g. 2026-12-01, fri)",
    )
    parser = Parser(prog="opsdesk", description=__doc__.splitlines()[0], parents=[common])
    parser.add_argument("--demo", action="store_true", help="open the TUI on a throw-away sample")
    parser.add_argument("--no-mouse", action="store_true", help="turn mouse reporting off")
    parser.add_argument("--version", action=Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name in _modules_for(argv):
        import_module(f"tui.cli.{name}").register(sub, common)
    parser.set_defaults(build_parser=build_parser)  # for `completion`, which prints it
    return parser


def _modules_for(argv: Sequence[str] | None) -> Sequence[str]:
    if argv is None:
        return COMMAND_MODULES
    word = command_word(argv)
    if word in COMMANDS:
        return (COMMANDS[word],)
    asks_help = any(w == "-h" or (len(w) > 2 and "--help".startswith(w)) for w in argv)
    return COMMAND_MODULES if word is not None or asks_help else ()


def main(argv: Sequence[str] | None = None) -> int:
    # A command (and the TUI while it starts) turns the whole data file into objects that
    # live until it ends; the cyclic collector would walk them over and over to free
    # nothing. The TUI switches it back on once the desk is drawn (OpsDesk.post_display_hook).
    collecting = gc.isenabled()
    gc.disable()
    try:
        code = _main(argv)
    finally:
        if collecting:
            gc.enable()
    if argv is None and _ran_command:
        _exit_now(code)  # a command run as a program, not the TUI nor a test calling main()
    return code


_ran_command = False


def _exit_now(code: int) -> None:
    """End the process without tearing down the data it loaded, object by object: everything
    is stored and flushed, so the interpreter's clean-up would only cost time."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if (position := _not_text(argv)) is not None:
        from tui.cli.common import complain

        complain(f"argument {position} is not valid text (bytes that are not UTF-8)")
        return 2
    args = build_parser(argv).parse_args(argv)
    today = getattr(args, "today", None)
    if today is None:
        return dispatch(args)
    from store import dates

    dates.set_today(today)
    try:
        return dispatch(args)
    finally:
        dates.set_today(None)  # main() called in-process (tests) leaves no override behind


def _not_text(argv: Sequence[str]) -> int | None:
    """The position (from 1) of the first argument holding bytes that are not UTF-8 (Python
    hands them over as lone surrogates, which no record can store), a data file's path
    (--db) left out; None when every one is text."""
    for position, word in enumerate(argv, 1):
        if word.startswith("--db=") or (position > 1 and argv[position - 2] == "--db"):
            continue
        if any("\udc80" <= char <= "\udcff" for char in word):
            return position
    return None


def dispatch(args: argparse.Namespace) -> int:
    """Run the command `args` names (no command: the TUI); errors become one line, exit 2."""
    try:
        if args.command is None:
            return open_tui(args)
        global _ran_command
        _ran_command = True
        code = args.handler(args) or 0
        if not code:
            _keep_undo(args)
            archive_old_records()
            _bring_today_up_to_date(args)
        return code
    except UserError as error:
        complain(error)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        _opened.clear()
        from tui.cli import common

        common.OPENED.clear()


def _keep_undo(args: argparse.Namespace) -> None:
    """The last change of a command that succeeded is what `opsdesk undo` takes back."""
    from tui.cli import common

    if not getattr(args, "keeps_undo", False):
        for desk, before in common.OPENED:
            if len(desk._history) > before:
                from tui.cli.undo_kept import remember

                remember(desk, db_path(args))


def _bring_today_up_to_date(args: argparse.Namespace) -> None:
    """The kept `opsdesk today` answer takes in what the command wrote (today_cache)."""
    from tui.cli import common

    for desk, _ in common.OPENED:
        if desk.db.commits:
            from tui.cli.today_cache import take_commits

            take_commits(desk.db, db_path(args))


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
