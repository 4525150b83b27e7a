"""`opsdesk project ...`, `people` and `search` from a shell, and closing a project."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store import dates
from store.demo import write_demo
from store.repository import Desk
from store.storage import Database
from tui.cli import main

TODAY = date(2026, 11, 20)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "desk.json"
    write_demo(path, today=TODAY)
    monkeypatch.setenv("OPSDESK_DB", str(path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(dates, "today", lambda: TODAY, raising=False)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def records_in(path: Path) -> dict:
    """The file's records; its `_meta` (e.g. the daily archive pass's date) left out."""
    return {k: v for k, v in json.loads(path.read_bytes()).items() if k != "_meta"}


def desk(path: Path) -> Desk:
    return Desk(Database(path))


def test_add_list_and_show(env: Path, capsys) -> None:
    code, out, err = run(
        capsys,
        "project",
        "add",
        "+hq",
        "--title",
        "HQ refit",
        "--target",
        "2027-03-31",
        "--phase",
        "planning",
    )
    assert (code, out, err) == (0, "hq\n", "")
    code, out, _ = run(capsys, "project", "list")
    assert out.splitlines()[1] == "hq  GREEN  planning  [active]  HQ refit"
    code, out, _ = run(capsys, "project", "show", "warehouse", "--json")
    shown = json.loads(out)
    assert (shown["name"], shown["health"], shown["kind"]) == ("warehouse", "amber", "project")
    assert shown["open_actions"] == 3 and shown["overdue_actions"] == 1
    code, out, _ = run(capsys, "project", "show", "warehouse")
    assert "measure Pallet positions ready: target 2400, current 1650" in out
    code, out, err = run(capsys, "project", "add", "hq")
    assert (code, err) == (2, "opsdesk: project 'hq' already exists\n")
    code, out, err = run(capsys, "project", "show", "nope")
    assert (code, err) == (2, "opsdesk: no project named 'nope'\n")


def test_edit_fields_health_with_history_measures_and_rename(env: Path, capsys) -> None:
    code, out, err = run(
        capsys,
        "project",
        "edit",
        "cutover",
        "health=red",
        "reason=rehearsal failed",
        "current:Rehearsal duration=11",
        "measure=Defects open;0;14",
        "stakeholder=ivy;auditor",
    )
    assert (code, err) == (0, ""), err
    project = desk(env).projects.named("cutover")
    assert (project.health, project.health_reason) == ("red", "rehearsal failed")
    last = project.health_history[-1]
    assert (last["on"], last["from"], last["to"]) == ("2026-11-20", "green", "red")
    assert [m["current"] for m in project.measures] == ["3.5", "11", "14"]
    assert project.stakeholders[-1] == {"name": "ivy", "role": "auditor"}
    code, out, err = run(capsys, "project", "edit", "cutover", "name=erp")
    assert code == 0 and all(a.project != "cutover" for a in desk(env).actions.all())
    assert desk(env).projects.named("erp").health == "red"


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("health=purple", "health 'purple' is not one of green, amber, red"),
        ("colour=red", "a project has no field 'colour'"),
        ("current:Nope=3", "no measure named 'Nope'"),
        ("target=someday", "someday"),
        ("status=closed", "'closed' is not one of active, on hold"),
        ("goal", "expected FIELD=VALUE"),
    ],
)
def test_a_bad_edit_is_one_line_and_changes_nothing(env: Path, capsys, assignment, message):
    run(capsys, "project", "list")  # the day's archive pass has run before the edit is tried
    before = records_in(env)
    code, out, err = run(capsys, "project", "edit", "cutover", "goal=changed", assignment)
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1
    assert records_in(env) == before


def test_people_lists_who_owes_what_and_since_when(env: Path, capsys) -> None:
    code, out, _ = run(capsys, "people", "--json")
    people = {p["name"]: p for p in json.loads(out)}
    bob = people["bob"]
    assert [w["title"] for w in bob["waiting"]] == ["Floor plan sign-off"]
    assert bob["last_meeting"]["title"] == "Warehouse site walk"
    assert people["gus"]["last_meeting"]["title"] == "Cut-over weekly"
    code, out, _ = run(capsys, "people")
    assert out.startswith("bob  1 open  0 overdue  waiting since")


def test_search_finds_every_kind_and_note_bodies(env: Path, capsys) -> None:
    code, out, _ = run(capsys, "search", "rehearsal", "--json")
    hits = json.loads(out)
    kinds = [h["kind"] for h in hits]
    assert kinds == sorted(kinds, key=["project", "action", "milestone", "risk", "note"].index)
    body = [h for h in hits if h["kind"] == "note"][0]
    assert body["field"] == "body" and "Rehearsal ran 2h over" in body["excerpt"]
    code, out, _ = run(capsys, "search", "nothing-like-this")
    assert (code, out) == (0, "")


def test_close_yes_then_reopen(env: Path, capsys) -> None:
    code, out, err = run(capsys, "project", "close", "vendor", "--yes")
    assert code == 0, err
    assert out.startswith("closed project vendor; lessons learned in note ")
    working = desk(env)
    assert all(r.project != "vendor" for r in working.actions.all() + working.risks.all())
    assert [p.name for p in working.projects.active()] == ["cutover", "warehouse"]
    archived = working.actions.archived()
    assert archived and all(a.status in ("cancelled", "done") for a in archived)
    assert all(r.status == "closed" for r in working.risks.archived())
    assert all(m.status != "open" for m in working.milestones.archived())
    [lessons] = [n for n in working.notes.archived() if n.title.startswith("Lessons")]
    assert "## What went well" in lessons.body
    code, out, _ = run(capsys, "search", "Carrier contract")
    assert "[archived]" in out
    code, out, _ = run(capsys, "report", "--project", "vendor")
    assert "## Carrier contract renegotiation (+vendor)" in out
    code, out, err = run(capsys, "project", "reopen", "vendor")
    assert (code, out) == (0, "reopened project vendor\n"), err
    again = desk(env)
    assert again.projects.named("vendor").status == "active"
    assert any(a.project == "vendor" for a in again.actions.all())


def test_close_asks_on_a_terminal_and_refuses_without_one(env: Path, capsys, monkeypatch):
    run(capsys, "project", "list")  # the day's archive pass has run before the edit is tried
    before = records_in(env)
    code, out, err = run(capsys, "project", "close", "vendor")
    assert code == 2 and "pass --yes" in err and records_in(env) == before

    from store.project_close import checklist
    from tui.cli.close import ask_plan

    answers = iter(["d", "", "k", "m", "cutover", "c", "-2", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    working = desk(env)
    items = checklist(working, "vendor")
    assert [m.title for m in items.milestones] == ["Shortlist vendors", "Contract signed"]
    plan = ask_plan(working, items, editor=lambda text: text + "Kick-off was late.\n")
    assert list(plan.milestones.values()) == ["done", "cancelled"]
    assert list(plan.actions.values()) == ["keep", "move", "cancel"] and plan.move_to == "cutover"
    assert plan.measures == {"Rate change vs. last year": "-2"}
    assert plan.lessons.endswith("Kick-off was late.\n")


def test_a_no_at_the_end_of_the_checklist_changes_nothing(env: Path, monkeypatch) -> None:
    from store.errors import UserError
    from store.project_close import checklist
    from tui.cli.close import ask_plan

    answers = iter(["", "", "", "", "", "", "n"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    working = desk(env)
    with pytest.raises(UserError, match="not closed; nothing changed"):
        ask_plan(working, checklist(working, "vendor"), editor=lambda text: text)


def test_a_plan_from_the_checklist_is_carried_out(env: Path) -> None:
    from store.project_close import ClosePlan, checklist, close_project

    working = desk(env)
    items = checklist(working, "vendor")
    first, second, third = (a.id for a in items.actions)
    plan = ClosePlan(
        milestones={items.milestones[0].id: "done"},
        actions={first: "keep", second: "move", third: "cancel"},
        move_to="cutover",
        measures={"Rate change vs. last year": "-2"},
    )
    close_project(working, "vendor", plan, TODAY)
    moved = working.actions.get(second)
    assert (moved.project, moved.status) == ("cutover", items.actions[1].status)
    assert moved in working.actions.all()  # it stays in the working set, with its new project
    kept, cancelled = working.actions.get(first), working.actions.get(third)
    assert kept.is_open and cancelled.status == "cancelled"
    assert working.milestones.get(items.milestones[0].id).done_on == TODAY
    assert working.projects.named("vendor").measures[0]["current"] == "-2"
    working.undo()  # one change: the undo brings it all back
    assert working.projects.named("vendor").status == "active"
    assert working.actions.get(second).project == "vendor"


def test_the_demo_counts_waiting_from_its_own_today(tmp_path: Path, capsys) -> None:
    """`opsdesk demo --today D`: what is waited on was handed over before D (the sample says
    how long ago), never on the machine's calendar day."""
    path = tmp_path / "demo.json"
    day = "2025-03-12"  # far from the calendar's today, either way
    assert run(capsys, "demo", "-o", str(path), "--today", day)[0] == 0
    code, out, _ = run(capsys, "people", "--json", "--db", str(path), "--today", day)
    waits = {w["title"]: (w["since"], w["days"]) for p in json.loads(out) for w in p["waiting"]}
    assert waits == {
        "Floor plan sign-off": ("2025-03-03", 9),
        "Signed NDA back from legal": ("2025-03-06", 6),
        "Book rehearsal room": ("2025-03-11", 1),  # from the meeting the day before
    }


