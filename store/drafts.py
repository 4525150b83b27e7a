"""Unsaved meeting notes kept beside the data file, so a dropped connection loses nothing.

The note editor writes what is typed here as it goes; the next start offers it back.
Drafts live in `<data>.drafts/` (mode 0700), one private JSON file (0600) per open
editor, each replaced atomically so a kill mid-write leaves the old draft or the new one.
An in-memory database has no drafts.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from store.errors import UserError
from store.models import utcnow

PRIVATE_DIR = 0o700


@dataclass
class Draft:
    """A note as typed, field by field, not yet validated (a bad start time is kept as is)."""

    name: str  # the file stem; one per editor
    note_id: int = 0  # 0: a new note
    rev: int = 0  # the revision of the stored note the edit started from
    title: str = ""
    start: str = ""
    attendees: str = ""
    project: str = ""
    body: str = ""
    saved_at: datetime = field(default_factory=utcnow)

    @staticmethod
    def new_name(note_id: int) -> str:
        """A file stem: one per stored note, a fresh one for each new note."""
        return f"note-{note_id}" if note_id else f"new-{uuid.uuid4().hex[:12]}"

    @property
    def label(self) -> str:
        return self.title.strip() or "untitled note"


class Drafts:
    """The drafts of one data file; with `data_path` None (in memory) every call is a no-op."""

    def __init__(self, data_path: Path | None) -> None:
        self.damaged: list[str] = []  # set by pending(): the damaged drafts it set aside
        self.folder: Path | None = (
            None if data_path is None else data_path.with_name(f"{data_path.name}.drafts")
        )

    def save(self, draft: Draft) -> None:
        """Write `draft`, replacing the previous version of it.

        No fsync: a draft guards against a dropped session or a killed process, which
        leave the page cache intact; the data file itself is written durably.
        """
        if self.folder is None:
            return
        payload = asdict(draft)
        payload["saved_at"] = draft.saved_at.isoformat()
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                os.replace(temp, self._path(draft.name))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as error:
            raise UserError(f"cannot write draft in {self.folder}: {error.strerror}") from None

    def discard(self, name: str) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self._path(name).unlink()

    def pending(self) -> list[Draft]:
        """Every draft on disk, newest first.

        A damaged file is never offered half-read: it is renamed `<name>.json.damaged`
        (kept, for the person to look at, and not met again at every start) and named
        in `self.damaged`, one line each, for the TUI to say so."""
        self.damaged = []
        if self.folder is None or not self.folder.is_dir():
            return []
        drafts = []
        for path in self.folder.glob("*.json"):  # our own folder and names: no user text
            try:
                drafts.append(_read(path))
            except (OSError, ValueError, TypeError, KeyError):
                self.damaged.append(self._quarantine(path))
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    def _quarantine(self, path: Path) -> str:
        kept = path.with_name(path.name + ".damaged")
        try:
            os.replace(path, kept)
        except OSError as error:
            return f"draft {path} is damaged and could not be set aside: {error.strerror}"
        return f"draft {path.name} was damaged and not offered; it is kept as {kept}"

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{name}.json"


_TEXT_FIELDS = ("title", "start", "attendees", "project", "body")


def _read(path: Path) -> Draft:
    """A draft file, checked field by field: a damaged one raises ValueError (and is left
    alone), it never reaches the editor half-read."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("saved_at"), str):
        raise ValueError(f"{path} is not a draft")
    fields: dict = {"name": path.stem}
    for key in ("note_id", "rev"):
        value = doc.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{path}: bad {key}")
        fields[key] = value
    for key in _TEXT_FIELDS:
        value = doc.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"{path}: bad {key}")
        fields[key] = value
    saved_at = datetime.fromisoformat(doc["saved_at"])
    if saved_at.tzinfo is None:  # drafts are sorted by it: all must be comparable
        saved_at = saved_at.replace(tzinfo=UTC)
    return Draft(**fields, saved_at=saved_at)
