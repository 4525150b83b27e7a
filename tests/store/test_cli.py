"""The command line: capture, listings, user errors, and concurrent writers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

OPSDESK = str(Path(sys.executable).parent / "opsdesk")


def test_add_prints_id_and_lists(env, capsys):
    assert run(capsys, "add", "Call", "vendor", "@alice", "+warehouse", "!high", "due:today")[
        :2
    ] == (0, "1\n")
    code, out, _ = run(capsys, "list", "actions", "--json")
    [action] = json.loads(out)
    assert (action["id"], action["title"], action["owner"], action["priority"]) == (
        1,
        "Call vendor",
        "alice",
        1,
    )
    code, out, _ = run(capsys, "today")
    assert "Due today (1)" in out and "Call vendor" in out


def test_db_before_or_after_subcommand(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("OPSDESK_DB", raising=False)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    run(capsys, "--db", str(one), "add", "first")
    run(capsys, "add", "second", "--db", str(two))
    assert (
        json.loads(run(capsys, "list", "actions", "--json", "--db", str(one))[1])[0]["title"]
        == "first"
    )
    assert (
        json.loads(run(capsys, "--db", str(two), "list", "actions", "--json")[1])[0]["title"]
        == "second"
    )


@pytest.mark.parametrize(
    "argv, message",
    [
        (["add", "x", "due:frid"], "frid"),
        (["done", "42"], "no action with id 42"),
        (["milestone", "add", "M", "--date", "notadate"], "notadate"),
        (["milestone", "move", "9", "fri"], "no milestone with id 9"),
        (["risk", "add", "R", "--probability", "6", "--impact", "1"], "expected 1 to 5"),
        (["list", "gizmos"], "invalid choice"),
    ],
)
def test_user_errors_are_one_line_exit_2(env, capsys, argv, message):
    run(capsys, "add", "keep me")
    before = env.read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert env.read_bytes() == before


def test_done_and_list_all(env, capsys):
    run(capsys, "add", "a")
    run(capsys, "add", "b +ops")
    assert run(capsys, "done", "1")[0] == 0
    assert [a["title"] for a in json.loads(run(capsys, "list", "actions", "--json")[1])] == ["b"]
    titles = [a["title"] for a in json.loads(run(capsys, "list", "actions", "--all", "--json")[1])]
    assert sorted(titles) == ["a", "b"]
    assert run(capsys, "list", "actions", "--project", "nope")[1] == ""


def test_note_from_stdin_creates_actions(env, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("- [ ] Send minutes @bob\nDecision: go\n"))
    code, out, _ = run(capsys, "note", "Weekly", "--attendees", "a, b", "--project", "ops")
    assert code == 0 and out.splitlines() == ["note 1", "1"]
    note = json.loads(run(capsys, "list", "notes", "--json")[1])[0]
    assert note["attendees"] == ["a", "b"] and note["decisions"] == ["go"]


def test_demo_refuses_existing_file(tmp_path, capsys):
    target = tmp_path / "demo.json"
    assert run(capsys, "demo", "-o", str(target))[0] == 0
    before = target.read_bytes()
    code, _, err = run(capsys, "demo", "-o", str(target))
    assert code == 2 and str(target) in err and target.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b'{"actions": {"1": {"title": "x"', b"\x00garbage\xff"])
def test_damaged_file_refused_and_untouched(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = subprocess.run(
        [OPSDESK, "--db", str(bad), "add", "x"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert str(bad) in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert bad.read_bytes() == content


def test_two_processes_adding_200_each(tmp_path):
    """Two shells each run `opsdesk add` 200 times against one file: nothing is lost."""
    db = tmp_path / "shared.json"
    script = f'for i in $(seq 200); do "{OPSDESK}" add "$1 $i" >/dev/null || exit 1; done'
    env = {**os.environ, "OPSDESK_DB": str(db), "XDG_CONFIG_HOME": str(tmp_path)}
    writers = [subprocess.Popen(["bash", "-c", script, "-", name], env=env) for name in "ab"]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    listed = subprocess.run(
        [OPSDESK, "list", "actions", "--json"], env=env, capture_output=True, text=True, check=True
    )
    actions = json.loads(listed.stdout)
    assert len(actions) == 400
    assert len({a["id"] for a in actions}) == 400
    assert {a["title"] for a in actions} == {f"{n} {i}" for n in "ab" for i in range(1, 201)}
