"""The archive beside the working file: what moves, what stays reachable, ids that never come
back, and moves that never lose a record (kill -9, a full disk, two writers at once)."""

import errno
import multiprocessing
import os
import random
import signal
import stat
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from store.archive import Archive, archive_after_days, archive_path, maintain
from store.errors import NotFoundError
from store.models import Action, Milestone, Note, Risk
from store.repository import Desk
from store.storage import Database, DataFileError

TODAY = date(2026, 12, 1)
LONG_AGO = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
RECENTLY = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path: Path):
    desk = Desk(Database(tmp_path / "opsdesk.json"))
    yield desk
    desk.archive.close()
    desk.db.close()


def on_disk(path: Path, table: str = "actions") -> dict:
    return orjson.loads(path.read_bytes()).get(table, {})


def done_action(desk: Desk, title: str, when: datetime = LONG_AGO) -> int:
    action = desk.actions.add(Action(title=title))
    desk.actions.update(desk.actions.get(action.id).copy(status="done", done_at=when))
    return action.id


def test_old_closed_records_move_and_everything_else_stays(desk: Desk) -> None:
    open_id = desk.actions.add(Action(title="still to do")).id
    old_id = done_action(desk, "done in september")
    recent_id = done_action(desk, "done last week", RECENTLY)
    august = date(2026, 8, 1)
    shipped = desk.milestones.add(
        Milestone(title="shipped", forecast=august, status="done", done_on=august)
    )
    coming = desk.milestones.add(Milestone(title="coming", forecast=date(2026, 12, 20)))
    uid_before = desk.milestones.get(shipped.id).uid

    assert desk.archive.archive_old(TODAY, 30) == 2

    assert sorted(on_disk(desk.db.path)) == [str(open_id), str(recent_id)]
    assert sorted(on_disk(archive_path(desk.db.path))) == [str(old_id)]
    assert [m.id for m in desk.milestones.all()] == [coming.id]
    assert [m.id for m in desk.milestones.archived()] == [shipped.id]
    assert desk.milestones.get(shipped.id).uid == uid_before  # the calendar UID is kept
    everything = sorted(a.id for a in desk.actions.all(include_archive=True))
    assert everything == sorted([open_id, old_id, recent_id])
    assert desk.actions.get(old_id).title == "done in september"
    with pytest.raises(NotFoundError):
        desk.actions.get(old_id, include_archive=False)


def test_an_archived_id_is_never_handed_out_again(desk: Desk) -> None:
    first = desk.actions.add(Action(title="keeps id 1")).id
    last = done_action(desk, "highest id, archived")
    desk.archive.archive_old(TODAY, 30)
    reopened = Desk(Database(desk.db.path))  # a fresh process knows it from the file alone
    new = reopened.actions.add(Action(title="new"))
    assert new.id == last + 1 > first
    reopened.db.close()


def test_editing_an_archived_record_brings_it_back(desk: Desk) -> None:
    old_id = done_action(desk, "finished long ago")
    desk.archive.archive_old(TODAY, 30)
    reopened = desk.actions.reopen(old_id)
    assert reopened.status == "todo"
    assert str(old_id) in on_disk(desk.db.path)
    assert str(old_id) not in on_disk(archive_path(desk.db.path))
    assert [a.id for a in desk.actions.all(include_archive=True)] == [old_id]


def test_undo_of_a_delete_finds_the_record_after_it_was_archived(desk: Desk) -> None:
    old_id = done_action(desk, "deleted by mistake")
    desk.actions.delete(old_id)
    other = Desk(Database(desk.db.path))  # the daily pass of another process
    other.db.table("actions").update({"updated": LONG_AGO.isoformat()}, doc_ids=[old_id])
    assert other.archive.archive_old(TODAY, 30) == 1
    other.db.close()
    assert desk.undo() == f"delete action {old_id}"
    assert desk.actions.get(old_id, include_archive=False).title == "deleted by mistake"


