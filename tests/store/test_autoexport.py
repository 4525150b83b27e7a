"""Auto-export: with `ics_path` in config.toml the calendar file follows every milestone
change, from the repository, the command line and undo; other changes leave it alone.
(The TUI side is in tests/tui/test_timeline.py.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.config import attach_autoexport
from store.models import Action, Milestone
from store.repository import Desk
from store.storage import Database
from tui.cli import main


@pytest.fixture
def desk(tmp_path) -> Desk:
    desk = Desk(Database(tmp_path / "desk.json"))
    yield desk
    desk.db.close()


def test_every_milestone_change_rewrites_the_file(desk, tmp_path):
    target = tmp_path / "cal.ics"
    attach_autoexport(desk, {"ics_path": str(target)})
    milestone = desk.milestones.add(Milestone(title="Go-live", forecast=date(2099, 4, 11)))
    assert b"SUMMARY:Go-live" in target.read_bytes()
    assert b"SEQUENCE:0" in target.read_bytes()

    desk.milestones.move(milestone.id, date(2099, 4, 18), "vendor late")
    data = target.read_bytes()
    assert b"DTSTART;VALUE=DATE:20990418" in data and b"SEQUENCE:1" in data

    desk.milestones.complete(milestone.id, date(2099, 4, 18))
    assert "SUMMARY:✓ Go-live".encode() in target.read_bytes()

    desk.undo()  # undoing is a change a calendar must see too
    data = target.read_bytes()
    assert b"SUMMARY:Go-live" in data and b"SEQUENCE:3" in data

    desk.milestones.delete(milestone.id)  # stays, cancelled, so importing calendars see it
    data = target.read_bytes()
    assert b"STATUS:CANCELLED" in data and b"SEQUENCE:4" in data


def test_other_changes_and_no_setting_leave_files_alone(desk, tmp_path):
    target = tmp_path / "cal.ics"
    attach_autoexport(desk, {"ics_path": str(target)})
    desk.actions.add(Action(title="Call vendor", due=date(2099, 4, 1)))
    assert not target.exists()

    other = Desk(Database(tmp_path / "other.json"))
    attach_autoexport(other, {})
    assert other.listeners == []
    other.milestones.add(Milestone(title="Go-live", forecast=date(2099, 4, 11)))
    assert list(tmp_path.glob("*.ics")) == []
    other.db.close()


def test_home_relative_path_is_expanded(desk, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    attach_autoexport(desk, {"ics_path": "~/cal.ics", "calendar_name": "Ops, team"})
    desk.milestones.add(Milestone(title="Go-live", forecast=date(2099, 4, 11)))
    assert b"X-WR-CALNAME:Ops\\, team" in (tmp_path / "cal.ics").read_bytes()


def write_config(folder: Path, text: str) -> None:
    (folder / "opsdesk").mkdir(parents=True)
    (folder / "opsdesk" / "config.toml").write_text(text, encoding="utf-8")


def test_cli_changes_rewrite_the_file_named_in_config_toml(tmp_path, monkeypatch, capsys):
    config, target, db = tmp_path / "config", tmp_path / "cal.ics", tmp_path / "desk.json"
    write_config(config, f'ics_path = "{target}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("OPSDESK_DB", str(db))

    assert main(["milestone", "add", "Go-live", "--date", "2099-04-11"]) == 0
    assert b"DTSTART;VALUE=DATE:20990411" in target.read_bytes()
    assert main(["milestone", "move", "1", "2099-04-25", "--reason", "freeze"]) == 0
    exported = target.read_bytes()
    assert b"DTSTART;VALUE=DATE:20990425" in exported and b"SEQUENCE:1" in exported

    # A failed command changes neither the data nor the calendar.
    capsys.readouterr()
    assert main(["milestone", "move", "1", "not-a-date"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert target.read_bytes() == exported
    # An action is not a calendar change unless asked for with export --actions.
    assert main(["add", "Call vendor due:2099-04-01"]) == 0
    assert target.read_bytes() == exported


def test_cli_reports_a_broken_config_in_one_line(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config"
    write_config(config, "ics_path = \n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("OPSDESK_DB", str(tmp_path / "desk.json"))
    assert main(["milestone", "add", "Go-live", "--date", "2099-04-11"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opsdesk: cannot read config") and err.count("\n") == 1
