"""What one undoable change records: a step per record touched, each with the document it
replaced and the revision it left, so an undo can tell whether the record moved on since.

The command line keeps the last change in a file beside the data file (tui/cli/undo.py), so
these are plain dataclasses of JSON values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Step:
    """One record a change touched."""

    table: str
    record_id: int
    before: dict[str, Any] | None  # None: the step created the record
    after_rev: int = 0  # the revision the step left: undo only while the record has it


@dataclass
class Change:
    """One undoable change: its label and the records it touched."""

    label: str
    steps: list[Step] = field(default_factory=list)


def replace_with(fields: dict[str, Any]) -> Callable[[dict], None]:
    """A TinyDB update that replaces the whole document (a plain update merges)."""

    def replace(doc: dict) -> None:
        doc.clear()
        doc.update(fields)

    return replace
