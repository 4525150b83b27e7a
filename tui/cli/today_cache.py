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

The usual change between two `today`s is a capture (`opsdesk add`, `opsdesk note`): one line
appended to the journal, new records only. The capture puts its actions into the kept answer
itself (take_in), while it holds the data file's lock, and names the journal as it left it:
the next `today` is a hit. For that, a table answer is followed by an index: each section's
count and the order of its actions (store.agenda.order_text).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from bisect import bisect_right
from datetime import date
from pathlib import Path
from typing import Any

VERSION = 2
SOURCES = (Path(__file__).parents[2] / "store", Path(__file__).parent)
Section = tuple[str, str, list[str], list[str]]  # key, heading, lines, its actions' orders


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
    for key, heading, shown, orders in sections:
        if shown:
            lines.append(f"{heading} ({len(shown)})")
            lines += ["  " + line for line in shown]
        index.append(" ".join([key, str(len(shown)), *orders]) + "\n")
    # The whole agenda as one text: thousands of lines, each through say() and print(),
    # cost more than building them. safe_text keeps line breaks, so joining them changes
    # nothing (a record line holding one of its own would not match the index: a miss).
    text = safe_text("\n".join(lines), lines=True) + "\n" if lines else ""
    return text, "".join(index)


def take_in(
    data: Path, docs: dict[str, dict[str, Any]], before: os.stat_result, after: os.stat_result
) -> None:
    """A capture appended the records `docs` to the journal of the data file at `data`,
    whose stat was `before` and is `after`: put its actions into the kept table answer, if
    that was worked out from the files as they were just before, for the calendar day, code
    and settings of now. Anything else leaves the kept answer as it is, which is now a miss."""
    if not set(docs) <= {"actions", "notes", "projects"}:  # not what a capture adds
        return
    data = Path(os.path.realpath(data))
    path = cache_path(data)
    try:
        with open(path, "rb") as file:
            found = _parts(file.read())
        if found is None or not found[2]:
            return
        key, body, index = (part.decode() for part in found)
        import ast

        _, (day, _), options, *_ = ast.literal_eval(key)
        if key.encode() != _key(day, options, _files(data, before)):
            return
        sections = _sections(body, index)
        _add_actions(sections, docs.get("actions", {}), date.fromisoformat(day))
        text, index = agenda_answer(sections)
        _write(path, _key(day, options, _files(data, after)), text, index)
    except Exception:  # the capture is stored: whatever this met, the kept answer stays
        return  # as it was, which the next `today` finds out of date


def _sections(body: str, index: str) -> list[Section]:
    """The sections of a kept table answer, as agenda_answer takes them."""
    from store.agenda import Agenda

    headings = dict(Agenda.SECTIONS)
    lines = body.splitlines()
    sections, at = [], 0
    for entry in index.splitlines():
        key, count, *orders = entry.split(" ")
        heading, shown = headings[key], lines[at + 1 : at + 1 + int(count)]
        if len(shown) != int(count) or (orders and len(orders) != len(shown)):
            raise ValueError("the index does not match the answer")
        if shown and lines[at] != f"{heading} ({count})":
            raise ValueError("the index does not match the answer")
        sections.append((key, heading, [line.removeprefix("  ") for line in shown], orders))
        at += 1 + len(shown) if shown else 0
    if at != len(lines):
        raise ValueError("the index does not match the answer")
    return sections


def _add_actions(sections: list[Section], docs: dict[str, dict[str, Any]], today: date) -> None:
    """Each new action in its section, after the ones it sorts with (its id is above theirs)."""
    from store.agenda import order_text, section_of
    from store.models import Action
    from store.render import record_line

    by_key = {key: (shown, orders) for key, _, shown, orders in sections}
    for doc_id, doc in sorted(docs.items(), key=lambda item: int(item[0])):
        action = Action.from_doc(doc, int(doc_id))
        section = section_of(action, today)
        if section is None:
            continue
        shown, orders = by_key[section]
        if len(orders) != len(shown):
            raise ValueError("no order kept for the section")
        order = order_text(section, action)
        at = bisect_right(orders, order)
        orders.insert(at, order)
        shown.insert(at, record_line(action, today))


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


def _files(data: Path, journal: os.stat_result | None = None) -> list:
    """The stat of the data file, its journal (as `journal` says, when given) and the config."""
    from store.config import config_path

    journal_path = data.with_name(f"{data.name}.journal")
    found = _signature(journal) if journal else _stat(journal_path)
    return [_stat(data), found, _stat(config_path())]


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
