"""The opsdesk data file under TinyDB: atomic writes, one lock per read-modify-write, change checks.

The file is compact JSON (orjson, no indentation: faster for files of several megabytes) with
a `_meta` table holding the schema version and the file's id. A write serialises first, then
goes to a temp file beside the data file, is fsynced and renamed over it, so a kill -9 or a full
disk leaves the old file or the new one, never half of one. A sidecar `<data>.lock` (flock)
makes each transaction exclusive across processes. The parsed data stays cached while the
file's stat signature is unchanged, so a read costs one stat instead of a parse.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from store.errors import UserError
from store.validate import BadRecord, check_tables

if TYPE_CHECKING:
    from tinydb.table import Table

    from store.tables import LockedTable

SCHEMA_VERSION: int = 3
META = "_meta"
DAILY_BACKUPS = 7
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700

Data = dict[str, dict[str, Any]]
Versions = tuple[tuple[int, ...] | None, tuple[int, ...] | None]  # data file, journal


class Commit(NamedTuple):
    """One committed transaction (see Database.commits)."""

    before: Versions
    after: Versions
    wrote: dict[str, set[str]]  # table -> ids of the records written ("*": maybe all)


# The largest table that the desk's first frame and `opsdesk today` never read: a version of
# the file that this code wrote puts it last, and a reader decodes it when first asked for it.
LAZY = "notes"
_LAZY_KEY = b',"' + LAZY.encode() + b'":'


class DataFileError(UserError):
    """The data file cannot be used as it is; the message names the file."""


def daily_backup_path(path: Path) -> Path:
    """Where today's copy of the data file at `path` goes (see Database._daily_backup)."""
    return path.with_name(f"{path.name}.backups") / f"{path.stem}.{date.today()}{path.suffix}"


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except RuntimeError:  # Python 3.11 reports a symlink loop so
        raise DataFileError(f"cannot open {path}: it is a symlink loop") from None
    except OSError as exc:
        raise DataFileError(f"cannot open {path}: {exc.strerror}") from None


def _v1_to_v2(data: Data) -> Data:
    """Action priority "high"/"med"/"low" becomes 1/2/3 (or null), comma-separated tags a list."""
    priorities = {"high": 1, "med": 2, "medium": 2, "low": 3}
    for doc in data.get("actions", {}).values():
        if isinstance(doc.get("priority"), str):
            doc["priority"] = priorities.get(doc["priority"].strip().lower())
        if isinstance(doc.get("tags"), str):
            doc["tags"] = [tag.strip() for tag in doc["tags"].split(",") if tag.strip()]
    data.setdefault(META, {}).setdefault("1", {}).setdefault("file_id", uuid.uuid4().hex)
    return data


def _v2_to_v3(data: Data) -> Data:
    """Each `+name` the records hold becomes a project record in its own table."""
    from store.projects import projects_from_names

    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    if not data.get("projects"):
        data["projects"] = projects_from_names(data, stamp)
    return data


# MIGRATIONS[n - 1] turns a schema n file into schema n + 1; a file with no `_meta` is schema 1.
MIGRATIONS: list[Callable[[Data], Data]] = [_v1_to_v2, _v2_to_v3]


def _new_data() -> Data:
    return {META: {"1": {"schema": SCHEMA_VERSION, "file_id": uuid.uuid4().hex}}}


def _dump(data: Data) -> tuple[bytes, tuple[int, int] | None]:
    """The file's bytes, with the LAZY table last, and where that table's value lies in them."""
    if LAZY not in data or len(data) == 1:  # the other tables come first: at least one
        return orjson.dumps(data), None
    rest = orjson.dumps({name: table for name, table in data.items() if name != LAZY})
    value = orjson.dumps(data[LAZY])
    start = len(rest) - 1 + len(_LAZY_KEY)
    return rest[:-1] + _LAZY_KEY + value + b"}", (start, start + len(value))


