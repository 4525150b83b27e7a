"""Moves count from the milestone's forecast, keep their reason, and stay inside the calendar."""

from datetime import date

import pytest

from store.errors import UserError
from store.models import Milestone
from store.repository import Desk
from store.storage import Database
from tui.cli import main

TODAY = date(2026, 11, 20)
FORECAST = date(2026, 12, 11)  # three weeks out


@pytest.fixture
def desk():
    desk = Desk(Database(None))
    desk.milestones.add(Milestone(title="Go live", forecast=FORECAST))
    return desk


@pytest.mark.parametrize(
    ("text", "lands"),
    [
        ("+3d", date(2026, 12, 14)),
        ("+1w", date(2026, 12, 18)),
        ("+1m", date(2027, 1, 11)),
        ("-2d", date(2026, 12, 9)),
        ("-1w", date(2026, 12, 4)),
        ("2027-02-01", date(2027, 2, 1)),
        ("tomorrow", date(2026, 11, 21)),
    ],
)
def test_relative_moves_count_from_the_forecast(desk, text, lands):
    moved = desk.milestones.move(1, text, today=TODAY)
    assert moved.forecast == lands
    assert moved.moves[-1]["from"] == FORECAST.isoformat()


def test_a_reason_is_kept_also_when_the_date_does_not_change(desk):
    moved = desk.milestones.move(1, "+0d", reason="vendor confirmed the date", today=TODAY)
    assert moved.forecast == FORECAST
    assert moved.moves[-1]["reason"] == "vendor confirmed the date"
    assert moved.moves[-1]["from"] == moved.moves[-1]["to"] == FORECAST.isoformat()
    same = desk.milestones.move(1, FORECAST, today=TODAY)  # no reason, no change: nothing
    assert len(same.moves) == 1


@pytest.mark.parametrize(
    ("start", "text"),
    [(date(9999, 12, 31), "+1d"), (date(9999, 12, 1), "+1m"), (date(1, 1, 1), "-1d")],
)
def test_moving_past_the_end_of_the_calendar_is_a_clear_error(start, text):
    desk = Desk(Database(None))
    desk.milestones.add(Milestone(title="Edge", forecast=start))
    with pytest.raises(UserError, match="calendar"):
        desk.milestones.move(1, text, today=TODAY)
    assert desk.milestones.get(1).forecast == start


def test_a_bad_date_is_a_user_error(desk):
    with pytest.raises(UserError, match="cannot read date"):
        desk.milestones.move(1, "+3x", today=TODAY)


def test_the_cli_moves_from_the_forecast(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = str(tmp_path / "desk.json")
    in_three_weeks = date.today().toordinal() + 21
    forecast = date.fromordinal(in_three_weeks).isoformat()
    assert main(["milestone", "add", "Go live", "--date", forecast, "--db", db]) == 0
    assert main(["milestone", "move", "1", "+3d", "--reason", "racking", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "slip +3d" in out
    assert main(["milestone", "move", "1", "+0d", "--reason", "confirmed", "--db", db]) == 0
    desk = Desk(Database(tmp_path / "desk.json"))
    assert [m["reason"] for m in desk.milestones.get(1).moves] == ["racking", "confirmed"]
