"""Fixtures for the store tests: a Database in memory, one over a file, and `db` for both."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.storage import Database


@pytest.fixture
def memory_db() -> Iterator[Database]:
    db = Database(None)
    yield db
    db.close()


@pytest.fixture
def file_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "opsdesk.json")
    yield db
    db.close()


@pytest.fixture(params=["memory", "file"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test over an in-memory database and over a data file."""
    database = Database(None if request.param == "memory" else tmp_path / "opsdesk.json")
    yield database
    database.close()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A data file and config folder of its own for a command-line test."""
    db = tmp_path / "desk.json"
    monkeypatch.setenv("OPSDESK_DB", str(db))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return db
