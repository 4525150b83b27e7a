"""Fixtures shared by the Pilot tests: private config and data folders, a demo data file."""

from datetime import date
from pathlib import Path

import pytest

from store.demo import write_demo

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the person's own config and drafts out of the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # The theme follows the terminal's colours: the tests' must not depend on the one
    # that runs them.
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """The demo data set, dated around TODAY."""
    path = tmp_path / "opsdesk.json"
    write_demo(path, today=TODAY)
    return path
