"""A change that was stored is reported as stored, even when the calendar export after it fails."""

from datetime import date
from pathlib import Path

from store.config import attach_autoexport
from store.models import Milestone
from store.repository import Desk
from store.storage import Database
from tui.cli import main


def write_config(folder: Path, text: str) -> None:
    (folder / "opsdesk").mkdir(parents=True)
    (folder / "opsdesk" / "config.toml").write_text(text, encoding="utf-8")


def test_a_failing_export_warns_and_the_command_succeeds(tmp_path, monkeypatch, capsys):
    config, db = tmp_path / "config", tmp_path / "desk.json"
    missing = tmp_path / "no such folder" / "cal.ics"
    write_config(config, f'ics_path = "{missing}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("OPSDESK_DB", str(db))
    assert main(["milestone", "add", "Go-live", "--date", "2099-04-11"]) == 0
    out, err = capsys.readouterr()
    assert out == "1\n"
    assert err.count("\n") == 1 and "calendar" in err and "not updated" in err
    assert str(missing) in err
    assert [m.title for m in Desk(Database(db)).milestones.all()] == ["Go-live"]


def test_the_warning_reaches_a_listener_and_the_change_is_kept(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    attach_autoexport(desk, {"ics_path": str(tmp_path / "gone" / "cal.ics")})
    heard: list[str] = []
    desk.on_warning(heard.append)
    stored = desk.milestones.add(Milestone(title="Go-live", forecast=date(2099, 4, 11)))
    assert stored.id == 1 and desk.milestones.get(1).title == "Go-live"
    assert len(heard) == 1 and "not updated" in heard[0]
    assert desk.can_undo  # the change is in the history like any stored change
