"""The layers stay apart: the store and the command line load without Textual, and the
widgets load without TinyDB or the storage layer (widgets never touch the store)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", dedent(code)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_store_and_cli_load_without_textual() -> None:
    result = run_python(
        """
        import importlib, pkgutil, sys
        import store.repository, store.ics, store.demo, tui.cli
        import store
        names = [m.name for m in pkgutil.iter_modules(store.__path__, "store.")]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
        assert not loaded, loaded
        print(len(names))
        """
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # every module in store/ was imported


def test_widgets_load_without_tinydb_or_the_storage_layer() -> None:
    result = run_python(
        """
        import importlib, pkgutil, sys
        import tui.widgets
        names = [m.name for m in pkgutil.iter_modules(tui.widgets.__path__, "tui.widgets.")]
        for name in names:
            importlib.import_module(name)
        assert "tui.widgets.today_pane" in names and "textual" in sys.modules, names
        storage = ("tinydb", "store.storage", "store.repository")
        bad = sorted(m for m in sys.modules if m.split(".")[0] == "tinydb" or m in storage)
        assert not bad, bad
        print(len(names))
        """
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 7  # every widget module was imported
