"""TinyDB's view of a Database (store/storage.py): its tables over the Database's cache, each
write one transaction. Loaded on first use: reading records in bulk (Database.documents)
needs no TinyDB."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage
from tinydb.table import Document, Table

if TYPE_CHECKING:
    from store.storage import Data, Database


class CacheStorage(Storage):
    """Hands TinyDB the Database's cached tables; TinyDB's writes go back to the Database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def read(self) -> Data:
        return self._db._read()

    def write(self, data: Data) -> None:
        with self._db.transaction():
            self._db._data, self._db._dirty = data, True


class LockedTable(Table):
    """A TinyDB table over the current file: every write is one transaction, and a search
    checks the file before trusting TinyDB's query cache."""

    def __init__(self, db: Database, name: str) -> None:
        super().__init__(CacheStorage(db), name)
        self._db = db

    def search(self, cond: Any) -> list[Document]:
        self._db._read()
        return super().search(cond)

    def _get_next_id(self) -> int:
        # Records moved to the archive leave the table, but their ids stay taken: never
        # count from below the highest id this table has ever handed out.
        next_id = max(super()._get_next_id(), self._db.last_id(self.name) + 1)
        self._next_id = next_id + 1
        return next_id


def _in_transaction(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def locked(self: LockedTable, *args: Any, **kwargs: Any) -> Any:
        with self._db.transaction():
            ids = method(self, *args, **kwargs)
            # insert gives its id; the others the ids they wrote; truncate nothing (all).
            self._db.wrote(self.name, [ids] if isinstance(ids, int) else ids)
            return ids

    return locked


# insert picks its id before it writes: the id and the write must share one lock.
for _name in ("insert", "insert_multiple", "update", "update_multiple", "upsert", "remove"):
    setattr(LockedTable, _name, _in_transaction(getattr(Table, _name)))
LockedTable.truncate = _in_transaction(Table.truncate)  # type: ignore[method-assign]