def test_a_closed_project_moves_whole_and_comes_back(desk: Desk) -> None:
    kept = desk.actions.add(Action(title="other project", project="vendor")).id
    moved = [
        desk.actions.add(Action(title="open work", project="warehouse")).id,
        desk.risks.add(Risk(title="racking late", project="warehouse")).id,
        desk.notes.add(Note(title="site walk", project="warehouse")).id,
    ]
    # the three records and the project record the first of them created
    assert desk.archive.archive_project("warehouse") == 4
    assert [a.id for a in desk.actions.all()] == [kept]
    assert desk.risks.all() == [] and desk.notes.all() == []
    assert [p.name for p in desk.projects.all()] == ["vendor"]
    assert desk.archive.restore_project("warehouse") == 4
    assert [p.name for p in desk.projects.all()] == ["vendor", "warehouse"]
    assert sorted(a.id for a in desk.actions.all()) == sorted([kept, moved[0]])
    assert on_disk(archive_path(desk.db.path)) == {}


def test_the_first_split_takes_a_backup_and_the_archive_is_private(desk: Desk) -> None:
    done_action(desk, "old")
    before = orjson.loads(desk.db.path.read_bytes())
    os.umask(0o022)
    desk.archive.archive_old(TODAY, 30)
    backups = list(desk.db.path.parent.glob("opsdesk.json.backups/opsdesk.before-archive-*"))
    assert len(backups) == 1
    assert orjson.loads(backups[0].read_bytes()) == before
    mode = stat.S_IMODE(archive_path(desk.db.path).stat().st_mode)
    assert mode == 0o600
    assert any(archive_path(desk.db.path).parent.glob("opsdesk.archive.json.backups/*"))


def test_a_bad_archive_is_refused_and_left_untouched(desk: Desk) -> None:
    done_action(desk, "old")
    archive_path(desk.db.path).write_bytes(b"{ truncated")
    with pytest.raises(DataFileError, match="opsdesk.archive.json: not valid JSON"):
        desk.archive.archive_old(TODAY, 30)
    assert archive_path(desk.db.path).read_bytes() == b"{ truncated"
    assert len(on_disk(desk.db.path)) == 1  # nothing left the working file
    assert maintain(desk, {}, TODAY) is not None  # the daily pass says why, never raises


