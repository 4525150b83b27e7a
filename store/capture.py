"""Capture commands (`opsdesk add`, `opsdesk note`) through the journal when it can be used.

Both run the same repository code as any other write (quick-add parsing, a note's action
lines becoming actions), on a scratch in-memory desk whose ids start above every id the data
file handed out; what that adds is appended to the journal as one line (store/journal.py).
When the journal cannot be used (none yet, or the file was written since its header), the
capture opens the data file as every other command does, and starts the journal for the next
one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from store import journal
from store.models import Action, Note
from store.repository import Desk
from store.storage import Database

if TYPE_CHECKING:
    from store.models import Record


def _capture(
    path: Path,
    open_desk: Callable[[], Desk],
    make: Callable[[Desk], Record],
    made_on: Callable[[Desk], None] | None,
) -> Record:
    made: list[Record] = []

    def build(scratch: Database) -> None:
        desk = Desk(scratch)
        if made_on is not None:
            scratch.commits = []  # the journal line, as a commit of the file (journal.capture)
            made_on(desk)
        made.append(make(desk))

    if journal.capture(path, build) is not None:
        return made[0]
    desk = open_desk()
    record = make(desk)
    desk.db.start_journal()
    return record


def quick_add(
    path: Path,
    line: str,
    open_desk: Callable[[], Desk],
    today: date | None = None,
    made_on: Callable[[Desk], None] | None = None,
) -> Action:
    """Add one action from a quick-add line; returns it (with its id). A capture that goes
    to the journal tells `made_on` the scratch desk it is made on: its history holds the
    change (for an undo) and its Database the commit (Database.commits)."""

    def make(desk: Desk) -> Action:
        return desk.actions.add_quick(line, today=today)

    return _capture(path, open_desk, make, made_on)


def save_note(
    path: Path,
    note: Note,
    open_desk: Callable[[], Desk],
    today: date | None = None,
    made_on: Callable[[Desk], None] | None = None,
) -> Note:
    """Add a new meeting note and the actions of its action lines; returns the note (see
    quick_add for `made_on`)."""

    def make(desk: Desk) -> Note:
        return desk.notes.save(note, today=today)

    return _capture(path, open_desk, make, made_on)
