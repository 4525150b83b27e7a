"""Snapshots of the status report screen at 80x24 and 160x48."""

from __future__ import annotations

import pytest

SIZES = ((80, 24), (160, 48))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report_screen(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["r"], terminal_size=size)


def test_report_screen_text_of_one_project(snap_compare, desk_app):
    assert snap_compare(desk_app(), press=["r", "p", "p", "p", "f"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projects_pane(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["5"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_people(snap_compare, desk_app, size):
    assert snap_compare(desk_app(), press=["o"], terminal_size=size)


def test_search_grouped_by_kind(snap_compare, desk_app):
    assert snap_compare(desk_app(), press=["s", *"rehearsal"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_project_page(snap_compare, desk_app, size):
    # Pane 5, the third project (warehouse: amber, measures, a decision), Enter.
    assert snap_compare(desk_app(), press=["5", "j", "j", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_close_checklist(snap_compare, desk_app, size):
    # Pane 5, warehouse, C: its open milestones and actions; the first marked done.
    assert snap_compare(desk_app(), press=["5", "j", "j", "C", "d"], terminal_size=size)
