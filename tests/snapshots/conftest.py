"""Snapshot fixtures: the desk on the demo data with a fixed clock, in a chosen theme,
with the person's own config, themes and drafts kept out of the picture."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from store.demo import write_demo
from tui.app import OpsDesk, make_app

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def desk_app(tmp_path: Path) -> Callable[..., OpsDesk]:
    """`desk_app(theme)`: the app over a fresh copy of the demo data, dated TODAY."""

    def build(theme: str = "opsdesk-dark", **config: object) -> OpsDesk:
        path = tmp_path / "demo.json"
        if not path.exists():
            write_demo(path, today=TODAY)
        return make_app(
            path,
            config={"theme": theme, **config},
            clock=lambda: TODAY,
            theme_dir=None,
            remember_theme=False,
        )

    return build
