"""A data file beside the working file (the archive, the archived note bodies), opened on
first use: most commands never touch it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from store.storage import Database

if TYPE_CHECKING:
    from store.repository import Desk


class SideFile:
    def __init__(self, desk: Desk, name_beside: Callable[[Path], Path]) -> None:
        self.desk = desk
        working = desk.db.path
        self.path: Path | None = None if working is None else name_beside(working)
        self._db: Database | None = None

    @property
    def exists(self) -> bool:
        return self._db is not None or (self.path is not None and self.path.exists())

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(self.path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