def test_list_projects_takes_the_filters_and_formats_of_every_kind(env: Path, capsys) -> None:
    run(capsys, "project", "edit", "vendor", "status=on hold", "target=2026-11-30")
    run(capsys, "project", "edit", "cutover", "target=2026-11-18")
    code, out, _ = run(capsys, "list", "projects")
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == ["+cutover", "+warehouse"]
    assert "AMBER" in out or "GREEN" in out  # each line says its health
    code, out, _ = run(capsys, "list", "projects", "--all", "--json")
    docs = json.loads(out)
    assert {d["name"]: d["status"] for d in docs} == {
        "cutover": "active",
        "vendor": "on hold",
        "warehouse": "active",
    }
    assert all(d["kind"] == "project" and d["id"] for d in docs)
    code, out, _ = run(capsys, "list", "project", "--status", "on hold", "--format", "csv")
    assert out.splitlines()[0].startswith("id,") and out.count("\n") == 2 and "vendor" in out
    code, out, _ = run(capsys, "list", "projects", "--overdue", "--format", "json")
    assert [d["name"] for d in json.loads(out)] == ["cutover"]  # its target date has passed
    code, out, _ = run(capsys, "list", "projects", "--due-before", "2026-12-01", "--all", "--json")
    assert [d["name"] for d in json.loads(out)] == ["cutover", "vendor"]
    code, out, _ = run(capsys, "list", "projects", "--project", "warehouse", "--json")
    assert [d["name"] for d in json.loads(out)] == ["warehouse"]
    code, out, _ = run(capsys, "list", "projects", "--sort=-name", "--json")
    assert [d["name"] for d in json.loads(out)] == ["warehouse", "cutover"]


def test_list_projects_archived_shows_closed_ones_only(env: Path, capsys) -> None:
    assert run(capsys, "project", "close", "vendor", "--yes")[0] == 0
    code, out, _ = run(capsys, "list", "projects", "--archived", "--json")
    assert [(d["name"], d["status"]) for d in json.loads(out)] == [("vendor", "closed")]
    code, out, _ = run(capsys, "list", "projects", "--json")
    assert "vendor" not in [d["name"] for d in json.loads(out)]
