"""Long bodies of old notes move to the archive; the notes stay, and read, edit, search,
show, export and undo see the body as if it had never moved."""

import errno
import multiprocessing
import os
import random
import signal
import stat
import time
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from cli_run import run

from store.archive import archive_path, maintain
from store.models import Action, Note
from store.note_bodies import ARCHIVE_BODY_BYTES, BODIES, archive_body_bytes, bodies_path
from store.repository import Desk
from store.search import search
from store.storage import Database, DataFileError

TODAY = date(2026, 12, 1)
LONG_AGO = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
LONG = "Walked the site with the racking vendor; notes on each aisle follow.\n" * 12
BODY = LONG + "Decision: dock 2 for inbound\n- [ ] Call supplier @bob due:2026-12-04\n"


@pytest.fixture
def desk(tmp_path: Path):
    desk = Desk(Database(tmp_path / "opsdesk.json"))
    yield desk
    desk.archive.close()
    desk.db.close()


def on_disk(path: Path, table: str = "notes") -> dict:
    return orjson.loads(path.read_bytes()).get(table, {}) if path.exists() else {}


def old_note(desk: Desk, body: str = BODY, title: str = "Site walk") -> int:
    """A note saved through the repository, its meeting and last change in September."""
    note = desk.notes.save(Note(title=title, body=body, project="warehouse"), today=TODAY)
    stamp = LONG_AGO.isoformat()
    desk.db.table("notes").update(
        {"start": "2026-09-01T10:00:00", "updated": stamp}, doc_ids=[note.id]
    )
    return note.id


def test_an_old_long_body_moves_and_the_note_stays(desk: Desk) -> None:
    moved = old_note(desk)
    short = old_note(desk, "Dock 3 door sticks.\n", "Short one")
    recent = desk.notes.save(Note(title="This week", body=BODY), today=TODAY).id

    assert desk.archive.archive_old(TODAY, 30) == 1

    working = on_disk(desk.db.path)
    assert sorted(working) == sorted(str(i) for i in (moved, short, recent))  # ids kept
    assert "body" not in working[str(moved)] and working[str(moved)]["body_archived"] is True
    assert working[str(moved)]["decisions"] == ["dock 2 for inbound"]  # the desk still has them
    assert working[str(short)]["body"] == "Dock 3 door sticks.\n"
    assert working[str(recent)]["body"].startswith(LONG)
    assert on_disk(bodies_path(desk.db.path), BODIES) == {
        str(moved): {"body": desk.notes.get(moved).body}
    }
    assert desk.notes.get(moved).body.startswith(LONG)
    assert not desk.notes.get(moved).body_archived
    whole = {n.id: n for n in desk.notes.all()}
    assert whole[moved].body.startswith(LONG) and not whole[moved].body_archived
    light = {n.id: n for n in desk.notes.all(bodies=False)}  # what the panes read
    assert (light[moved].body, light[moved].body_archived) == ("", True)
    assert light[moved].decisions == ["dock 2 for inbound"]


def test_the_panes_read_no_archive(desk: Desk) -> None:
    moved = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    fresh = Desk(Database(desk.db.path))
    assert [n.id for n in fresh.notes.all(bodies=False)] == [moved]
    assert fresh.archive._db is None and fresh.archive.bodies._db is None  # not even opened
    assert fresh.notes.get(moved).body.startswith(LONG)
    assert fresh.archive._db is None  # the old records' archive is not read for a note
    fresh.archive.close()
    fresh.db.close()


