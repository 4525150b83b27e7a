"""A command builds only its own part of the parser and imports only what it uses, and
behaves exactly as with the whole parser."""

import argparse
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from cli_run import run

from tui import cli
from tui.cli.common import Parser

ROOT = Path(__file__).resolve().parents[2]


def registered(parser: argparse.ArgumentParser) -> set[str]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_commands_name_every_command_and_the_module_that_registers_it():
    assert registered(cli.build_parser()) == set(cli.COMMANDS)
    for word, module in cli.COMMANDS.items():
        alone = registered(cli.build_parser([word]))
        assert alone == {w for w, m in cli.COMMANDS.items() if m == module}, word


@pytest.mark.parametrize(
    "argv, word",
    [
        (["add", "x", "--db", "f"], "add"),
        (["--db", "today", "list", "actions"], "list"),
        (["--db=f", "--today", "fri", "today"], "today"),
        (["--tod", "fri", "--no-mouse", "show", "action", "1"], "show"),
        (["--db", "f"], None),
        ([], None),
    ],
)
def test_command_word_skips_global_options_and_their_values(argv, word):
    assert cli.command_word(argv) == word


def test_help_and_unknown_commands_still_list_every_command(env, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in cli.COMMANDS), out
    code, _, err = run(capsys, "--db", str(env), "gizmo")
    assert code == 2 and "invalid choice: 'gizmo'" in err and "completion" in err


def loaded_by(argv: list[str], env: Path) -> set[str]:
    code = f"""
        import sys
        from tui.cli import main
        assert main({argv!r}) == 0
        print(" ".join(sorted(sys.modules)))
        """
    result = subprocess.run(
        [sys.executable, "-c", dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"OPSDESK_DB": str(env), "XDG_CONFIG_HOME": str(env.parent / "config"), "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


@pytest.mark.parametrize("argv", [["add", "Call vendor +warehouse due:fri"], ["today"]])
def test_capture_and_today_import_no_other_command(env, argv):
    loaded_by(["add", "first"], env)  # the file exists and the journal has started
    loaded = loaded_by(argv, env)
    others = {f"tui.cli.{m}" for m in cli.COMMAND_MODULES} - {f"tui.cli.{cli.COMMANDS[argv[0]]}"}
    unused = {"store.report", "store.report_format", "textual", *others}
    assert not loaded & unused, loaded & unused


@pytest.mark.parametrize("columns", ["50", "200", "abc", None])
def test_help_is_laid_out_at_the_width_argparse_would_choose(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    parsers = [Parser(prog="opsdesk"), argparse.ArgumentParser(prog="opsdesk")]
    for parser in parsers:
        parser.add_argument("--due-before", metavar="DATE", help="due before DATE " * 12)
        parser.add_argument("kind", choices=["actions", "milestones", "risks", "notes"])
    assert parsers[0].format_help() == parsers[1].format_help()


def test_today_builds_its_parser_without_shutil(env):
    loaded_by(["add", "first"], env)
    assert "shutil" not in loaded_by(["today"], env)
