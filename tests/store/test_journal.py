"""The capture journal: appended records are read by every reader, folded by the next write,
never given an id twice, and never lost or half-read (kill -9, a full disk, two writers)."""

import errno
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import orjson
import pytest

from store.errors import UserError
from store.journal import capture, journal_path
from store.repository import Desk
from store.storage import Database, DataFileError


def add_title(title: str):
    def build(db: Database) -> None:
        db.table("actions").insert({"title": title})

    return build


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A data file whose journal is started, as after the first `opsdesk add`."""
    path = tmp_path / "opsdesk.json"
    db = Database(path)
    db.table("actions").insert({"title": "in the file"})
    db.start_journal()
    db.close()
    return path


def titles(path: Path) -> list[str]:
    db = Database(path)
    found = sorted(doc["title"] for doc in db.documents("actions").values())
    db.close()
    return found


def journal_lines(path: Path) -> list[bytes]:
    return journal_path(path).read_bytes().splitlines()


def test_a_capture_appends_one_line_and_every_reader_sees_it(path: Path) -> None:
    before = path.read_bytes()
    reader = Database(path)
    docs = capture(path, add_title("captured"))
    assert docs == {"actions": {"2": {"title": "captured"}}}
    assert path.read_bytes() == before  # the data file itself was not rewritten
    assert len(journal_lines(path)) == 2  # the header and the capture
    assert reader.changed_on_disk()  # a running TUI notices
    assert sorted(d["title"] for d in reader.documents("actions").values()) == [
        "captured",
        "in the file",
    ]
    reader.close()


def test_the_next_write_folds_the_journal_in(path: Path) -> None:
    capture(path, add_title("captured"))
    db = Database(path)
    db.table("actions").insert({"title": "written"})
    db.close()
    on_disk = orjson.loads(path.read_bytes())["actions"]
    assert sorted(on_disk) == ["1", "2", "3"]
    assert len(journal_lines(path)) == 1  # the header only, for the new file
    assert capture(path, add_title("after")) == {"actions": {"4": {"title": "after"}}}


def test_a_stale_header_sends_the_capture_the_slow_way(path: Path) -> None:
    capture(path, add_title("one"))
    journal = journal_path(path)
    header, *records = journal.read_bytes().splitlines(keepends=True)
    stale = orjson.loads(header)
    stale["for"][2] += 1  # as if the file was written since and the header not renewed
    journal.write_bytes(orjson.dumps(stale) + b"\n" + b"".join(records))
    assert capture(path, add_title("two")) is None  # the caller writes through the file
    db = Database(path)
    db.table("actions").insert({"title": "two"})
    db.start_journal()
    assert capture(path, add_title("three")) == {"actions": {"4": {"title": "three"}}}
    db.close()
    assert titles(path) == ["in the file", "one", "three", "two"]


def test_starting_the_journal_keeps_a_capture_made_since_the_write(path: Path) -> None:
    """The slow way writes the file (folding the journal), then starts the journal: a capture
    by another process in between stays, in the journal or in the file."""
    db = Database(path)
    db.table("actions").insert({"title": "written"})  # folds: a header for the new file
    assert capture(path, add_title("captured between")) is not None
    db.start_journal()
    db.close()
    assert titles(path) == ["captured between", "in the file", "written"]


def test_a_folded_record_is_not_applied_twice_nor_brought_back(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    db = Database(path)
    db.start_journal()
    capture(path, add_title("captured"))
    stale_journal = journal_path(path).read_bytes()
    desk = Desk(Database(path))
    desk.db.table("actions").update({"title": "edited"}, doc_ids=[1])
    desk.archive.archive_records({"actions": [1]})
    journal_path(path).write_bytes(stale_journal)  # a crash right after the fold's file write
    reread = Desk(Database(path))
    assert reread.actions.all() == []  # the journal's old copy does not come back
    assert [a.title for a in reread.actions.all(include_archive=True)] == ["edited"]
    db.close()


def test_a_cut_off_last_line_is_skipped_then_cut(path: Path) -> None:
    capture(path, add_title("kept"))
    with open(journal_path(path), "ab") as file:
        file.write(b'{"actions": {"9": {"title": "half')
    assert titles(path) == ["in the file", "kept"]
    assert capture(path, add_title("next")) == {"actions": {"3": {"title": "next"}}}
    assert titles(path) == ["in the file", "kept", "next"]


def test_a_damaged_journal_is_refused_and_left_untouched(path: Path) -> None:
    capture(path, add_title("kept"))
    journal = journal_path(path)
    damaged = journal.read_bytes().replace(b'"kept"', b'"kept', 1)
    journal.write_bytes(damaged)
    with pytest.raises(DataFileError, match="opsdesk.json.journal: line 2 is damaged"):
        Database(path)
    assert journal.read_bytes() == damaged


def test_a_full_disk_leaves_the_journal_as_it_was(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    capture(path, add_title("kept"))
    before = journal_path(path).read_bytes()

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fdatasync", disk_full)
    with pytest.raises(DataFileError, match="No space left on device"):
        capture(path, add_title("lost"))
    monkeypatch.undo()
    assert journal_path(path).read_bytes() == before
    assert titles(path) == ["in the file", "kept"]


def test_the_journal_is_private(path: Path) -> None:
    os.umask(0o022)
    capture(path, add_title("x"))
    Database(path).table("actions").insert({"title": "fold"})
    assert journal_path(path).stat().st_mode & 0o777 == 0o600


def test_a_capture_that_fails_to_build_writes_nothing(path: Path) -> None:
    def bad(db: Database) -> None:
        raise UserError("bad date")

    before = journal_path(path).read_bytes()
    with pytest.raises(UserError):
        capture(path, bad)
    assert journal_path(path).read_bytes() == before


# -- kill -9 and two writers ----------------------------------------------------------------


def capture_forever(path: Path, seed: int) -> None:
    """Captures through the journal, with a full write now and then, until killed."""
    chance = random.Random(seed)
    db = Database(path)
    while True:
        if chance.random() < 0.2:
            db.table("actions").insert({"title": "written"})
        elif capture(path, add_title("captured")) is None:
            db.start_journal()


def ids_read(path: Path) -> set[int]:
    db = Database(path)
    ids = {int(key) for key in db.documents("actions")}
    db.close()
    return ids


@pytest.mark.parametrize("trials", [100])
def test_kill_9_during_captures_and_folds_never_loses_a_record(path: Path, trials: int) -> None:
    fork = multiprocessing.get_context("fork")
    chance = random.Random(5)
    seen: set[int] = set()
    for trial in range(trials):
        writer = fork.Process(target=capture_forever, args=(path, trial))
        writer.start()
        time.sleep(chance.uniform(0.005, 0.03))  # the moment of the kill is the point
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        ids = ids_read(path)  # both files read: nothing half written gets in the way
        assert seen <= ids
        seen = ids
    assert len(seen) > 20
    assert seen == set(range(1, max(seen) + 1))  # no id given twice, none skipped


def inserter(path: Path, count: int) -> None:
    db = Database(path)
    for number in range(count):
        db.table("actions").insert({"title": f"written {number}"})


def test_a_capturer_and_a_writer_at_once_lose_nothing(path: Path) -> None:
    fork = multiprocessing.get_context("fork")
    writer = fork.Process(target=inserter, args=(path, 150))
    writer.start()
    for number in range(150):
        if capture(path, add_title(f"captured {number}")) is None:
            db = Database(path)
            db.table("actions").insert({"title": f"captured {number}"})
            db.start_journal()
            db.close()
    writer.join()
    assert writer.exitcode == 0
    db = Database(path)
    found = [doc["title"] for doc in db.documents("actions").values()]
    assert len(db.documents("actions")) == 301
    assert sorted(found) == sorted(
        ["in the file"]
        + [f"written {n}" for n in range(150)]
        + [f"captured {n}" for n in range(150)]
    )
    db.close()


def test_a_long_journal_is_folded_by_the_next_capture(path: Path, monkeypatch) -> None:
    from store import journal

    monkeypatch.setattr(journal, "FOLD_AFTER", 3)
    for number in range(3):
        assert capture(path, add_title(f"captured {number}")) is not None
    assert capture(path, add_title("one too many")) is None  # the caller writes the file
    assert len(journal_lines(path)) == 4
    assert titles(path) == ["captured 0", "captured 1", "captured 2", "in the file"]
