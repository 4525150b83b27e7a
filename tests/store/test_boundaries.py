"""Inputs at the edges of what opsdesk accepts: each gives one clear line, never a traceback."""

import os
from datetime import date
from pathlib import Path

import pytest

from store.errors import UserError
from store.models import Risk
from store.repository import Desk
from store.storage import Database, DataFileError
from tui.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("OPSDESK_DB", str(tmp_path / "desk.json"))
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_completing_the_last_repeat_of_the_calendar(env, capsys):
    assert run(capsys, "add", "x", "due:9999-12-30", "every:mon")[0] == 0
    code, out, err = run(capsys, "done", "1")
    assert code == 0 and "done: 1 x" in out
    assert "no next" in err and err.count("\n") == 1
    desk = Desk(Database(env / "desk.json"))
    assert [a.status for a in desk.actions.all()] == ["done"]


def test_a_review_interval_out_of_range_is_refused_before_it_is_stored(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    risk = desk.risks.add(Risk(title="Racking late"))
    with pytest.raises(UserError, match="review_days is 1000000000"):
        desk.risks.update(risk.copy(review_days=1_000_000_000))
    assert desk.risks.get(risk.id).review_days == 14
    Database(tmp_path / "desk.json")  # the file still loads


def test_a_record_with_a_bad_field_is_never_stored(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    with pytest.raises(UserError, match="probability"):
        desk.risks.add(Risk(title="x", probability=9))
    assert desk.risks.all() == []


def test_a_symlink_loop_as_the_data_file(env, capsys):
    os.symlink(env / "b", env / "a")
    os.symlink(env / "a", env / "b")
    with pytest.raises(DataFileError, match="symlink"):
        Database(env / "a")
    code, out, err = run(capsys, "list", "actions", "--db", str(env / "a"))
    assert code == 2 and err.startswith("opsdesk: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "setting", ["ics_path = 5", "alarm = 3", "calendar_name = 1", "alarm = [1]", "ics_path = {}"]
)
def test_non_text_settings_in_the_config_are_named(env, capsys, setting):
    (env / "config" / "opsdesk").mkdir(parents=True)
    (env / "config" / "opsdesk" / "config.toml").write_text(setting + "\n")
    key = setting.split()[0]
    for command in (["milestone", "add", "m", "--date", "2030-01-01"], ["export", "ics"]):
        code, out, err = run(capsys, *command)
        assert code == 2 and key in err and err.count("\n") == 1, (command, err)
    data = Path(env / "desk.json")
    assert not data.exists() or Desk(Database(data)).milestones.all() == []


def test_moving_far_into_the_past_or_future_from_the_cli(env, capsys):
    assert run(capsys, "milestone", "add", "Edge", "--date", "9999-12-31")[0] == 0
    code, _, err = run(capsys, "milestone", "move", "1", "+1d")
    assert code == 2 and "calendar" in err
    assert Desk(Database(env / "desk.json")).milestones.get(1).forecast == date(9999, 12, 31)


def test_a_review_past_the_end_of_the_calendar_is_a_clear_error(tmp_path):
    desk = Desk(Database(tmp_path / "desk.json"))
    risk = desk.risks.add(Risk(title="Racking late", review_days=3650))
    with pytest.raises(UserError, match="past 9999-12-31"):
        desk.risks.reviewed(risk.id, today=date(9995, 1, 1))
    assert desk.risks.get(risk.id).review == risk.review
