"""Random argument lists never crash the command line: every run ends with exit 0 or 2 and
no traceback, whatever the words (in-process main() over a small data file)."""

import contextlib
import io
import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.demo import write_demo
from tui.cli import main

COMMANDS = ["add", "show", "edit", "delete", "undo", "done", "reopen", "list", "today"]
COMMANDS += ["milestone", "risk", "note"]
WORDS = [
    *("action", "actions", "milestone", "risk", "note", "notes", "project", "widget"),
    *("add", "move", "done", "cancel", "reopen", "close", "occur", "review", "rescore"),
    *("1", "2", "3", "0", "-1", "99999999999999999999", "1.5", "x"),
    *("title=New", "due=fri", "due=someday", "forecast=+3d", "owner=", "tags=a,b", "status=done"),
    *("probability=9", "impact=2", "body=-", "=", "title=", "review_days=x", "start=14:30"),
    *("@dave", "+moves", "#ops", "!high", "!nope", "due:", "every:mon", "every:never"),
    *("--json", "--format", "csv", "table", "--owner", "--status", "--tag", "--sort", "-due"),
    *("--due-before", "--due-after", "--waiting", "--overdue", "--all", "--project"),
    *("--probability", "--impact", "--reason", "--date", "--today", "2026-12-01", "eom"),
    *("\x1b[31m", "\u202e", "ü", "", " "),
]


@st.composite
def argv(draw) -> list[str]:
    words = draw(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=7))
    return [draw(st.sampled_from(COMMANDS)), *words]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=argv())
def test_random_arguments_end_in_exit_0_or_2_without_traceback(args, tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("fuzz")
    data = folder / "desk.json"
    write_demo(data)
    monkeypatch.setenv("OPSDESK_DB", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Decision: go\n- [ ] Book van\n"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exit:
            code = exit.code
    assert code in (0, 2), (args, code, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().count("\n") == 1, (args, err.getvalue())
    assert sorted(p.name for p in Path(folder).iterdir() if not p.name.startswith("desk.json")) in (
        [],
        ["config"],
    ), os.listdir(folder)
