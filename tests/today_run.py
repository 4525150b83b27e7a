"""`opsdesk today` in-process for the kept-answer tests: as it prints, as a hit only, and as
worked out afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from tui.cli import listing
from tui.cli.today_cache import cache_path

DAY = ("--today", "2026-12-01")


def today(capsys: pytest.CaptureFixture[str], *options: str) -> str:
    code, out, err = run(capsys, *DAY, "today", *options)
    assert code == 0 and err == ""
    return out


def kept(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *options: str) -> str:
    """`today`, which must give its kept answer: working it out would fail."""

    def refuse(args):
        raise AssertionError("worked the agenda out instead of giving the kept answer")

    with monkeypatch.context() as patch:
        patch.setattr(listing, "open_desk", refuse)
        return today(capsys, *options)


def worked_out(capsys: pytest.CaptureFixture[str], db: Path, *options: str) -> str:
    """`today` with no kept answer to give."""
    cache_path(db).unlink()
    return today(capsys, *options)
