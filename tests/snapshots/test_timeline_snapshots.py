"""Snapshots of the Timeline pane on the demo data: 80x24 in every shipped theme, zoomed
on a wide terminal, zoomed out to months, and with a milestone just moved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.demo import write_demo
from tui.app import make_app

TODAY = date(2026, 11, 20)
THEMES = ("opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi")


def demo_app(tmp_path: Path, theme: str = "opsdesk-dark"):
    path = tmp_path / "demo.json"
    write_demo(path, today=TODAY)
    return make_app(
        path, config={"theme": theme}, clock=lambda: TODAY, theme_dir=None, remember_theme=False
    )


@pytest.mark.parametrize("theme", THEMES)
def test_timeline_80x24(snap_compare, tmp_path, theme):
    assert snap_compare(demo_app(tmp_path, theme), press=["2", "j", "j"], terminal_size=(80, 24))


def test_timeline_zoomed_160x48(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path), press=["2", "z"], terminal_size=(160, 48))


def test_timeline_months_80x24(snap_compare, tmp_path):
    press = ["2", "minus", "minus", "minus"]
    assert snap_compare(demo_app(tmp_path), press=press, terminal_size=(80, 24))


def test_timeline_after_moving_a_milestone_80x24(snap_compare, tmp_path):
    # Racking installed, two days later: the slip line grows and the date follows.
    press = ["2", *["j"] * 6, "greater_than_sign", "greater_than_sign"]
    assert snap_compare(demo_app(tmp_path), press=press, terminal_size=(80, 24))
