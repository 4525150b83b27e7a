"""A file version whose records were all checked once is not checked again by the next
process (the journal's header vouches for it); any other version is, and a bad one is
refused as before."""

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


def test_a_version_checked_once_is_not_checked_again(tmp_path: Path, checks: list[int]) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    checks.clear()
    Database(path).close()
    Database(path).close()
    assert checks == []
    db = Database(path)
    assert [d["title"] for d in db.documents("actions").values()] == ["Call vendor"]


def test_a_file_written_since_by_another_program_is_checked(
    tmp_path: Path, checks: list[int]
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    data = orjson.loads(path.read_bytes())
    data["actions"]["1"]["priority"] = "urgent"
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    with pytest.raises(DataFileError, match="actions record 1: priority"):
        Database(path)
    assert path.read_bytes() == raw


def test_the_first_open_of_a_file_without_a_journal_checks_it_and_starts_one(
    tmp_path: Path, checks: list[int]
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    journal_path(path).unlink()
    checks.clear()
    Database(path).close()
    assert checks == [1] and journal_path(path).exists()
    Database(path).close()
    assert checks == [1]


def test_a_header_written_under_other_checks_does_not_vouch(
    tmp_path: Path, checks: list[int]
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    header, *rest = journal_path(path).read_bytes().splitlines(keepends=True)
    older = orjson.loads(header)
    older["checked"] = "an older opsdesk"
    journal_path(path).write_bytes(orjson.dumps(older) + b"\n" + b"".join(rest))
    checks.clear()
    Database(path).close()
    assert checks == [1]


def test_captures_stay_in_the_journal_when_its_version_is_checked_again(
    tmp_path: Path,
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    assert capture(path, lambda db: db.table("actions").insert({"title": "captured"}))
    lines = journal_path(path).read_bytes().splitlines(keepends=True)
    older = orjson.loads(lines[0])
    older["checked"] = "an older opsdesk"
    journal_path(path).write_bytes(orjson.dumps(older) + b"\n" + b"".join(lines[1:]))
    db = Database(path)  # checks the file again; must not start the journal over it
    assert sorted(d["title"] for d in db.documents("actions").values()) == [
        "Call vendor",
        "captured",
    ]
    db.close()
    assert len(journal_path(path).read_bytes().splitlines()) == 2


def test_the_first_capture_of_a_day_takes_the_slow_way(tmp_path: Path) -> None:
    path = a_file(tmp_path / "opsdesk.json")
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


def test_a_header_of_older_checks_without_captures_is_renewed(
    tmp_path: Path, checks: list[int]
) -> None:
    path = a_file(tmp_path / "opsdesk.json")
    header = orjson.loads(journal_path(path).read_bytes())
    header["checked"] = "an older opsdesk"
    journal_path(path).write_bytes(orjson.dumps(header) + b"\n")
    checks.clear()
    Database(path).close()
    Database(path).close()
    assert checks == [1]
