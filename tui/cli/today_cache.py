"""`opsdesk today` on a desk that has not changed: the answer it gave last time.

`opsdesk today` runs many times a day (a shell prompt, a status line, a glance between
meetings), mostly on a desk that has not changed since the last time. Working the agenda out
means importing the store and decoding the working file's open records, most of the
command's time; the last answer costs a stat of each input and one small read.

The answer is kept in `<data>.today` beside the data file (private, replaced whole), after a
key line naming everything it was made from: the options, the day, the data file, its capture
journal and the config file (each by device, inode, size and modification time), opsdesk's
own code (the newest modification time of its sources), the `OPSDESK_*` and `TZ` settings, and
the length of the answer (and of its index). Any difference, or a file that does not read
back whole, is a miss: the command works the agenda out as always. An answer is kept only
when the command said nothing on stderr and the daily archive pass after it left the files as
they were, so a hit owes the data file nothing (the day's backup and archive pass ran at the
day's first miss).

Between two `today`s the desk usually changes by a command: a capture (`opsdesk add`,
`opsdesk note`) appends new records to the journal; done, edit, delete, undo and the rest
write the data file. Such a command brings the kept answer up to date itself: each record it
wrote leaves its line and takes its place again where today would put it, and the key names
the files as the command left them, so the next `today` is a hit. It does so once it has
finished, from the versions before and after each of its writes (or journal lines) and the
ids each wrote (Database.commits), only if no one else wrote in between (take_commits). For
that, a table answer is followed by an index: each section's count and each line's place
(its record's order text, store.agenda.order_text, and id).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from bisect import bisect_right
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.storage import Database

VERSION = 2
SOURCES = (Path(__file__).parents[2] / "store", Path(__file__).parent)
Section = tuple[str, str, list[str], list[str]]  # key, heading, lines, each line's place
# The tables whose records Today shows, and the sections each can be in.
SHOWN = {
    "actions": ("overdue", "due_today", "in_progress", "waiting", "upcoming"),
    "risks": ("reviews",),
    "milestones": ("milestones",),
}


def cache_path(data: Path) -> Path:
    return data.with_name(f"{data.name}.today")


class TodayCache:
    """The kept answer for one run of `opsdesk today` with `args` on the file at `data`."""

    def __init__(self, args: argparse.Namespace, data: Path, today: date) -> None:
        self.args, self.today = args, today
        self.data = Path(os.path.realpath(data))
        self.path = cache_path(self.data)
        self.key = self._key()

    def answer(self) -> str | None:
        """The text kept for this very key, or None."""
        if self.key is None:
            return None
        try:
            with open(self.path, "rb") as file:
                found = _parts(file.read())
        except OSError:
            return None
        if found is None or found[0] != self.key:
            return None
        try:
            return found[1].decode()
        except UnicodeDecodeError:
            return None

    def keep(self, text: str, index: str, warned: bool) -> None:
        """Keep `text` (and, for a table answer, the `index` a capture adds to it with) as
        the answer, unless something was said on stderr or the inputs changed while the
        command ran (the archive pass moved records, another process)."""
        if self.key is None or warned or self._key() != self.key:
            return
        _write(self.path, self.key, text, index)

    def _key(self) -> bytes | None:
        options = sorted((k, repr(v)) for k, v in vars(self.args).items() if not callable(v))
        files = _files(self.data)
        return None if files[0] is None else _key(self.today.isoformat(), options, files)


def agenda_answer(sections: list[Section]) -> tuple[str, str]:
    """The text of `opsdesk today` (the empty sections left out) and its index."""
    from store.text import safe_text

    lines, index = [], []
    for key, heading, shown, places in sections:
        if shown:
            lines.append(f"{heading} ({len(shown)})")
            lines += ["  " + line for line in shown]
        index.append(" ".join([key, str(len(shown)), *places]) + "\n")
    # The whole agenda as one text: thousands of lines, each through say() and print(),
    # cost more than building them. safe_text keeps line breaks, so joining them changes
    # nothing (a record line holding one of its own would not match the index: a miss).
    text = safe_text("\n".join(lines), lines=True) + "\n" if lines else ""
    return text, "".join(index)


def place(section: str, record: Any) -> str:
    """Where a record sorts in its section: its order text and id, as one text."""
    from store.agenda import order_text

    return f"{order_text(section, record)}{record.id:012d}"


def take_commits(db: Database, data: Path) -> None:
    """After a command: bring the kept answer of the data file at `data` up to date with the
    records that the command's writes (db.commits) left in it, when nothing else wrote it in
    between."""
    commits = db.commits
    if not commits:
        return
    if any(earlier.after != later.before for earlier, later in pairwise(commits)):
        return  # another process wrote the file between two of them
    wrote: dict[str, set[str]] = {}
    for commit in commits:
        for table, ids in commit.wrote.items():
            if table in SHOWN:
                wrote.setdefault(table, set()).update(ids)
    if any("*" in ids for ids in wrote.values()):
        return
    docs = {table: {i: db.documents(table).get(i) for i in ids} for table, ids in wrote.items()}
    _bring_up_to_date(Path(os.path.realpath(data)), commits[0].before, commits[-1].after, docs)


def _bring_up_to_date(
    data: Path, before: tuple, after: tuple, docs: dict[str, dict[str, dict | None]]
) -> None:
    """The records `docs` (table -> id -> document, None for one that is gone) were written,
    taking the data file and journal from the versions `before` to `after`: put each one
    into the kept table answer where today would (or take it out), if that answer was
    worked out from the `before` versions, for the calendar day, config, code and settings
    of now. Anything else leaves the kept answer as it is, which is now a miss."""
    path = cache_path(data)
    try:
        with open(path, "rb") as file:
            found = _parts(file.read())
        if found is None or not found[2]:
            return
        key, body, index = (part.decode() for part in found)
        import ast

        _, (day, _), options, *_ = ast.literal_eval(key)
        from store.config import config_path

        config = _stat(config_path())
        if key.encode() != _key(day, options, [*before, config]):
            return
        sections = _sections(body, index)
        _put(sections, docs, date.fromisoformat(day))
        text, index = agenda_answer(sections)
        _write(path, _key(day, options, [*after, config]), text, index)
    except Exception:  # the change is stored: whatever this met, the kept answer stays
        return  # as it was, which the next `today` finds out of date


def _sections(body: str, index: str) -> list[Section]:
    """The sections of a kept table answer, as agenda_answer takes them."""
    from store.agenda import Agenda

    headings = dict(Agenda.SECTIONS)
    lines = body.splitlines()
    sections, at = [], 0
    for entry in index.splitlines():
        key, count, *places = entry.split(" ")
        heading, shown = headings[key], lines[at + 1 : at + 1 + int(count)]
        if len(shown) != int(count) or len(places) != len(shown):
            raise ValueError("the index does not match the answer")
        if shown and lines[at] != f"{heading} ({count})":
            raise ValueError("the index does not match the answer")
        sections.append((key, heading, [line.removeprefix("  ") for line in shown], places))
        at += 1 + len(shown) if shown else 0
    if at != len(lines):
        raise ValueError("the index does not match the answer")
    return sections


def _put(sections: list[Section], docs: dict[str, dict[str, dict | None]], today: date) -> None:
    """Each record of `docs` out of the section it was in, and into the one build_agenda
    puts it in now (if any), in its place."""
    from store.agenda import build_agenda
    from store.models import MODELS
    from store.render import record_line

    by_key = {key: (shown, places) for key, _, shown, places in sections}
    for table, found in docs.items():
        suffixes = {f"{int(doc_id):012d}" for doc_id in found}
        for key in SHOWN[table]:
            shown, places = by_key[key]
            gone = [i for i, where in enumerate(places) if where[-12:] in suffixes]
            for i in reversed(gone):
                del shown[i], places[i]
        for doc_id, doc in found.items():
            if doc is None or doc.get("deleted"):  # gone, or a tombstone (store/repo.py)
                continue
            record = MODELS[table].from_doc(doc, int(doc_id))
            agenda = build_agenda(*([record] if name == table else [] for name in SHOWN), today)
            for key, _, records in agenda.sections():
                if records:
                    shown, places = by_key[key]
                    where = place(key, record)
                    at = bisect_right(places, where)
                    places.insert(at, where)
                    shown.insert(at, record_line(record, today))


def _parts(raw: bytes) -> tuple[bytes, bytes, bytes] | None:
    """The key, answer and index of a kept answer's bytes; None when it is cut or damaged."""
    head, _, rest = raw.partition(b"\n")
    key, _, lengths = head.rpartition(b" ")
    body, _, index = lengths.partition(b"+")
    if not (body.isdigit() and index.isdigit()) or len(rest) != int(body) + int(index):
        return None
    return key, rest[: int(body)], rest[int(body) :]


