"""The capture journal: `opsdesk add` and `opsdesk note` append a line, not a whole new file.

A capture command should cost what Taskwarrior's does, whatever the size of the working
file: parsing and rewriting megabytes for one new action does not. So new records go to
`<data>.journal` beside the data file, one fsynced JSON line per capture, under the data
file's lock. Every reader of the data file (Database._load) applies the journal's records
on top of it, and the next full write of the data file takes them in and starts the journal
anew (folds it).

The first line of the journal is a header naming the data file version it was written for
(its stat signature) and the highest id of each table in it. A capture picks its ids above
those (and above the journal's own records), without reading the data file, only while the
header matches the file on disk; any other time (no journal yet, or the file was written
since) the capture takes the slow path: a normal transaction, which then writes a fresh
header. So an id is never handed out twice.

Crashes: a line is appended with one write and fdatasync; a kill -9 mid-line leaves a last
line without its newline, which readers skip and the next capture cuts off. The journal is
replaced atomically (temp file and rename) when folded, after the data file is written; a
crash between the two leaves records in both, and a reader takes a journal record only if
its id is not in the file and above the ids the file says it handed out.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from store.storage import (
    META,
    Commit,
    Data,
    Database,
    DataFileError,
    _signature,
    _write_atomically,
    daily_backup_path,
)
from store.validate import BadRecord, check_tables

VERSION = 1
# Tables a capture must see to do what a normal write does (quick-add's `+name` creates a
# project only if none has that name): the header carries a copy of them. They are small.
SEED = ("projects",)
# Every capture reads the whole journal: past this many captures, the next one writes the
# data file (folding them in) so that a capture's cost never grows with the journal.
FOLD_AFTER = 100
Docs = dict[str, dict[str, dict[str, Any]]]  # table -> id (text) -> document


def journal_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.journal")


def read(path: Path) -> tuple[dict[str, Any] | None, list[Docs], int]:
    """The journal's header, its records (one Docs per capture) and the length of its
    complete lines; (None, [], 0) when there is none. A damaged line is refused."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        return None, [], 0
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}") from None
    return parse(raw, path)


def parse(raw: bytes, path: Path) -> tuple[dict[str, Any] | None, list[Docs], int]:
    complete = raw.rfind(b"\n") + 1  # a last line without its newline was cut off: skip it
    header: dict[str, Any] | None = None
    batches: list[Docs] = []
    for number, line in enumerate(raw[:complete].splitlines(), 1):
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            value = None
        if number == 1 and isinstance(value, dict) and value.get("journal") == VERSION:
            header = value
        elif number > 1 and _is_docs(value) and _valid(value):
            batches.append(value)
        else:
            raise DataFileError(
                f"cannot use {path}: line {number} is damaged; the file was left untouched"
            )
    return header, batches, complete


def _is_docs(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(table, dict)
        and all(key.isdigit() and isinstance(doc, dict) for key, doc in table.items())
        for table in value.values()
    )


def _valid(docs: Docs) -> bool:
    """Captured records pass the same checks as the file's own (store.validate)."""
    try:
        check_tables(docs)
    except BadRecord:
        return False
    return True


def apply(data: Data, batches: list[Docs]) -> None:
    """Put the journal's records into the file's tables: those not there yet and above the
    ids the file says it handed out (a record moved to the archive since is not brought back)."""
    last_ids = data.get(META, {}).get("1", {}).get("last_ids", {})
    for batch in batches:
        for table, docs in batch.items():
            target = data.setdefault(table, {})
            floor = last_ids.get(table, 0)
            for key, doc in docs.items():
                if key not in target and int(key) > floor:
                    target[key] = doc


def highest_ids(data: Data) -> dict[str, int]:
    """The highest id each table has handed out: in the file, or moved to the archive."""
    last_ids = data.get(META, {}).get("1", {}).get("last_ids", {})
    return {
        table: max(last_ids.get(table, 0), max((int(key) for key in docs), default=0))
        for table, docs in data.items()
        if table != META
    }


def write_header(path: Path, data: Data, signature: tuple[int, ...]) -> None:
    """Start the journal anew for the data file version `signature` holding `data`."""
    header = {
        "journal": VERSION,
        "for": list(signature),
        "last_ids": highest_ids(data),
        "seed": {table: data.get(table, {}) for table in SEED},
    }
    os.close(_write_atomically(journal_path(path), orjson.dumps(header) + b"\n"))


def capture(path: Path, build: Callable[[Database], None]) -> Docs | None:
    """Append the records that `build` adds to a fresh in-memory Database (whose ids start
    above every id handed out) as one journal line; returns them, or None when the journal
    cannot be used now (the caller then writes through the data file). If that Database
    keeps its commits (Database.commits), the line is kept there as a commit of the data
    file: its journal's versions before and after it, taken under the lock, and its ids.

    `build` gets a Database rather than documents so that captures go through the same
    repository code as every other write (quick-add parsing, note action lines)."""
    try:
        path = path.resolve()  # the file, lock and journal the Database uses, past a symlink
    except (OSError, RuntimeError):
        return None
    journal = journal_path(path)
    # The first capture of a day takes the slow way, which makes the day's backup (and says
    # if it cannot), as every other command does.
    if not journal.exists() or not path.exists() or not daily_backup_path(path).exists():
        return None
    try:
        lock = os.open(f"{path}.lock", os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        header, batches, complete = read(journal)
        if header is None or header.get("for") != list(_signature(os.stat(path))):
            return None
        if len(batches) >= FOLD_AFTER:  # the slow way folds them into the file
            return None
        last_ids = dict(header.get("last_ids", {}))
        for batch in batches:
            for table, docs in batch.items():
                last_ids[table] = max(last_ids.get(table, 0), *(int(key) for key in docs))
        scratch = Database(None)
        scratch.reserve_ids(last_ids)
        seed = {table: dict(header.get("seed", {}).get(table, {})) for table in SEED}
        for batch in batches:  # what earlier captures created counts too
            for table in SEED:
                seed[table].update(batch.get(table, {}))
        for table, seeded in seed.items():
            scratch.put_documents(table, dict(seeded))
        build(scratch)
        docs = {
            name: {k: v for k, v in scratch.documents(name).items() if k not in seed.get(name, {})}
            for name in scratch.table_names()
        }
        docs = {name: found for name, found in docs.items() if found}
        if docs:
            before = _signature(os.stat(journal))
            _append(journal, orjson.dumps(docs) + b"\n", complete)
            if scratch.commits is not None:
                data, after = _signature(os.stat(path)), _signature(os.stat(journal))
                wrote = {table: set(found) for table, found in docs.items()}
                # The line is the file's one commit: the scratch's own are of no file.
                scratch.commits[:] = [Commit((data, before), (data, after), wrote)]
        return docs
    except OSError as exc:
        raise DataFileError(f"cannot write {journal}: {exc.strerror or exc}") from None
    finally:
        os.close(lock)  # also releases the lock


def _append(journal: Path, line: bytes, complete: int) -> None:
    """One line at the end of the journal, on disk before this returns; on failure (a full
    disk) the journal is cut back to what it was."""
    fd = os.open(journal, os.O_WRONLY | os.O_APPEND)
    try:
        if os.fstat(fd).st_size != complete:
            os.ftruncate(fd, complete)  # the cut-off line of a killed capture
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fdatasync(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, complete)
            raise
    finally:
        os.close(fd)
