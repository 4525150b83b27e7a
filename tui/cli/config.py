"""`opsdesk config check`: report what in config.toml the app would ignore or misread.

One line per problem on stderr and exit 2, so a script (or the person after editing the
file) learns of an unknown binding id, a key taken from another binding, or an unknown
theme before the TUI starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from tui.cli.common import add_command

    config = add_command(sub, common, "config", "check config.toml")
    verbs = config.add_subparsers(dest="config_command", metavar="VERB", required=True)
    check = verbs.add_parser("check", help="report unknown keys, key clashes, unknown themes")
    check.add_argument("--config", dest="config_path", default=None, help="default: config.toml")
    config.set_defaults(handler=run_config)


def run_config(args: argparse.Namespace) -> int:
    from store.config import config_path, load_config
    from tui.cli.common import complain, say

    path = Path(args.config_path) if args.config_path else config_path()
    config = load_config(path)  # a file that does not parse is a UserError: one line, exit 2
    problems = config_problems(config, path)
    for problem in problems:
        complain(f"{path}: {problem}")
    if problems:
        return 2
    say(f"{path}: no problems" if path.exists() else f"{path}: no config file (defaults)")
    return 0


def config_problems(config: dict[str, Any], path: Path) -> list[str]:
    from themes import load_themes
    from tui.keymap_check import keymap_problems

    problems = keymap_problems(config.get("keys", {}))
    theme = config.get("theme")
    if theme is not None:
        themes, theme_errors = load_themes(path.parent / "themes")
        problems.extend(theme_errors)
        names = sorted(t.name for t in themes)
        if theme not in names:
            problems.append(f"unknown theme {theme!r} (one of: {', '.join(names)})")
    return problems
