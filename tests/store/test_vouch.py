"""A file version whose records all passed the checks once is not checked again by the next
process (the lock file vouches for it); any other version is, and a bad one is refused as
before."""

from pathlib import Path

import orjson
import pytest

from store import storage
from store.journal import capture, journal_path
from store.storage import Database, DataFileError, daily_backup_path


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per full check of a file's records."""
    calls: list[int] = []
    real = storage.check_tables

    def counted(data):
        calls.append(1)
        return real(data)

    monkeypatch.setattr(storage, "check_tables", counted)
    return calls


def a_file(path: Path) -> Path:
    db = Database(path)
    db.table("actions").insert({"title": "Call vendor"})
    db.close()
    return path


def lock_of(path: Path) -> Path:
    return Path(f"{path}.lock")


def test_a_version_checked_once_is_not_checked_again(tmp_path: Path, checks: list[int]) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    checks.clear()
    Database(path).close()
    Database(path).close()
    assert checks == []
    db = Database(path)
    assert [d["title"] for d in db.documents("actions").values()] == ["Call vendor"]
    assert not journal_path(path).exists()  # vouching writes no other file


def test_a_file_written_since_by_another_program_is_checked(tmp_path: Path) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    data = orjson.loads(path.read_bytes())
    data["actions"]["1"]["priority"] = "urgent"
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    with pytest.raises(DataFileError, match="actions record 1: priority"):
        Database(path)
    assert path.read_bytes() == raw


def test_a_file_checked_in_full_is_vouched_for_from_then_on(
    tmp_path: Path, checks: list[int]
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    lock_of(path).write_bytes(b"")  # as left by an older opsdesk
    checks.clear()
    Database(path).close()
    Database(path).close()
    assert checks == [1]


@pytest.mark.parametrize("word, other", [(1, "0badc0de"), (-1, "1"), (0, "anything")])
def test_a_vouch_for_other_checks_or_another_version_does_not_count(
    tmp_path: Path, checks: list[int], word: int, other: str
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    words = lock_of(path).read_text().split()  # checked ID DEVICE INODE SIZE MTIME
    assert words[0] == "checked" and len(words) == 6
    words[word] = other  # other checks, another version (mtime), or not a vouch at all
    lock_of(path).write_text(" ".join(words) + "\n")
    checks.clear()
    Database(path).close()
    assert checks == [1]


def test_the_first_capture_of_a_day_takes_the_slow_way(tmp_path: Path) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    db = Database(path)
    db.start_journal()
    db.close()
    daily_backup_path(path).unlink()  # as on a new day
    assert capture(path, lambda db: db.table("actions").insert({"title": "x"})) is None
    Database(path).close()  # what the slow way opens: it makes the day's backup
    assert daily_backup_path(path).exists()
    assert capture(path, lambda db: db.table("actions").insert({"title": "x"}))


def test_a_killed_journal_write_leaves_no_temp_file_behind(tmp_path: Path) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    orphan = tmp_path / ".opsdesk.json.journal.abcd_123.tmp"
    orphan.write_bytes(b"half a header")
    Database(path).close()
    assert not orphan.exists()