def _write(path: Path, key: bytes, text: str, index: str) -> None:
    """The kept answer replaced whole (private); on any failure the old one stays."""
    body, more = text.encode(), index.encode()
    temp = f"{path}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(key + f" {len(body)}+{len(more)}\n".encode() + body + more)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except OSError:  # a full disk, a read-only folder: the next run works it out again
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _key(day: str, options: list, files: list) -> bytes:
    """The key of the answer for the desk's `day`, the command's `options` and the `files`."""
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("OPSDESK_"))
    settings.append(("TZ", os.environ.get("TZ", "")))
    # The calendar's day as well as the desk's (--today): the day's backup and archive
    # pass, which a hit skips, go by the calendar.
    days = (day, date.today().isoformat())
    parts = [VERSION, days, options, files, _code(), settings]
    return repr(parts).encode()  # one line: repr shows a line break in a value as \\n


def _files(data: Path) -> list:
    """The versions of the data file, its journal and the config file."""
    from store.config import config_path

    journal = data.with_name(f"{data.name}.journal")
    return [_stat(data), _stat(journal), _stat(config_path())]


def _stat(path: Path) -> tuple[int, ...] | None:
    try:
        return _signature(os.stat(path))
    except OSError:
        return None


def _signature(found: os.stat_result) -> tuple[int, ...]:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _code() -> tuple[int, int]:
    """The newest modification time of opsdesk's sources and how many there are."""
    newest, count = 0, 0
    for folder in SOURCES:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    newest, count = max(newest, entry.stat().st_mtime_ns), count + 1
    return newest, count
