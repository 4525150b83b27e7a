"""Snapshots of the Risks pane (register, heat map in every shipped theme, a cell's risks),
the Notes pane, the note reader and the decision log, at 80x24 and 160x48."""

from __future__ import annotations

import pytest

THEMES = ("opsdesk-dark", "opsdesk-light", "opsdesk-high-contrast", "opsdesk-ansi")
SIZES = ((80, 24), (160, 48))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_risk_register(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["3"], terminal_size=size)


@pytest.mark.parametrize("theme", THEMES)
def test_heat_map_80x24(snap_compare, desk_app, theme):
    assert snap_compare(desk_app(theme), press=["3", "m"], terminal_size=(80, 24))


def test_heat_map_160x48(snap_compare, desk_app):
    assert snap_compare(desk_app(), press=["3", "m"], terminal_size=(160, 48))


def test_heat_map_cell_filters_the_register(snap_compare, desk_app):
    # From the top risk's cell (P4 x I4) down one row and right one: P3 x I5.
    keys = ["3", "m", "down", "right", "enter"]
    assert snap_compare(desk_app(), press=keys, terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes_pane(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["4"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_note_reader(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["4", "enter"], terminal_size=size)


def test_notes_filter_matches_bodies(snap_compare, desk_app):
    keys = ["4", "slash", *"dock"]
    assert snap_compare(desk_app(), press=keys, terminal_size=(80, 24))


def test_decision_log(snap_compare, desk_app):
    async def open_log(pilot) -> None:
        pilot.app.screen.show_decisions()
        await pilot.pause()

    assert snap_compare(desk_app(), run_before=open_log, terminal_size=(80, 24))
