"""`opsdesk today` on a desk that has not changed: the answer it gave last time.

`opsdesk today` runs many times a day (a shell prompt, a status line, a glance between
meetings), mostly on a desk that has not changed since the last time. Working the agenda out
means importing the store and decoding the working file's open records, most of the
command's time; the last answer costs a stat of each input and one small read.

The answer is kept in `<data>.today` beside the data file (private, replaced whole), after a
key line naming everything it was made from: the options, the day, the data file, its capture
journal and the config file (each by device, inode, size and modification time), opsdesk's
own code (the newest modification time of its sources), the `OPSDESK_*` and `TZ` settings, and
the length of the answer. Any difference, or a file that does not read back whole, is a miss:
the command works the agenda out as always. An answer is kept only when the command said
nothing on stderr and the daily archive pass after it left the files as they were, so a hit
owes the data file nothing (the day's backup and archive pass ran at the day's first miss).
"""

from __future__ import annotations

import argparse
import contextlib
import os
from datetime import date
from pathlib import Path

VERSION = 1
SOURCES = (Path(__file__).parents[2] / "store", Path(__file__).parent)


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
                raw = file.read()
        except OSError:
            return None
        head, _, body = raw.partition(b"\n")
        if head != self.key + f" {len(body)}".encode():
            return None
        try:
            return body.decode()
        except UnicodeDecodeError:
            return None

    def keep(self, text: str, warned: bool) -> None:
        """Keep `text` as the answer, unless something was said on stderr or the inputs
        changed while the command ran (the archive pass moved records, another process)."""
        if self.key is None or warned or self._key() != self.key:
            return
        body = text.encode()
        temp = f"{self.path}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.fchmod(fd, 0o600)
                view = memoryview(self.key + f" {len(body)}\n".encode() + body)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(temp, self.path)
        except OSError:  # a full disk, a read-only folder: the next run works it out again
            with contextlib.suppress(OSError):
                os.unlink(temp)

    def _key(self) -> bytes | None:
        from store.config import config_path

        options = sorted((k, repr(v)) for k, v in vars(self.args).items() if not callable(v))
        journal = self.data.with_name(f"{self.data.name}.journal")
        files = [_stat(self.data), _stat(journal), _stat(config_path())]
        if files[0] is None:
            return None
        settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("OPSDESK_"))
        settings.append(("TZ", os.environ.get("TZ", "")))
        # The calendar's day as well as the desk's (--today): the day's backup and archive
        # pass, which a hit skips, go by the calendar.
        days = (self.today.isoformat(), date.today().isoformat())
        parts = [VERSION, days, options, files, _code(), settings]
        return repr(parts).encode()  # one line: repr shows a line break in a value as \\n


def _stat(path: Path) -> tuple[int, ...] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
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