def _lazy_range_in(raw: bytes, data: Data | None) -> tuple[int, int] | None:
    """Where the LAZY table's value lies in `raw` when the file ends with it, as _dump
    writes it (and holds nothing the cache does not), else None."""
    table = (data or {}).get(LAZY)
    if not isinstance(table, dict):
        return None
    value = orjson.dumps(table)
    end = len(raw) - 1
    start = end - len(value)
    if raw[start - len(_LAZY_KEY) : start] == _LAZY_KEY and raw[start:] == value + b"}":
        return start, end
    return None


def _is_tables(data: dict) -> bool:
    return all(
        isinstance(table, dict)
        and all(key.isdigit() and isinstance(doc, dict) for key, doc in table.items())
        for table in data.values()
    )


def _parse(raw: bytes, name: str, check: bool = True) -> tuple[Data, int]:
    """The tables of a file and the schema version it was written with, migrated to ours.
    Every table and record is checked (store/validate.py) unless `check` is False (a file
    version that passed before: see Database._vouch) and the file needs no migration."""

    def refuse(why: str) -> DataFileError:
        return DataFileError(f"cannot use {name}: {why}; the file was left untouched")

    if not raw.strip():
        raise refuse("the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise refuse(f"not valid JSON, truncated or damaged at byte {exc.pos}") from None
    if not isinstance(data, dict) or (check and not _is_tables(data)):
        raise refuse("not an opsdesk data file")
    version = (data.get(META, {}).get("1") or {}).get("schema", 1)
    if not isinstance(version, int) or version < 1:
        raise refuse(f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise refuse(
            f"written by a newer opsdesk (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    for number in range(version, SCHEMA_VERSION):
        data = MIGRATIONS[number - 1](data)
        data[META]["1"]["schema"] = number + 1
    if not isinstance(data[META]["1"].get("file_id"), str):
        raise refuse("its file id is missing")
    try:
        if check or version < SCHEMA_VERSION:
            check_tables(data)
    except BadRecord as bad:
        raise refuse(str(bad)) from None
    return data, version


def _write_atomically(path: Path, payload: bytes) -> int:
    """Replace `path` by a private file holding `payload`; returns the new file, still open."""
    import tempfile  # with shutil and random: a few ms a capture (journal append) need not pay

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # says "live" to a clean-up (released at exit or kill)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.replace(temp, path)
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)  # makes the rename itself survive a power cut
        finally:
            os.close(folder)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return fd


def _remove_orphans(path: Path) -> None:
    """Delete the temp files a killed writer of `path` (or of its journal) left; a live one
    is locked and stays.

    Names are matched exactly (no glob: a `[` in the file name is a name, not a pattern),
    so the temps of another data file in the folder are never touched."""
    pattern = re.compile(rf"\.{re.escape(path.name)}(\.journal)?\.[a-z0-9_]{{8}}\.tmp")
    for name in os.listdir(path.parent):
        if not pattern.fullmatch(name):
            continue
        orphan = path.parent / name
        try:
            fd = os.open(orphan, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(orphan)
        except OSError:  # locked: a writer is still on it
            pass
        finally:
            os.close(fd)


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _vouch_text(signature: tuple[int, ...]) -> bytes | None:
    """What the lock file's first line starts with for a file version whose records all
    passed the checks (the rest of the line may say where its LAZY table lies: see
    Database._commit); None when the checks have no id (then nothing is vouched for)."""
    from store.validate import checks_id

    if not checks_id():
        return None
    return f"checked {checks_id()} {' '.join(map(str, signature))}".encode()


class Database:
    """The opsdesk data file at `path`, or with no path an in-memory store that behaves alike."""

    def __init__(self, path: str | Path | None) -> None:
        self.path: Path | None = None if path is None else _resolved(Path(path))
        self.backup_error: str | None = None  # why today's backup could not be written
        self._tables: dict[str, LockedTable] = {}
        self._data: Data | None = None
        self._signature: tuple[int, ...] | None = None
        # The descriptor of the file version in _data, held open so that no other file can get
        # its inode number while we compare signatures against it.
        self._pinned: int | None = None
        self._lock_fd: int | None = None
        self._lock_path = ""
        self._memory = orjson.dumps(_new_data())  # the "file" of an in-memory database
        self._mutex = threading.RLock()
        self._depth = 0
        self._dirty = False
        self._after_commit: list[Callable[[], None]] = []
        # The capture journal beside the file, and the version of it that _data includes.
        self._journal: Path | None = None
        self._journal_signature: tuple[int, ...] | None = None
        self._unvouched = False  # the loaded version was checked in full: worth vouching for
        # The LAZY table of the cached version, not decoded yet (its place in _data holds it as
        # an orjson.Fragment, which a write copies as it is), and where it lies in the file.
        self._lazy: bytes | None = None
        self._lazy_range: tuple[int, int] | None = None
        # When a list (the command line sets one): each committed transaction, as the file and
        # journal versions before and after it and the ids of the records it wrote, by table.
        self.commits: list[Commit] | None = None
        self._wrote: dict[str, set[str]] = {}
        if self.path is not None:
            self._journal = self.path.with_name(f"{self.path.name}.journal")
        if self.path is None:
            self._load()
        else:
            self._open(self.path)
        assert self._data is not None
        self.file_id: str = self._data[META]["1"]["file_id"]

    def table(self, name: str) -> Table:
        if name not in self._tables:
            from store.tables import LockedTable  # TinyDB, for the commands that use its API

            self._tables[name] = LockedTable(self, name)
        return self._tables[name]

    def table_names(self) -> list[str]:
        """The record tables the file holds (its `_meta` left out)."""
        return [name for name in self._read(META) if name != META]

    def documents(self, name: str) -> dict[str, dict[str, Any]]:
        """A table's current documents by id (as text), for bulk reads: they are the cache
        itself, so read them, never change them (TinyDB's `all()` copies each one)."""
        return self._read(name).get(name, {})

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock; everything inside sees one current state and commits as one write.

        Re-entrant: only the outermost transaction reads and writes the file. If the block
        raises, nothing is written and the cache is dropped, so the next read sees the disk.
        """
        with self._mutex:
            if self._depth:
                yield
                return
            self._flock(fcntl.LOCK_EX)
            self._depth = 1  # nested transactions just run: the outermost reads and commits
            try:
                if self._stale():
                    self._load()
                self._reset_tables()
                before = (self._signature, self._journal_signature)
                yield
                if self._dirty:
                    self._commit()
                    if self.commits is not None:
                        after = (self._signature, self._journal_signature)
                        self.commits.append(Commit(before, after, self._wrote))
            except BaseException:
                self._forget()
                self._after_commit.clear()
                raise
            finally:
                self._depth, self._dirty, self._wrote = 0, False, {}
                self._flock(fcntl.LOCK_UN)
            while self._after_commit:
                self._after_commit.pop(0)()

    def wrote(self, name: str, ids: Iterable[int | str] | None) -> None:
        """Inside a transaction: the records with `ids` in table `name` were written (None:
        maybe all of them). Told by every write (put_documents, drop_documents, TinyDB's)."""
        found = self._wrote.setdefault(name, set())
        found.update(["*"] if ids is None else map(str, ids))

    def after_commit(self, call: Callable[[], None]) -> None:
        """Run `call` once the current transaction has committed (now, outside of one);
        a transaction that fails forgets it."""
        if not self._depth:
            call()
        elif call not in self._after_commit:
            self._after_commit.append(call)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def meta(self) -> dict[str, Any]:
        """The file's own settings (schema, file id, ids handed out): read, never change."""
        return self._read(META)[META]["1"]

    def last_id(self, name: str) -> int:
        """The highest id ever handed out in table `name`, also by records since moved away."""
        return int(self.meta().get("last_ids", {}).get(name, 0))

    def put_documents(self, name: str, docs: dict[str, dict[str, Any]]) -> None:
        """Store documents under the ids they have (added or replaced), in one transaction;
        the ids stay taken (see last_id)."""
        with self.transaction():
            data = self._read()
            data.setdefault(name, {}).update(docs)
            self.wrote(name, docs)
            if docs:
                meta = data[META]["1"]
                last_ids = meta.setdefault("last_ids", {})
                last_ids[name] = max(last_ids.get(name, 0), *(int(key) for key in docs))
            self._changed()

    def drop_documents(self, name: str, ids: list[str]) -> None:
        """Remove documents, in one transaction; their ids stay taken (see last_id)."""
        with self.transaction():
            data = self._read()
            table = data.get(name, {})
            found = [key for key in ids if key in table]
            if found:
                last_ids = data[META]["1"].setdefault("last_ids", {})
                highest = max(int(key) for key in table)
                last_ids[name] = max(last_ids.get(name, 0), highest)
                for key in found:
                    del table[key]
                self.wrote(name, found)
            self._changed()

    def set_meta(self, key: str, value: Any) -> None:
        """Keep a small file-wide value in `_meta` (see meta), in one transaction."""
        with self.transaction():
            self._read()[META]["1"][key] = value
            self._changed()

    def reserve_ids(self, last_ids: dict[str, int]) -> None:
        """Treat these ids as handed out already: new records get higher ones."""
        with self.transaction():
            meta = self._read()[META]["1"]
            taken = meta.setdefault("last_ids", {})
            for name, last in last_ids.items():
                taken[name] = max(taken.get(name, 0), int(last))
            self._changed()

    def start_journal(self) -> None:
        """Let capture commands append to a journal beside the file from now on (see
        store/journal.py); every later write of the file keeps its header current."""
        if self.path is None or self._journal is None:
            return
        from store import journal

        with self._mutex:
            self._flock(fcntl.LOCK_EX)
            try:
                self._read()  # the header counts every table's ids
                assert self._data is not None and self._pinned is not None
                signature = _signature(os.fstat(self._pinned))
                # A journal already started for this version of the file may hold captures
                # made since it was written (by another process): they are in no file yet.
                header, _, _ = journal.read(self._journal)
                if header is None or header.get("for") != list(signature):
                    journal.write_header(self.path, self._data, signature)
                self._journal_signature = self._stat_journal()
            except OSError as exc:
                raise DataFileError(f"cannot write {self._journal}: {exc.strerror}") from None
            finally:
                self._flock(fcntl.LOCK_UN)

    def backup(self, label: str) -> Path | None:
        """A copy of the file as it is now in the backups folder, named with `label` and the
        time; returns its path (None for an in-memory database)."""
        if self.path is None:
            return None
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        name = f"{self.path.stem}.{label}-{stamp}{self.path.suffix}"
        self._backup(name, orjson.dumps(self._read()))
        return self.path.with_name(f"{self.path.name}.backups") / name

    def changed_on_disk(self) -> bool:
        """Did another process write the file since we last read or wrote it? One stat."""
        return self.path is not None and self._stale()

    def reload(self) -> None:
        with self._mutex:
            self._load()

    def close(self) -> None:
        with self._mutex:
            self._forget()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def _open(self, path: Path) -> None:
        """Under the lock: create the file if missing, refuse a bad one, migrate an old one."""
        try:
            path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            self._lock_path = f"{path}.lock"
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
            with self._mutex:
                self._flock(fcntl.LOCK_EX)
                try:
                    _remove_orphans(path)
                    if not os.path.lexists(path):
                        self._data = _new_data()
                        self._commit()
                    raw, version = self._load()
                    if version < SCHEMA_VERSION:
                        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
                        self._backup(f"{path.stem}.schema{version}-{stamp}{path.suffix}", raw)
                        self._commit()
                    elif self._unvouched:
                        self._lazy_range = _lazy_range_in(raw, self._data)
                        self._vouch()
                    self._daily_backup(path)
                finally:
                    self._flock(fcntl.LOCK_UN)
        except OSError as exc:
            raise DataFileError(
                f"cannot open {path}: {exc.strerror} ({exc.filename or path})"
            ) from None

    def _backup(self, name: str, payload: bytes) -> None:
        assert self.path is not None
        folder = self.path.with_name(f"{self.path.name}.backups")
        try:
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            os.close(_write_atomically(folder / name, payload))
        except OSError as exc:
            raise DataFileError(f"cannot write {folder / name}: {exc.strerror}") from None

    def _daily_backup(self, path: Path) -> None:
        """One copy a day beside the file, the last DAILY_BACKUPS kept. Failing is not fatal:
        a full disk should not stop anyone reading their data."""
        today = daily_backup_path(path)
        folder, name = today.parent, today.name
        try:
            if not today.exists():
                self._backup(name, orjson.dumps(self._data))
            stem, suffix = re.escape(path.stem), re.escape(path.suffix)
            daily = re.compile(rf"{stem}\.\d{{4}}-\d\d-\d\d{suffix}")
            kept = sorted(name for name in os.listdir(folder) if daily.fullmatch(name))
            for old in kept[:-DAILY_BACKUPS]:
                (folder / old).unlink()
        except (OSError, DataFileError) as exc:
            self.backup_error = str(exc)

    def _changed(self) -> None:
        """Inside a transaction, after changing _data directly: commit at its end, and let
        TinyDB forget what it cached."""
        self._dirty = True
        self._reset_tables()

    def _flock(self, operation: int) -> None:
        if self._lock_fd is None:
            return
        fcntl.flock(self._lock_fd, operation)
        # Someone deleted or replaced the lock file: a lock on the old one excludes nobody
        # who opens the path now. Take the one at the path instead.
        while operation == fcntl.LOCK_EX and not self._holds_lock_path():
            os.close(self._lock_fd)
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
            fcntl.flock(self._lock_fd, operation)

    def _still_exclusive(self) -> None:
        """Before replacing the file: if the lock file was deleted or replaced while we held
        it, a writer that started since was not kept out. Take the lock at the path; if the
        file changed since we read it, refuse rather than write over that change."""
        if self._lock_fd is None or self._holds_lock_path():
            return
        self._flock(fcntl.LOCK_EX)  # the lock at the path: waits for such a writer
        try:
            changed = _signature(os.stat(self.path)) != self._signature  # type: ignore[arg-type]
        except OSError:
            changed = True
        if changed:
            raise DataFileError(
                f"cannot write {self.path}: its lock file was removed while this change was "
                "made and another write came in meanwhile; nothing was written, try again"
            )

    def _holds_lock_path(self) -> bool:
        assert self._lock_fd is not None
        held = os.fstat(self._lock_fd)
        try:
            at_path = os.stat(self._lock_path)
        except FileNotFoundError:
            return False
        return (held.st_dev, held.st_ino) == (at_path.st_dev, at_path.st_ino)

    def _stale(self) -> bool:
        if self._data is None:
            return True
        if self.path is None:
            return False
        try:
            if _signature(os.stat(self.path)) != self._signature:
                return True
        except OSError:
            return True
        return self._stat_journal() != self._journal_signature

    def _stat_journal(self) -> tuple[int, ...] | None:
        try:
            return None if self._journal is None else _signature(os.stat(self._journal))
        except FileNotFoundError:
            return None

    def _read(self, need: str | None = None) -> Data:
        """The cached tables, read again if the file changed; the LAZY table is decoded
        unless `need` names another table."""
        with self._mutex:
            if not self._depth and self._stale():
                self._load()
            assert self._data is not None
            if self._lazy is not None and need in (None, LAZY):
                self._decode_lazy()
            return self._data

    def _decode_lazy(self) -> None:
        assert self._data is not None and self._lazy is not None
        if isinstance(self._data.get(LAZY), orjson.Fragment):  # still the file's, untouched
            self._data[LAZY] = orjson.loads(self._lazy)
        self._lazy = None

    def _load(self) -> tuple[bytes, int]:
        """Read the file into the cache; returns its bytes and the schema it was written with."""
        if self.path is None:
            self._data, version = _parse(self._memory, "the in-memory database")
            self._reset_tables()
            return self._memory, version
        try:
            with open(self.path, "rb") as file:
                raw = file.read()
                # A version of the file whose records all passed these same checks before
                # (when read, or on their way in) is not checked again: see _vouch.
                tail = self._vouched_for(_signature(os.fstat(file.fileno())))
                vouched = tail is not None
                self._lazy = self._lazy_range = None  # set again if the LAZY table waits
                self._data, version = self._parse_vouched(raw, tail) or _parse(
                    raw, str(self.path), check=not vouched
                )
                self._pin(os.dup(file.fileno()))
            self._read_journal()
        except OSError as exc:
            raise DataFileError(f"cannot read {self.path}: {exc.strerror}") from None
        self._unvouched = not vouched
        self._reset_tables()
        return raw, version

    def _read_journal(self) -> None:
        """Put the records captured since the file was last written on top of it."""
        assert self._journal is not None and self._data is not None
        try:
            file = open(self._journal, "rb")
        except FileNotFoundError:
            self._journal_signature = None
            return
        from store import journal

        with file:
            self._journal_signature = _signature(os.fstat(file.fileno()))  # before reading
            _, batches, _ = journal.parse(file.read(), self._journal)  # each record checked
        if self._lazy is not None and any(LAZY in batch for batch in batches):
            self._decode_lazy()
        journal.apply(self._data, batches)

    def _parse_vouched(self, raw: bytes, tail: str | None) -> tuple[Data, int] | None:
        """A vouched version's tables but the LAZY one, which stays undecoded, when the vouch
        says where it lies (this code wrote that version: the table is the file's last)."""
        words = (tail or "").split()
        if len(words) != 3 or words[0] != LAZY or not (words[1] + words[2]).isdigit():
            return None
        start, end = int(words[1]), int(words[2])
        key_at = start - len(_LAZY_KEY)
        if key_at <= 0 or end != len(raw) - 1 or raw[key_at : start + 1] != _LAZY_KEY + b"{":
            return None
        data, version = _parse(raw[:key_at] + b"}", str(self.path), check=False)
        if version != SCHEMA_VERSION or LAZY in data:
            return None
        self._lazy, self._lazy_range = raw[start:end], (start, end)
        data[LAZY] = orjson.Fragment(self._lazy)
        return data, version

    def _vouch(self) -> None:
        """Under the lock, once every record of the cached version of the file has passed the
        checks (read in full, or written from records that had): say so in the lock file, by
        the checks' id and the version's stat signature (device, inode, size, time to the
        nanosecond; any other writer changes it), so that the next process need not check
        this version again. The lock file only holds this hint: anything else in it, or a
        failure to write it, only means the next open checks every record."""
        if self._lock_fd is None or self._pinned is None:
            return
        self._unvouched = False
        text = _vouch_text(_signature(os.fstat(self._pinned)))
        if text is None:
            return
        if self._lazy_range is not None:
            text += f" {LAZY} {self._lazy_range[0]} {self._lazy_range[1]}".encode()
        text += b"\n"
        try:
            os.pwrite(self._lock_fd, text, 0)
            os.ftruncate(self._lock_fd, len(text))
        except OSError:
            pass

    def _vouched_for(self, signature: tuple[int, ...]) -> str | None:
        """What the vouch for this version of the file says after it ("" when nothing), or
        None when the version is not vouched for."""
        text = _vouch_text(signature)
        if self._lock_fd is None or text is None:
            return None
        try:  # the vouch is the first line; a hint (set_hint) may follow it
            line, newline, _ = os.pread(self._lock_fd, 4096, 0).partition(b"\n")
        except OSError:
            return None
        if not newline or not (line == text or line.startswith(text + b" ")):
            return None
        return line[len(text) :].decode(errors="replace")

    def hint(self) -> str | None:
        """The hint last left for the version of the file (and journal) in the cache by
        set_hint, or None."""
        key = self._hint_key()
        if key is None:
            return None
        try:
            _, _, line = os.pread(self._lock_fd, 4096, 0).partition(b"\n")  # type: ignore[arg-type]
        except OSError:
            return None
        if not (line.startswith(key) and line.endswith(b"\n")):
            return None
        return line[len(key) : -1].decode(errors="replace")

    def set_hint(self, text: str) -> None:
        """Leave a one-line hint that holds for the version of the file (and journal) in the
        cache only, such as "the daily pass found nothing to move today". It is kept in the
        lock file after the vouch and, like it, only saves work: a write of the file or
        journal outdates it, a vouch drops it, losing it costs the next process time."""
        key = self._hint_key()
        if key is None or self._signature is None:
            return
        tail = self._vouched_for(self._signature)
        vouch = _vouch_text(self._signature) if tail is not None else None
        line = vouch + tail.encode() + b"\n" if vouch and tail is not None else b"\n"
        content = line + key + text.replace("\n", " ").encode() + b"\n"
        try:
            os.pwrite(self._lock_fd, content, 0)  # type: ignore[arg-type]
            os.ftruncate(self._lock_fd, len(content))  # type: ignore[arg-type]
        except OSError:
            pass

    def _hint_key(self) -> bytes | None:
        if self._lock_fd is None or self._signature is None:
            return None
        journal = self._journal_signature or ("-",)
        return f"hint {' '.join(map(str, (*self._signature, *journal)))} ".encode()

    def _commit(self) -> None:
        if self._lazy is not None:
            self._decode_lazy()  # the journal's header counts every table's ids
        assert self._data is not None
        payload, lazy_range = _dump(self._data)
        if self.path is None:
            self._memory = payload
            return
        self._still_exclusive()
        try:
            self._refuse_read_only()
            fd = _write_atomically(self.path, payload)
        except OSError as exc:
            raise DataFileError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self._pin(fd)
        self._lazy_range = lazy_range
        self._vouch()
        if self._journal_signature is not None or os.path.exists(self._journal or ""):
            self._fold_journal()

    def _fold_journal(self) -> None:
        """The file now holds the journal's records: start the journal anew for this version
        of the file. If this fails, the old journal stays (its records are not applied twice:
        see journal.apply), and captures take the slow path until a write succeeds."""
        from store import journal

        assert self.path is not None and self._pinned is not None and self._data is not None
        try:
            journal.write_header(self.path, self._data, _signature(os.fstat(self._pinned)))
        except OSError:
            self._journal_signature = None
            return
        self._journal_signature = self._stat_journal()

    def _refuse_read_only(self) -> None:
        """A file the person made read-only stays so: replacing it would quietly undo that
        (and, run as root, write it anyway)."""
        assert self.path is not None
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            return
        if not mode & stat.S_IWUSR:
            raise DataFileError(
                f"cannot write {self.path}: the file is read-only (mode {mode & 0o777:04o}); "
                "nothing was changed (chmod u+w to allow changes)"
            )

    def _pin(self, fd: int) -> None:
        if self._pinned is not None:
            os.close(self._pinned)
        self._pinned, self._signature = fd, _signature(os.fstat(fd))

    def _forget(self) -> None:
        """Drop the cache (after a failed write or transaction): the next read re-reads."""
        if self._pinned is not None:
            os.close(self._pinned)
        self._data = self._pinned = self._signature = None
        self._lazy = self._lazy_range = None

    def _reset_tables(self) -> None:
        # TinyDB remembers the next id and recent query results; both may be stale now.
        for table in self._tables.values():
            table._next_id = None
            table.clear_cache()
