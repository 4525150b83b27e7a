"""The data file keeps every write and stays valid: concurrent writers, kill -9, bad files,
full disks, private modes, migration and change detection."""

import errno
import multiprocessing
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import orjson
import pytest
from tinydb import Query

from store.config import default_db_path
from store.models import Action
from store.storage import MIGRATIONS, SCHEMA_VERSION, Database, DataFileError

ROOT = Path(__file__).resolve().parents[2]
V1_FIXTURE = Path(__file__).parent / "fixtures" / "v1.json"

# Inserts COUNT actions titled LABEL-n, each in its own transaction, as another process would.
INSERTER = """
import sys
from store.storage import Database

db = Database(sys.argv[1])
actions = db.table("actions")
for number in range(int(sys.argv[3])):
    with db.transaction():
        actions.insert({"title": f"{sys.argv[2]}-{number}"})
db.close()
"""


def start_inserter(path: Path, label: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", INSERTER, str(path), label, str(count)]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> None:
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors


def titles(db: Database) -> list[str]:
    return sorted(doc["title"] for doc in db.table("actions").all())


def titles_on_disk(path: Path) -> list[str]:
    return sorted(
        doc["title"] for doc in orjson.loads(path.read_bytes()).get("actions", {}).values()
    )


def test_two_processes_inserting_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    Database(path).close()
    writers = [start_inserter(path, label, 200) for label in ("left", "right")]
    for writer in writers:
        finish(writer)
    docs = orjson.loads(path.read_bytes())["actions"]
    assert sorted(int(doc_id) for doc_id in docs) == list(range(1, 401))
    expected = sorted(f"{label}-{n}" for label in ("left", "right") for n in range(200))
    assert sorted(doc["title"] for doc in docs.values()) == expected


def payload(number: int) -> str:
    return f"{number:08d}" * 250_000  # 2 MB, and tells which write it came from


def rewrite_forever(path: Path) -> None:
    db = Database(path)
    blob = db.table("blob")
    while True:
        with db.transaction():
            number = blob.get(doc_id=1)["n"] + 1
            blob.update({"n": number, "payload": payload(number)}, doc_ids=[1])


def test_kill_9_at_random_moments_never_leaves_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    db = Database(path)
    db.table("blob").insert({"n": 0, "payload": payload(0)})
    db.close()
    fork = multiprocessing.get_context("fork")
    chance = random.Random(9)
    last = killed_mid_write = 0
    for _ in range(60):
        writer = fork.Process(target=rewrite_forever, args=(path,))
        writer.start()
        time.sleep(chance.uniform(0.0, 0.06))  # the moment of the kill is the point of the test
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        killed_mid_write += any(tmp_path.glob(".opsdesk.json.*.tmp"))
        doc = orjson.loads(path.read_bytes())["blob"]["1"]
        assert doc["payload"] == payload(doc["n"])
        assert doc["n"] >= last
        last = doc["n"]
    assert last > 0
    assert killed_mid_write > 0  # some kills landed while a new file was half written
    reopened = Database(path)
    assert reopened.table("blob").get(doc_id=1)["n"] == last
    assert not any(tmp_path.glob(".opsdesk.json.*.tmp"))  # the leftovers are cleaned up
    reopened.close()


GOOD = orjson.dumps({"_meta": {"1": {"schema": 2, "file_id": "a" * 32}}, "actions": {"1": {}}})
NEWER = orjson.dumps({"_meta": {"1": {"schema": SCHEMA_VERSION + 1, "file_id": "a" * 32}}})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (GOOD[: len(GOOD) // 2], "not valid JSON"),
        (b"\x00\xff\xfe garbage {", "not valid JSON"),
        (b'["not", "tables"]', "not an opsdesk data file"),
        (NEWER, "newer opsdesk"),
    ],
    ids=["empty", "truncated", "garbage", "not-tables", "newer-schema"],
)
def test_a_bad_file_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "opsdesk.json"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as refused:
        Database(path)
    message = str(refused.value)
    assert str(path) in message
    assert reason in message
    assert "\n" not in message
    assert path.read_bytes() == content
    assert not (tmp_path / "opsdesk.json.backups").exists()


def test_a_file_damaged_while_open_is_refused_and_not_overwritten(file_db: Database) -> None:
    actions = file_db.table("actions")
    actions.insert({"title": "kept"})
    damaged = b'{"actions": {"1": {"title": "ke'
    file_db.path.write_bytes(damaged)
    with pytest.raises(DataFileError, match="not valid JSON"):
        actions.all()
    with pytest.raises(DataFileError, match="not valid JSON"):
        actions.insert({"title": "new"})
    assert file_db.path.read_bytes() == damaged


def test_files_and_folders_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "data" / "opsdesk.json"
    old_umask = os.umask(0)
    try:
        db = Database(path)
        db.table("actions").insert({"title": "x"})
        db.close()
    finally:
        os.umask(old_umask)
    backups = tmp_path / "data" / "opsdesk.json.backups"

    def mode(item: Path) -> int:
        return stat.S_IMODE(item.stat().st_mode)

    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(tmp_path / "data" / "opsdesk.json.lock") == 0o600
    assert mode(backups) == 0o700
    assert [mode(backup) for backup in backups.iterdir()] == [0o600]


def test_a_v1_file_is_backed_up_then_migrated(tmp_path: Path) -> None:
    original = V1_FIXTURE.read_bytes()
    path = tmp_path / "opsdesk.json"
    path.write_bytes(original)
    db = Database(path)
    backups = list((tmp_path / "opsdesk.json.backups").glob("opsdesk.schema1-*.json"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == original
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    actions = {doc.doc_id: doc for doc in db.table("actions").all()}
    assert {doc_id: doc["priority"] for doc_id, doc in actions.items()} == {
        1: 1,
        2: 2,
        3: None,
        4: 3,
    }
    assert actions[1]["tags"] == ["contract", "vendor"]
    assert actions[2]["tags"] == []
    assert actions[4]["tags"] == ["ops", "cleanup"]
    assert Action.from_doc(actions[1], 1).priority == 1
    assert re.fullmatch("[0-9a-f]{32}", db.file_id)
    stored = orjson.loads(path.read_bytes())
    assert stored["_meta"] == {"1": {"schema": SCHEMA_VERSION, "file_id": db.file_id}}
    before = orjson.loads(original)
    assert {table: stored[table] for table in ("milestones", "risks", "notes")} == {
        table: before[table] for table in ("milestones", "risks", "notes")
    }
    db.close()
    reopened = Database(path)
    assert reopened.file_id == db.file_id  # stable: calendar UIDs hang on it
    assert len(list((tmp_path / "opsdesk.json.backups").glob("opsdesk.schema1-*.json"))) == 1
    reopened.close()


def test_there_is_one_migration_per_schema_step() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION - 1


@pytest.mark.parametrize("failing_call", ["write", "replace"])
def test_a_full_disk_raises_and_leaves_the_file_as_it_was(
    file_db: Database, monkeypatch: pytest.MonkeyPatch, failing_call: str
) -> None:
    actions = file_db.table("actions")
    actions.insert({"title": "kept"})
    before = file_db.path.read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing_call, disk_full)
    expected = f"cannot write {re.escape(str(file_db.path))}: No space left on device"
    with pytest.raises(DataFileError, match=expected):
        actions.insert({"title": "lost"})
    monkeypatch.undo()
    assert file_db.path.read_bytes() == before
    assert titles(file_db) == ["kept"]  # the failed insert is not left in the cache
    assert not any(file_db.path.parent.glob(".opsdesk.json.*.tmp"))
    assert actions.insert({"title": "next"}) == 2


def test_changed_on_disk_sees_another_process_and_the_cache_follows(file_db: Database) -> None:
    actions = file_db.table("actions")
    actions.insert({"title": "mine"})
    assert not file_db.changed_on_disk()  # our own write is not a change
    titled = Query().title.exists()
    assert len(actions.search(titled)) == 1  # now in TinyDB's query cache
    finish(start_inserter(file_db.path, "theirs", 1))
    assert file_db.changed_on_disk()
    assert sorted(doc["title"] for doc in actions.search(titled)) == ["mine", "theirs-0"]
    assert not file_db.changed_on_disk()
    assert actions.insert({"title": "mine again"}) == 3  # the next id was not cached stale


def test_a_same_size_change_within_one_clock_tick_is_still_seen(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    reader, writer = Database(path), Database(path)
    writer.table("items").insert({"status": "todo"})
    assert reader.table("items").get(doc_id=1)["status"] == "todo"
    before = path.stat()
    # Two writes: the second new file may be given the inode number freed by the first.
    writer.table("items").update({"status": "done"}, doc_ids=[1])
    writer.table("items").update({"status": "wait"}, doc_ids=[1])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert reader.changed_on_disk()
    assert reader.table("items").get(doc_id=1)["status"] == "wait"
    reader.close()
    writer.close()


def test_inserts_from_two_handles_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    first, second = Database(path), Database(path)
    for number in range(5):
        first.table("actions").insert({"title": f"first-{number}"})
        second.table("actions").insert({"title": f"second-{number}"})
    assert len(titles_on_disk(path)) == 10
    assert titles(first) == titles(second) == titles_on_disk(path)
    first.close()
    second.close()


def test_a_transaction_writes_once_at_its_end(file_db: Database) -> None:
    actions = file_db.table("actions")
    with file_db.transaction():
        actions.insert({"title": "a"})
        with file_db.transaction():
            actions.insert({"title": "b"})
        assert titles_on_disk(file_db.path) == []
        assert titles(file_db) == ["a", "b"]
    assert titles_on_disk(file_db.path) == ["a", "b"]


def test_a_failed_transaction_changes_nothing(db: Database) -> None:
    actions = db.table("actions")
    actions.insert({"title": "a"})
    with pytest.raises(RuntimeError), db.transaction():
        actions.insert({"title": "b"})
        actions.update({"title": "changed"}, doc_ids=[1])
        raise RuntimeError("the command failed half way")
    assert titles(db) == ["a"]
    assert actions.insert({"title": "c"}) == 2


def test_a_memory_database_works_like_a_file(memory_db: Database) -> None:
    actions = memory_db.table("actions")
    assert actions.insert({"title": "x"}) == 1
    assert actions.get(doc_id=1)["title"] == "x"
    memory_db.reload()
    assert titles(memory_db) == ["x"]
    assert memory_db.path is None
    assert not memory_db.changed_on_disk()
    assert re.fullmatch("[0-9a-f]{32}", memory_db.file_id)


def test_a_new_file_gets_a_stable_id_and_todays_backup(tmp_path: Path) -> None:
    path = tmp_path / "new" / "opsdesk.json"
    db = Database(path)
    db.close()
    stored = orjson.loads(path.read_bytes())
    assert stored["_meta"]["1"] == {"schema": SCHEMA_VERSION, "file_id": db.file_id}
    today = tmp_path / "new" / "opsdesk.json.backups" / f"opsdesk.{date.today()}.json"
    assert orjson.loads(today.read_bytes()) == stored
    assert Database(path).file_id == db.file_id


def test_only_the_last_seven_daily_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    Database(path).close()
    folder = tmp_path / "opsdesk.json.backups"
    for day in range(1, 10):
        (folder / f"opsdesk.2020-01-{day:02d}.json").write_bytes(b"{}")
    Database(path).close()
    kept = sorted(backup.name for backup in folder.iterdir())
    old = [f"opsdesk.2020-01-{day:02d}.json" for day in range(4, 10)]
    assert kept == [*old, f"opsdesk.{date.today()}.json"]


def test_default_db_path_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("OPSDESK_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_db_path() == tmp_path / ".local" / "share" / "opsdesk" / "opsdesk.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "opsdesk" / "opsdesk.json"
    monkeypatch.setenv("OPSDESK_DB", str(tmp_path / "mine.json"))
    assert default_db_path() == tmp_path / "mine.json"