def test_a_full_disk_between_the_two_writes_loses_nothing(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_id = done_action(desk, "old")
    assert desk.archive.db.path.exists()  # opened: no first-split backup in the way
    real_replace, calls = os.replace, []

    def second_write_fails(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:  # the working file's write, after the archive's
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", second_write_fails)
    with pytest.raises(DataFileError, match="No space left on device"):
        desk.archive.archive_old(TODAY, 30)
    monkeypatch.undo()
    assert str(old_id) in on_disk(desk.db.path)  # in both files now, read once
    assert str(old_id) in on_disk(archive_path(desk.db.path))
    assert [a.id for a in desk.actions.all(include_archive=True)] == [old_id]
    assert desk.archive.archive_old(TODAY, 30) == 1  # the next pass finishes the move
    assert [a.id for a in desk.actions.all(include_archive=True)] == [old_id]


def test_archive_after_days_comes_from_the_config() -> None:
    assert archive_after_days({}) == 30
    assert archive_after_days({"archive_after_days": 7}) == 7
    assert archive_after_days({"archive_after_days": "soon"}) == 30


# -- kill -9 and two writers ----------------------------------------------------------------


def shuffle_forever(path: Path, seed: int) -> None:
    """Adds done actions, and moves random ones to the archive and back, until killed."""
    chance = random.Random(seed)
    desk = Desk(Database(path))
    while True:
        with desk.db.transaction():
            new_id = desk.db.table("actions").insert({"title": "x", "status": "done"})
            desk.db.table("actions").update({"title": f"action {new_id}"}, doc_ids=[new_id])
        ids = [a.id for a in desk.actions.all(include_archive=True)]
        picked = chance.sample(ids, min(len(ids), 5))
        if chance.random() < 0.6:
            desk.archive.archive_records({"actions": picked})
        else:
            desk.archive.restore_records({"actions": picked})


def ids_in_files(path: Path) -> tuple[set[int], set[int]]:
    working = {int(key) for key in on_disk(path)}
    archived = {int(key) for key in on_disk(archive_path(path))}
    return working, archived


@pytest.mark.parametrize("trials", [100])
def test_kill_9_during_moves_never_loses_a_record(tmp_path: Path, trials: int) -> None:
    path = tmp_path / "opsdesk.json"
    Desk(Database(path)).archive.db.close()
    fork = multiprocessing.get_context("fork")
    chance = random.Random(13)
    seen: set[int] = set()
    cut_between = 0
    for trial in range(trials):
        writer = fork.Process(target=shuffle_forever, args=(path, trial))
        writer.start()
        time.sleep(chance.uniform(0.01, 0.05))  # the moment of the kill is the point
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        working, archived = ids_in_files(path)  # both files parse: never half written
        assert seen <= working | archived  # every record committed before is somewhere
        seen = working | archived
        cut_between += bool(working & archived)
    assert len(seen) > 20  # the writers did get work done
    assert cut_between > 0  # some kills landed between a move's two writes
    desk = Desk(Database(path))
    records = desk.actions.all(include_archive=True)
    assert sorted(a.id for a in records) == sorted(seen)  # each once
    assert all(a.title == f"action {a.id}" for a in records)


def test_a_writer_and_a_mover_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    Desk(Database(path)).archive.db.close()
    fork = multiprocessing.get_context("fork")
    mover = fork.Process(target=shuffle_forever, args=(path, 1))
    mover.start()
    writer = Desk(Database(path))
    added = [writer.actions.add(Action(title=f"mine {n}", status="done")).id for n in range(100)]
    os.kill(mover.pid, signal.SIGKILL)
    mover.join()
    desk = Desk(Database(path))
    records = {a.id: a for a in desk.actions.all(include_archive=True)}
    assert len(set(added)) == 100
    assert all(records[i].title.startswith("mine") for i in added)
    assert len(records) == len({a.id for a in records.values()})


def test_old_is_measured_from_the_day_a_record_was_closed(desk: Desk) -> None:
    done_action(
        desk,
        "closed 31 days ago",
        datetime.combine(TODAY, datetime.min.time(), UTC) - timedelta(days=31),
    )
    done_action(
        desk,
        "closed 29 days ago",
        datetime.combine(TODAY, datetime.min.time(), UTC) - timedelta(days=29),
    )
    assert desk.archive.archive_old(TODAY, 30) == 1
    assert [a.title for a in desk.actions.all()] == ["closed 29 days ago"]


def test_a_pass_that_moved_nothing_is_not_searched_again_until_the_file_changes(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    done_action(desk, "done last week", RECENTLY)
    assert desk.archive.archive_old(TODAY, 30) == 0
    searched: list[date] = []
    search = Archive.old_records

    def counted(archive: Archive, today: date, after_days: int = 30) -> dict:
        searched.append(today)
        return search(archive, today, after_days)

    monkeypatch.setattr(Archive, "old_records", counted)
    later = Desk(Database(desk.db.path))  # the next command that day
    assert later.archive.archive_old(TODAY, 30) == 0
    assert searched == []
    assert later.archive.archive_old(TODAY, 7) == 0  # other settings: searched
    tomorrow = TODAY + timedelta(days=1)
    assert later.archive.archive_old(tomorrow, 30) == 0  # another day: searched
    assert searched == [TODAY, tomorrow]
    old_id = done_action(later, "done in september")  # the file changed
    assert desk.archive.archive_old(tomorrow, 30) == 1
    assert list(on_disk(archive_path(desk.db.path))) == [str(old_id)]
    later.db.close()


def test_a_new_project_name_is_looked_up_without_reading_the_archive(desk: Desk) -> None:
    done_action(desk, "old")
    desk.actions.add(Action(title="closing", project="warehouse"))
    desk.archive.archive_old(TODAY, 30)
    desk.archive.archive_project("warehouse")
    fresh = Desk(Database(desk.db.path))
    fresh.actions.add_quick("Call vendor +brand-new")
    assert fresh.archive._db is None  # the working file knows no archived project has the name
    assert fresh.projects.find("warehouse") is not None  # an archived one is still found
    assert fresh.archive._db is not None
    fresh.archive.restore_project("warehouse")
    assert fresh.archive.project_names() == set()
    fresh.db.close()


def test_list_reaches_the_archive_with_all_and_archived(tmp_path: Path, capsys) -> None:
    from tui.cli import main

    path = tmp_path / "opsdesk.json"
    desk = Desk(Database(path))
    desk.actions.add(Action(title="still to do"))
    done_action(desk, "done in september")
    desk.archive.archive_old(TODAY, 30)
    desk.archive.close()
    desk.db.close()

    def titles(*flags: str) -> list[str]:
        assert main(["--db", str(path), "list", "actions", "--json", *flags]) in (0, None)
        return sorted(record["title"] for record in orjson.loads(capsys.readouterr().out))

    assert titles() == ["still to do"]
    assert titles("--archived") == ["done in september"]
    assert titles("--all") == ["done in september", "still to do"]
