"""`opsdesk --today D` opens the TUI on day D: the desk's clock is store.dates.today()."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store import dates
from tui import cli
from tui.app import make_app
from tui.screens.desk import DeskScreen

DAY = date(2026, 12, 1)


def test_opsdesk_today_hands_the_day_to_the_tui(data_file: Path, monkeypatch) -> None:
    seen: list[date] = []

    def fake_run(path: Path, **options) -> int:
        seen.append(make_app(path, config={}).today())
        return 0

    monkeypatch.setattr("tui.app.run", fake_run)
    assert cli.main(["--db", str(data_file), "--today", DAY.isoformat()]) == 0
    assert seen == [DAY]
    assert dates.today() == date.today()  # and the override ends with the run


async def test_the_desk_is_drawn_as_of_the_override(data_file: Path, monkeypatch) -> None:
    monkeypatch.setattr(dates, "_today_override", DAY)
    app = make_app(data_file, config={})
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.state.today == DAY
