"""The notes table (storage.LAZY) of a vouched file version is decoded when first asked for:
the desk's first frame and `opsdesk today` never pay for it, and nothing a reader or a
writer sees, and no note, is lost by it."""

import multiprocessing
from pathlib import Path

import orjson
import pytest

from store import storage
from store.journal import capture
from store.storage import LAZY, Database, daily_backup_path


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A file this code wrote, with actions and notes, as after any change on the desk."""
    path = tmp_path / "opsdesk.json"
    db = Database(path)
    db.put_documents("actions", {"1": {"title": "Call vendor"}})
    db.put_documents(LAZY, {str(n): {"title": f"Sync {n}", "body": "x" * 50} for n in (1, 2)})
    db.start_journal()
    db.close()
    return path


def decodes(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """What the store decoded: files, journal lines, the lazy table alone."""
    calls: list[bytes] = []
    real = orjson.loads

    def counted(raw):
        calls.append(bytes(raw))
        return real(raw)

    monkeypatch.setattr(storage.orjson, "loads", counted)
    return calls


def test_the_lazy_table_is_decoded_when_first_asked_for(path: Path, monkeypatch) -> None:
    whole = orjson.loads(path.read_bytes())
    calls = decodes(monkeypatch)
    db = Database(path)
    lazy = db._lazy
    assert lazy is not None
    assert db.documents("actions") == whole["actions"] and db.table_names() == ["actions", LAZY]
    assert db.meta()["file_id"] == whole["_meta"]["1"]["file_id"]
    assert not any(lazy in raw for raw in calls)  # the notes were in nothing decoded so far
    assert db.documents(LAZY) == whole[LAZY]
    assert calls[-1] == lazy and db._lazy is None
    db.close()


def test_a_write_while_it_waits_keeps_every_note(path: Path) -> None:
    notes = orjson.loads(path.read_bytes())[LAZY]
    daily_backup_path(path).unlink()  # the day's backup is written from the undecoded table
    db = Database(path)
    assert db._lazy is not None
    assert orjson.loads(daily_backup_path(path).read_bytes())[LAZY] == notes
    db.put_documents("actions", {"2": {"title": "Book van"}})
    db.close()
    on_disk = orjson.loads(path.read_bytes())
    assert on_disk[LAZY] == notes and sorted(on_disk["actions"]) == ["1", "2"]
    db = Database(path)
    db.table("actions").insert({"title": "Through TinyDB"})  # TinyDB reads every table
    db.table(LAZY).update({"title": "Sync one"}, doc_ids=[1])
    db.close()
    notes["1"]["title"] = "Sync one"
    assert orjson.loads(path.read_bytes())[LAZY] == notes


def test_a_captured_note_joins_the_lazy_table(path: Path) -> None:
    reader = Database(path)
    assert reader._lazy is not None
    docs = capture(path, lambda db: db.table(LAZY).insert({"title": "Captured"}))
    assert docs == {LAZY: {"3": {"title": "Captured"}}}
    titles = sorted(doc["title"] for doc in reader.documents(LAZY).values())
    assert titles == ["Captured", "Sync 1", "Sync 2"]
    reader.put_documents("actions", {"2": {"title": "Fold the journal in"}})
    reader.close()
    assert sorted(orjson.loads(path.read_bytes())[LAZY]) == ["1", "2", "3"]
    assert capture(path, lambda db: db.table(LAZY).insert({"title": "Next"})) == {
        LAZY: {"4": {"title": "Next"}}
    }


@pytest.mark.parametrize(
    "tail",
    [b" notes 1 2", b" notes x y", b" notes 10", b" risks 12 40", b" notes 0 999999"],
)
def test_a_vouch_that_misplaces_the_table_means_a_full_read(path: Path, tail: bytes) -> None:
    lock = Path(f"{path}.lock")
    line, _, rest = lock.read_bytes().partition(b"\n")
    vouch = line.split(b" notes ")[0]
    lock.write_bytes(vouch + tail + b"\n" + rest)
    db = Database(path)
    assert db._lazy is None
    assert sorted(doc["title"] for doc in db.documents(LAZY).values()) == ["Sync 1", "Sync 2"]
    db.close()


def test_a_hint_keeps_the_vouch_and_where_the_table_lies(path: Path) -> None:
    db = Database(path)
    db.set_hint("nothing to move")
    db.close()
    again = Database(path)
    assert again._lazy is not None and again.hint() == "nothing to move"
    again.close()


def test_another_program_writing_the_file_means_a_full_read(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    data[LAZY]["1"]["title"] = "Edited elsewhere"
    path.write_bytes(orjson.dumps(data))  # not vouched: checked, and read in full
    db = Database(path)
    assert db._lazy is None and db.documents(LAZY)["1"]["title"] == "Edited elsewhere"
    db.close()


def test_a_copy_checked_in_full_is_vouched_with_where_the_table_lies(path: Path) -> None:
    copy = path.with_name("copy.json")
    copy.write_bytes(path.read_bytes())  # another inode: checked in full at its first open
    first = Database(copy)
    assert first._lazy is None
    first.close()
    again = Database(copy)
    assert again._lazy is not None
    assert sorted(again.documents(LAZY)) == ["1", "2"]
    again.close()


def _write_actions(path: Path, count: int) -> None:
    for number in range(count):
        db = Database(path)
        db.put_documents("actions", {str(1000 + number): {"title": f"written {number}"}})
        db.close()


def _capture_notes(path: Path, count: int) -> None:
    for number in range(count):

        def add(db: Database, number: int = number) -> None:
            db.table(LAZY).insert({"title": f"captured {number}"})

        if capture(path, add) is None:  # the slow way, as `opsdesk note` takes it
            db = Database(path)
            add(db)
            db.start_journal()
            db.close()


def _write_risks_reading_actions(path: Path, count: int) -> None:
    for number in range(count):
        db = Database(path)
        db.documents("actions")  # the notes stay undecoded until the write
        db.put_documents("risks", {str(2000 + number): {"title": f"risk {number}"}})
        db.close()


def test_writers_capturers_and_lazy_readers_at_once_lose_no_note(path: Path) -> None:
    fork = multiprocessing.get_context("fork")
    workers = [
        fork.Process(target=work, args=(path, 60))
        for work in (_write_actions, _capture_notes, _write_risks_reading_actions)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    db = Database(path)
    notes = sorted(doc["title"] for doc in db.documents(LAZY).values())
    assert notes == sorted(["Sync 1", "Sync 2", *(f"captured {n}" for n in range(60))])
    assert len(db.documents("actions")) == 61 and len(db.documents("risks")) == 60
    db.close()
