"""Command timings: `opsdesk add`, `show`, `edit`, `done`/`reopen`, `list --owner` and
`opsdesk export ics` as whole processes, the store calls
behind them in-process, and Taskwarrior's `task add` over the same 10k actions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import orjson

OPSDESK = Path(sys.executable).with_name("opsdesk")
QUICK_ADD = "Call vendor about PO @alice +warehouse #contract !high due:fri"


def timed_process(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall time of `runs` fresh processes, in ms (a failed run stops the benchmark)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode:
            raise RuntimeError(f"{argv[:4]} failed: {result.stderr.decode(errors='replace')}")
    return times


def interleaved(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    """Wall times (ms) of fresh processes; the commands take turns, so that a busy moment on
    a shared machine hits them alike. One untimed round first: the first open of the day
    writes opsdesk's daily backup, the first `task` after an import tidies its files."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for count in range(runs + 1):
        for name, (argv, env) in commands.items():
            [took] = timed_process(argv, env, 1)
            if count:
                times[name].append(took)
    return times


def timed_call(call: Callable[[], object], runs: int) -> list[float]:
    """In-process time of `runs` calls after one untimed call (which pays for imports), in ms."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def opsdesk_add(data: Path) -> list[str]:
    return [str(OPSDESK), "--db", str(data), "add", QUICK_ADD]


def opsdesk_today(data: Path) -> list[str]:
    return [str(OPSDESK), "--db", str(data), "today"]


def opsdesk_export(data: Path, out: Path) -> list[str]:
    return [str(OPSDESK), "--db", str(data), "export", "ics", "-o", str(out)]


def open_action(data: Path) -> tuple[int, str]:
    """The id of an open action someone owns, and that owner: what show/edit/done/list use."""
    actions = orjson.loads(data.read_bytes())["actions"]
    for key, doc in actions.items():
        if doc.get("owner") and doc.get("status") not in ("done", "cancelled", None):
            if not doc.get("deleted") and not doc.get("recur"):
                return int(key), doc["owner"]
    raise RuntimeError(f"{data} has no open action with an owner")


def opsdesk_record_commands(data: Path) -> dict[str, list[str]]:
    """One-record commands on one action of `data`; done and reopen take turns, so each run
    of done finds it open."""
    action_id, owner = open_action(data)
    base = [str(OPSDESK), "--db", str(data)]
    return {
        "opsdesk show": [*base, "show", "action", str(action_id)],
        "opsdesk edit": [*base, "edit", "action", str(action_id), "title=Call vendor again"],
        "opsdesk done": [*base, "done", str(action_id)],
        "opsdesk reopen": [*base, "reopen", str(action_id)],
        "opsdesk list --owner": [*base, "list", "actions", "--owner", owner],
    }


def store_add(data: Path, runs: int) -> list[float]:
    """The repository call behind the quick-add: parse, add, write the file."""
    from store.repository import Desk
    from store.storage import Database

    desk = Desk(Database(data))
    try:
        return timed_call(lambda: desk.actions.add_quick(QUICK_ADD), runs)
    finally:
        desk.db.close()


def store_export(data: Path, runs: int) -> dict[str, list[float]]:
    """calendar_bytes as the TUI and CLI call it (reads the milestones), and export_ics alone."""
    from store.config import calendar_bytes
    from store.ics import export_ics
    from store.repository import Desk
    from store.storage import Database

    desk = Desk(Database(data))
    try:
        milestones = desk.milestones.all()
        count = len(calendar_bytes(desk, {}).split(b"BEGIN:VEVENT")) - 1
        if count != len(milestones):
            raise RuntimeError(f"exported {count} events for {len(milestones)} milestones")
        return {
            "calendar_bytes": timed_call(lambda: calendar_bytes(desk, {}), runs),
            "export_ics": timed_call(lambda: export_ics(milestones, file_id=desk.db.file_id), runs),
            "milestones": [float(len(milestones))],
        }
    finally:
        desk.db.close()


# -- Taskwarrior -----------------------------------------------------------------------------


def taskwarrior_version() -> str | None:
    task = shutil.which("task")
    if task is None:
        return None
    result = subprocess.run([task, "--version"], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def _tw_time(value: str | None) -> str | None:
    """An opsdesk date or date-time as Taskwarrior's UTC form, 20261122T043219Z."""
    if not value:
        return None
    when = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%dT%H%M%SZ")


def taskwarrior_tasks(data: Path) -> list[dict]:
    """The actions of an opsdesk data file as Taskwarrior tasks."""
    statuses = {"done": "completed", "cancelled": "deleted"}
    priorities = {1: "H", 2: "M", 3: "L"}
    tasks = []
    actions = dict(orjson.loads(data.read_bytes())["actions"])
    archive = data.with_name(f"{data.stem}.archive{data.suffix}")
    if archive.exists():  # Taskwarrior gets the whole history too
        actions.update(orjson.loads(archive.read_bytes()).get("actions", {}))
    for doc in actions.values():
        task = {
            "description": doc["title"],
            "status": statuses.get(doc["status"], "pending"),
            "entry": _tw_time(doc["created"]),
        }
        if doc.get("project"):
            task["project"] = doc["project"]
        if due := _tw_time(doc.get("due")):
            task["due"] = due
        if doc.get("priority") in priorities:
            task["priority"] = priorities[doc["priority"]]
        if doc.get("tags"):
            task["tags"] = doc["tags"]
        if task["status"] != "pending":
            task["end"] = _tw_time(doc.get("done_at")) or task["entry"]
        tasks.append(task)
    return tasks


def taskwarrior_setup(data: Path, folder: Path, env: dict[str, str]) -> tuple[dict, int, float]:
    """A private Taskwarrior holding the same actions; returns its env, task count, import ms."""
    folder.mkdir(parents=True)
    (folder / "data").mkdir()
    rc = folder / "taskrc"
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\n", encoding="utf-8")
    tasks = taskwarrior_tasks(data)
    export = folder / "tasks.json"
    export.write_text(json.dumps(tasks), encoding="utf-8")
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(folder / "data")}
    [import_ms] = timed_process(["task", "rc.confirmation=off", "import", str(export)], tw_env, 1)
    return tw_env, len(tasks), import_ms


def task_add(quiet: bool = False) -> list[str]:
    """The same action as QUICK_ADD, in Taskwarrior's words (with `quiet`, without its
    messages: rc.verbose=nothing)."""
    argv = ["task", "rc.confirmation=off", *(["rc.verbose=nothing"] if quiet else []), "add"]
    words = ["Call vendor about PO", "project:warehouse", "+contract", "priority:H", "due:fri"]
    return argv + words


def task_next() -> list[str]:
    """Taskwarrior's own "what now" report, next to `opsdesk today`."""
    return ["task", "rc.confirmation=off", "next"]