def test_editing_writes_the_body_back_once(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    note = desk.notes.get(note_id)
    saved = desk.notes.save(note.copy(body=note.body + "Added later.\n"), today=TODAY)
    assert saved.body.endswith("Added later.\n")
    working = on_disk(desk.db.path)[str(note_id)]
    assert working["body"] == saved.body and "body_archived" not in working
    assert on_disk(bodies_path(desk.db.path), BODIES) == {}  # no stale copy left behind
    assert desk.notes.get(note_id).body == saved.body
    assert len(desk.actions.all()) == 1  # its action line made no second action


def test_a_resave_never_rewrites_its_actions(desk: Desk) -> None:
    note_id = old_note(desk)
    action = desk.actions.get(desk.notes.get(note_id).action_ids[0])
    desk.actions.update(action.copy(owner="carol", due=date(2026, 12, 9), priority=3))
    desk.actions.complete(action.id, today=TODAY)
    desk.db.table("notes").update({"updated": LONG_AGO.isoformat()}, doc_ids=[note_id])
    assert desk.archive.archive_old(TODAY, 30) >= 1
    assert "body" not in on_disk(desk.db.path)[str(note_id)]

    note = desk.notes.get(note_id)
    report = desk.notes.save_with_report(note.copy(title="Site walk (2)"), today=TODAY)
    kept = desk.actions.get(action.id)
    assert (kept.owner, kept.due, kept.priority, kept.status) == (
        "carol",
        date(2026, 12, 9),
        3,
        "done",
    )
    assert report.conflicts == [] and len(desk.actions.all()) == 1
    assert report.note.body == note.body.replace("- [ ] Call", "- [x] Call")


def test_a_copy_read_without_its_body_never_saves_over_it(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    [light] = desk.notes.all(bodies=False)
    desk.notes.update(light.copy(title="Renamed"))
    assert desk.notes.get(note_id).body.startswith(LONG)
    [light] = desk.notes.all(bodies=False)
    saved = desk.notes.save(light.copy(title="Renamed again"), today=TODAY)
    assert saved.body.startswith(LONG) and saved.decisions == ["dock 2 for inbound"]


def test_delete_and_undo_keep_the_body(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    body = desk.notes.get(note_id).body
    desk.notes.delete(note_id)
    desk.undo()
    assert desk.notes.get(note_id).body == body


def test_undo_of_an_edit_after_the_body_moved_brings_the_old_text_back(desk: Desk) -> None:
    note_id = old_note(desk)
    before = desk.notes.get(note_id).body
    desk.notes.update(desk.notes.get(note_id).copy(body=before + "Second thoughts.\n"))
    other = Desk(Database(desk.db.path))  # another process ages and moves it meanwhile
    other.db.table("notes").update({"updated": LONG_AGO.isoformat()}, doc_ids=[note_id])
    assert other.archive.archive_old(TODAY, 30) == 1
    other.archive.close()
    other.db.close()
    assert desk.undo().startswith("edit note")
    assert desk.notes.get(note_id).body == before
    assert on_disk(desk.db.path)[str(note_id)]["body"] == before
    assert on_disk(bodies_path(desk.db.path), BODIES) == {}


def test_a_note_of_a_closed_project_keeps_its_moved_body(desk: Desk) -> None:
    note_id = old_note(desk)
    body = desk.notes.get(note_id).body
    desk.archive.archive_old(TODAY, 30)
    desk.archive.archive_project("warehouse")
    assert desk.notes.all() == []
    assert [n.body for n in desk.notes.archived()] == [body]
    assert [h.id for h in search(desk, "RACKING VENDOR")] == [note_id]
    desk.archive.restore_project("warehouse")
    assert desk.notes.get(note_id, include_archive=False).body == body
    desk.notes.update(desk.notes.get(note_id).copy(title="Back"))
    assert on_disk(bodies_path(desk.db.path), BODIES) == {}


def test_search_finds_text_in_a_moved_body(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    [hit] = search(desk, "each aisle")
    assert (hit.id, hit.field, hit.archived) == (note_id, "body", False)


def test_a_lost_archive_is_said_never_shown_as_empty(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    desk.archive.close()
    bodies_path(desk.db.path).unlink()
    with pytest.raises(DataFileError, match=f"note {note_id}: its text is kept in"):
        desk.notes.get(note_id)
    with pytest.raises(DataFileError):
        desk.notes.update(desk.notes.all(bodies=False)[0].copy(title="x"))
    assert on_disk(desk.db.path)[str(note_id)]["title"] == "Site walk"  # nothing changed
    assert desk.notes.all(bodies=False)[0].title == "Site walk"  # the desk still opens


def test_a_full_disk_between_the_two_writes_loses_no_body(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_id = old_note(desk)
    body = desk.notes.get(note_id).body
    assert desk.archive.bodies.db.path.exists()  # opened: no first-split backup in the way
    real_replace, calls = os.replace, []

    def working_write_fails(source: str, target: str | Path) -> None:
        calls.append(str(target))
        if str(target) == str(desk.db.path):  # the working file's write, after the bodies file's
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", working_write_fails)
    with pytest.raises(DataFileError, match="No space left on device"):
        desk.archive.archive_old(TODAY, 30)
    monkeypatch.undo()
    assert calls[0] == str(bodies_path(desk.db.path))  # the bodies file was written first
    assert on_disk(desk.db.path)[str(note_id)]["body"] == body  # in both files: this one counts
    assert str(note_id) in on_disk(bodies_path(desk.db.path), BODIES)
    assert desk.notes.get(note_id).body == body
    assert desk.archive.archive_old(TODAY, 30) == 1  # the next pass finishes the move
    assert "body" not in on_disk(desk.db.path)[str(note_id)]
    assert desk.notes.get(note_id).body == body


def test_a_stale_copy_left_by_a_cut_off_move_is_dropped_by_the_next_move(desk: Desk) -> None:
    first = old_note(desk)
    with desk.db.transaction():  # the archive got the body, the working file's write was lost
        desk.archive.bodies.db.put_documents(BODIES, {str(first): {"body": "older text"}})
    desk.notes.update(desk.notes.get(first).copy(title="edited: stays recent"))
    second = old_note(desk, title="Second walk")
    assert desk.archive.archive_old(TODAY, 30) == 1
    assert list(on_disk(bodies_path(desk.db.path), BODIES)) == [str(second)]
    assert desk.notes.get(first).body.startswith(LONG)


def test_the_size_comes_from_the_config(desk: Desk) -> None:
    assert archive_body_bytes({}) == ARCHIVE_BODY_BYTES == 512
    assert archive_body_bytes({"archive_body_bytes": 4096}) == 4096
    assert archive_body_bytes({"archive_body_bytes": "big"}) == ARCHIVE_BODY_BYTES
    assert archive_body_bytes({"archive_body_bytes": True}) == ARCHIVE_BODY_BYTES
    note_id = old_note(desk)
    assert maintain(desk, {"archive_body_bytes": 4096}, TODAY) is None
    assert "body" in on_disk(desk.db.path)[str(note_id)]  # 900 bytes: under 4096
    assert maintain(desk, {}, TODAY) is None
    assert "body" not in on_disk(desk.db.path)[str(note_id)]


def test_an_action_added_later_keeps_the_note_working(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    desk.actions.add(Action(title="unrelated"))  # a working-file write keeps the marker
    assert on_disk(desk.db.path)[str(note_id)]["body_archived"] is True
    assert desk.notes.get(note_id).body.startswith(LONG)


def test_show_list_search_and_edit_from_the_command_line(env: Path, capsys) -> None:
    desk = Desk(Database(env))
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    desk.archive.close()
    desk.db.close()
    today = ("--today", TODAY.isoformat())

    code, out, _ = run(capsys, "show", "note", str(note_id), *today)
    assert code == 0 and "notes on each aisle follow" in out
    code, out, _ = run(capsys, "show", "note", str(note_id), "--json", *today)
    assert orjson.loads(out)["body"].startswith(LONG) and "body_archived" not in out
    code, out, _ = run(capsys, "list", "notes", "--json", *today)
    assert orjson.loads(out)[0]["body"].startswith(LONG)
    code, out, _ = run(capsys, "search", "each aisle", "--json", *today)
    assert [hit["id"] for hit in orjson.loads(out)] == [note_id]
    code, out, err = run(capsys, "edit", "note", str(note_id), "title=Walk, revised", *today)
    assert code == 0, err
    assert on_disk(env)[str(note_id)]["body"].startswith(LONG)
    code, out, _ = run(capsys, "report", "--since", "2026-08-01", *today)
    assert "dock 2 for inbound" in out


# -- kill -9 --------------------------------------------------------------------------------


def body_for(note_id: int, rev: int) -> str:
    return f"note {note_id} at revision {rev}: what was said, line by line.\n" * 40


def edit_body(desk: Desk, note_id: int, **changes: str) -> None:
    with desk.db.transaction():  # read and write under one lock: another writer may be on
        note = desk.notes.get(note_id)
        desk.notes.update(note.copy(body=body_for(note.id, note.rev + 1), **changes))


def shuffle_bodies_forever(path: Path, seed: int) -> None:
    """Adds notes, moves random bodies to the archive, edits random notes (which brings
    their bodies back) and moves whole notes to the archive and back, until killed."""
    chance = random.Random(seed)
    desk = Desk(Database(path))
    while True:
        with desk.db.transaction():
            note_id = desk.db.table("notes").insert({"title": "x", "start": "2026-09-01T10:00:00"})
            desk.db.table("notes").update({"body": body_for(note_id, 0)}, doc_ids=[note_id])
        ids = [n.id for n in desk.notes.all(include_archive=True, bodies=False)]
        picked = chance.sample(ids, min(len(ids), 4))
        roll = chance.random()
        if roll < 0.45:
            with desk.db.transaction():
                desk.archive.bodies.move(picked)
        elif roll < 0.8:
            edit_body(desk, picked[0])
        elif roll < 0.9:
            desk.archive.archive_records({"notes": picked})
        else:
            desk.archive.restore_records({"notes": picked})


def bodies_in_files(path: Path) -> tuple[set[int], int]:
    """Every note's id, checking that its body (where it is kept) is the one of its revision;
    and how many bodies are in both files at once."""
    working, archived = on_disk(path), on_disk(archive_path(path))
    bodies = on_disk(bodies_path(path), BODIES)
    both = 0
    for key in {*working, *archived}:
        doc = working.get(key) or archived[key]  # the working copy counts
        if doc.get("body_archived"):
            assert bodies[key]["body"] == body_for(int(key), doc.get("rev", 0)), key
        else:
            assert doc["body"] == body_for(int(key), doc.get("rev", 0)), key
            both += key in bodies
    return {int(key) for key in {*working, *archived}}, both


@pytest.mark.parametrize("trials", [100])
def test_kill_9_during_body_moves_never_loses_a_body(tmp_path: Path, trials: int) -> None:
    path = tmp_path / "opsdesk.json"
    desk = Desk(Database(path))
    desk.archive.db.close()
    desk.archive.bodies.db.close()
    fork = multiprocessing.get_context("fork")
    chance = random.Random(9)
    seen: set[int] = set()
    cut_between = 0
    for trial in range(trials):
        writer = fork.Process(target=shuffle_bodies_forever, args=(path, trial))
        writer.start()
        time.sleep(chance.uniform(0.01, 0.05))  # the moment of the kill is the point
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        ids, both = bodies_in_files(path)  # both files parse, every body is its revision's
        assert seen <= ids  # every note committed before is somewhere
        seen = ids
        cut_between += bool(both)
    assert len(seen) > 20  # the writers did get work done
    assert cut_between > 0  # some kills landed between a move's two writes
    desk = Desk(Database(path))
    notes = desk.notes.all(include_archive=True)
    assert sorted(n.id for n in notes) == sorted(seen)  # each once, each with its body
    assert all(n.body == body_for(n.id, n.rev) for n in notes)
    desk.archive.bodies.clean()  # no copy is left of a body its working note holds
    working = on_disk(path)
    left = on_disk(bodies_path(path), BODIES)
    assert all(working[key].get("body_archived") for key in left if key in working)


def test_archived_notes_read_without_bodies_too(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    desk.archive.archive_project("warehouse")
    [light] = desk.notes.all(include_archive=True, bodies=False)
    assert (light.id, light.body, light.body_archived) == (note_id, "", True)
    [whole] = desk.notes.all(include_archive=True)
    assert whole.body.startswith(LONG)


def test_the_first_move_takes_a_backup_and_the_bodies_file_is_private(desk: Desk) -> None:
    old_note(desk)
    before = orjson.loads(desk.db.path.read_bytes())
    os.umask(0o022)
    assert desk.archive.archive_old(TODAY, 30) == 1
    backups = list(desk.db.path.parent.glob("opsdesk.json.backups/opsdesk.before-archive-*"))
    assert [orjson.loads(b.read_bytes()) for b in backups] == [before]
    assert stat.S_IMODE(bodies_path(desk.db.path).stat().st_mode) == 0o600
    assert not archive_path(desk.db.path).exists()  # no old records: no records' archive


def test_a_bad_bodies_file_is_refused_and_left_untouched(desk: Desk) -> None:
    note_id = old_note(desk)
    bodies_path(desk.db.path).write_bytes(b"{ truncated")
    with pytest.raises(DataFileError, match="opsdesk.archive.notes.json: not valid JSON"):
        desk.archive.archive_old(TODAY, 30)
    assert bodies_path(desk.db.path).read_bytes() == b"{ truncated"
    assert on_disk(desk.db.path)[str(note_id)]["body"] == BODY  # nothing left the working file


def test_where_reads_moved_bodies_back_too(desk: Desk) -> None:
    note_id = old_note(desk)
    desk.archive.archive_old(TODAY, 30)
    [note] = desk.notes.where(lambda doc: doc.get("project") == "warehouse")
    assert (note.id, note.body_archived) == (note_id, False) and note.body.startswith(LONG)
    [light] = desk.notes.where(lambda doc: True, bodies=False)
    assert light.body_archived


def test_a_writer_and_a_body_mover_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "opsdesk.json"
    Desk(Database(path)).archive.bodies.db.close()
    mover = multiprocessing.get_context("fork").Process(
        target=shuffle_bodies_forever, args=(path, 1)
    )
    mover.start()
    writer = Desk(Database(path))
    mine, edited = [], set()
    for n in range(60):
        with writer.db.transaction():
            note_id = writer.db.table("notes").insert({"title": "x", "start": "2026-09-01T10:00"})
            writer.db.table("notes").update({"body": body_for(note_id, 0)}, doc_ids=[note_id])
        mine.append(note_id)
        edited.add(chosen := random.Random(n).choice(mine))
        edit_body(writer, chosen, title="mine")
    os.kill(mover.pid, signal.SIGKILL)
    mover.join()
    bodies_in_files(path)  # every body is its revision's, wherever it is kept
    desk = Desk(Database(path))
    notes = {n.id: n for n in desk.notes.all(include_archive=True)}
    assert set(mine) <= set(notes) and len(notes) == len(set(notes))
    assert all(notes[i].body == body_for(i, notes[i].rev) for i in notes)
    assert all(notes[i].title == "mine" for i in edited)  # no edit lost to the mover
