"""The hostile-string corpus through the command line: every plain-text line (listings of
every kind, show, today, errors that echo what was typed, confirmations) shows control
characters visibly and never emits one; `--json` keeps the exact text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import CLEAR, HOSTILE, OSC52, terminal_safe

from store.text import safe_text
from tui.cli import main

OPSDESK = str(Path(sys.executable).parent / "opsdesk")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(db))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("EDITOR", "false")
    return db


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None):
    if stdin is not None:
        import io

        sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = exit.code
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def fill(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """One record of every kind per hostile string; every line the commands printed."""
    printed = []
    for text in HOSTILE.values():
        for argv, stdin in (
            (("add", text, "due:today"), None),
            (("milestone", "add", text, "--date", "2026-11-27"), None),
            (("risk", "add", text, "--probability", "3", "--impact", "4"), None),
            (("risk", "add", "R", "--probability", "2", "--impact", "2", "--owner", text), None),
            (
                ("risk", "add", "M", "--probability", "2", "--impact", "2", "--mitigation", text),
                None,
            ),
            (("note", text, "--attendees", f"{text},dana"), f"Decision: {text}\n- [ ] {text}\n"),
        ):
            code, out, err = run(capsys, *argv, stdin=stdin)
            assert code == 0, err
            printed.append(out + err)
    return printed


def test_capture_commands_print_nothing_a_terminal_acts_on(env, capsys) -> None:
    for output in fill(capsys):
        assert terminal_safe(output) == []


@pytest.mark.parametrize("kind", ["actions", "milestones", "risks", "notes"])
def test_listings_of_every_kind_show_control_characters_visibly(env, capsys, kind) -> None:
    fill(capsys)
    code, out, err = run(capsys, "list", kind, "--all")
    assert code == 0, err
    assert terminal_safe(out) == [] and terminal_safe(err) == []
    assert "␛]52;c;cHduZWQ=␇" in out
    assert "Weekly sync [Q3]" in out


@pytest.mark.parametrize("kind", ["actions", "milestones", "risks", "notes"])
def test_csv_shows_control_characters_visibly_too(env, capsys, kind) -> None:
    fill(capsys)
    code, out, err = run(capsys, "list", kind, "--all", "--format", "csv")
    assert code == 0, err
    assert terminal_safe(out.replace("\r\n", "\n")) == []  # CSV's own line ends are CRLF
    assert "␛]52;c;cHduZWQ=␇" in out


@pytest.mark.parametrize("kind", ["actions", "milestones", "risks", "notes"])
def test_json_keeps_the_exact_text(env, capsys, kind) -> None:
    fill(capsys)
    code, out, _ = run(capsys, "list", kind, "--all", "--json")
    assert code == 0
    titles = {record["title"] for record in json.loads(out)}
    assert HOSTILE["osc52"] in titles
    assert "\x1b" not in out  # JSON escapes it: \u001b


def test_errors_that_echo_what_was_typed_are_safe(env, capsys) -> None:
    for argv in (
        ("add", f"Pay due:{OSC52}"),
        ("milestone", "add", "M", "--date", OSC52),
        ("risk", "add", "R", "--probability", OSC52, "--impact", "2"),
        ("list", "actions", "--owner", "x", "--due-before", OSC52),
        ("done", OSC52),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2, (argv, out, err)
        assert terminal_safe(out + err) == [], argv


def test_error_lines_leave_by_the_one_door_and_stay_one_line(env, capsys, tmp_path) -> None:
    hostile = f"no{CLEAR}\nsuch"
    missing = tmp_path / f"{hostile}.ics"
    code, out, err = run(capsys, "import", "ics", str(missing))
    assert code == 2 and out == ""
    # shown as every other line shows them (store/text.py), the line break included
    assert err == safe_text(f"opsdesk: cannot read {missing}: No such file or directory") + "\n"
    code, out, err = run(capsys, "today", hostile)  # argparse's usage error echoes it raw
    assert code == 2 and err.count("\n") == 1
    assert safe_text(hostile) in err and terminal_safe(err) == []


def test_show_and_done_print_titles_safely(env, capsys) -> None:
    fill(capsys)
    for kind in ("action", "milestone", "risk", "note"):
        code, out, err = run(capsys, "show", kind, "1")
        assert code == 0, err
        assert terminal_safe(out) == [], kind
    code, out, _ = run(capsys, "done", "1")
    assert code == 0 and terminal_safe(out) == []


def test_opsdesk_today_output_holds_no_byte_below_space_but_newline(env, capsys) -> None:
    fill(capsys)
    result = subprocess.run(
        [OPSDESK, "today"],
        capture_output=True,
        env=os.environ.copy(),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Pay" in result.stdout or b"\xe2\x90\x9b" in result.stdout  # shown
    bad = sorted({byte for byte in result.stdout if byte < 0x20 and byte != 0x0A})
    assert bad == [] and b"\x1b" not in result.stdout
    assert b"\xc2\x9b" not in result.stdout and b"\xc2\x9d" not in result.stdout
