"""The Risks pane: heat map counts and cell filter, rescoring keys with history and trend,
review dates in Today, and the contingency key."""

from __future__ import annotations

from datetime import date, timedelta

from store.demo import write_demo
from store.models import Risk
from store.repository import open_desk
from tui.app import make_app
from tui.widgets.heatmap import HeatMap
from tui.widgets.risks_pane import RisksPane

TODAY = date(2026, 11, 20)


def demo_app(tmp_path, extra: list[Risk] = ()):
    path = tmp_path / "d.json"
    write_demo(path, today=TODAY)
    if extra:
        desk = open_desk(path)
        for risk in extra:
            desk.risks.add(risk)
        desk.db.close()
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def keys_of(pane) -> list:
    rows = pane.rows
    return [rows.rows[index].key for index in rows._lines if not rows.rows[index].is_section]


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_heat_map_counts_open_risks_per_cell_and_filters_the_register(tmp_path) -> None:
    app = demo_app(tmp_path, [Risk(title="Second P3 I3", probability=3, impact=3)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "m")
        pane = app.screen.query_one(RisksPane)
        heat_map = pane.query_one(HeatMap)
        assert heat_map.display and not pane.rows.display and heat_map.has_focus
        counts = {(p, i): heat_map.count((p, i)) for p in range(1, 6) for i in range(1, 6)}
        # Open risks only: the closed "Carrier strike" (2x2) is not counted.
        assert {cell: n for cell, n in counts.items() if n} == {
            (4, 4): 1,
            (3, 5): 1,
            (3, 3): 2,
            (2, 3): 1,
            (1, 4): 1,
        }
        assert heat_map.cursor == (4, 4)  # starts on the risk under the cursor
        await pilot.press("down", "left")
        assert heat_map.cursor == (3, 3)
        assert "[2]" in heat_map.render().plain
        assert "2 open risks" in static_text(pane, "#risk-map-summary")

        await pilot.press("enter")
        assert pane.rows.display and not heat_map.display
        titles = {app.desk.risks.get(key[1]).title for key in keys_of(pane)}
        assert titles == {"Vendor price rise above budget", "Second P3 I3"}
        assert "P3 × I3: 2 of 6" in pane.border_title

        await pilot.press("escape")  # back to the map, on the same cell
        assert heat_map.display and heat_map.cursor == (3, 3)
        await pilot.press("p", "i")  # rescoring keys need a risk row, not a cell
        assert all(not risk.history for risk in app.desk.risks.all())
        await pilot.press("up", "up", "right", "right", "enter")  # P5 x I5: nothing there
        assert pane.map_shown and pane.cell is None
        assert "Nothing in this cell" in static_text(pane, "#risk-map-summary")
        await pilot.press("escape")  # and back to the whole register
        assert pane.rows.display and len(keys_of(pane)) == 6


async def test_rescoring_keys_keep_history_and_show_the_trend(tmp_path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(RisksPane)
        risk_id = pane.current[1]
        assert app.desk.risks.get(risk_id).score == 16
        await pilot.press("p", "i")  # 4x4 -> 5x4 -> 5x5
        await pilot.press("P")  # -> 4x5: down since the last change
        risk = app.desk.risks.get(risk_id)
        assert (risk.probability, risk.impact) == (4, 5)
        assert [(h["probability"], h["impact"]) for h in risk.history] == [(4, 4), (5, 4), (5, 5)]
        assert risk.trend == -1
        assert pane.current == ("risk", risk_id)  # the cursor follows the risk as it re-sorts
        row = pane.rows.current_row
        assert row.cells[0][0] == "20" and row.cells[1][0] == "▼5"
        assert "Score 16 → 20 → 25 → 20 ▼5" in static_text(pane, "#risk-detail")
        await pilot.press("i", "i", "i")  # capped at 5
        assert app.desk.risks.get(risk_id).impact == 5
        assert len(app.desk.risks.get(risk_id).history) == 3


async def test_review_due_risks_show_in_today_and_x_moves_the_review_on(tmp_path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        today_pane = app.screen.query_one("#today")
        due = {r.id for r in app.desk.risks.all() if r.is_open and r.review and r.review <= TODAY}
        assert len(due) == 2
        assert due == {key[1] for key in keys_of(today_pane) if key[0] == "risk"}

        first = sorted(due)[0]
        assert today_pane.rows.move_to_key(("risk", first))
        await pilot.press("x")
        assert app.desk.risks.get(first).review == TODAY + timedelta(days=14)
        assert ("risk", first) not in keys_of(today_pane)

        # x on a row of the register does the same.
        second = sorted(due)[1]
        await pilot.press("3")
        pane = app.screen.query_one(RisksPane)
        assert pane.rows.move_to_key(("risk", second))
        await pilot.press("x")
        assert app.desk.risks.get(second).review == TODAY + timedelta(days=14)
        assert not any(key[0] == "risk" for key in keys_of(today_pane))


async def test_contingency_key_turns_the_risk_into_a_linked_action(tmp_path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(RisksPane)
        risk_id = pane.current[1]
        assert app.desk.risks.get(risk_id).contingency == "Rent temporary pallet racking"
        await pilot.press("c")
        assert not [a for a in app.desk.actions.all() if a.risk_id == risk_id]  # asks first
        await pilot.press("enter")
        linked = [a for a in app.desk.actions.all() if a.risk_id == risk_id]
        assert [a.title for a in linked] == ["Rent temporary pallet racking"]
        assert linked[0].priority == 1 and linked[0].is_open
        assert app.desk.risks.get(risk_id).status == "occurred"
        assert ("risk", risk_id) not in keys_of(pane)
        assert ("action", linked[0].id) in keys_of(app.screen.query_one("#today"))
        await pilot.press("u")  # one undo takes both back
        assert app.desk.risks.get(risk_id).status == "open"
        assert not [a for a in app.desk.actions.all() if a.risk_id == risk_id]


async def test_user_text_in_the_detail_line_is_not_markup(tmp_path) -> None:
    risk = Risk(title="[bold]x", probability=5, impact=5, mitigation="[@click=app.quit]go")
    app = demo_app(tmp_path, [risk])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(RisksPane)
        assert app.desk.risks.get(pane.current[1]).title == "[bold]x"
        assert "Mitigation: [@click=app.quit]go" in static_text(pane, "#risk-detail")


async def test_the_contingency_is_parsed_shown_and_created_only_on_yes(tmp_path) -> None:
    risk = Risk(
        title="Racking late",
        project="warehouse",
        probability=5,
        impact=5,
        contingency="Rent temporary pallet racking @bob due:+3d",
    )
    app = demo_app(tmp_path, [risk])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(RisksPane)
        risk_id = pane.current[1]
        assert app.desk.risks.get(risk_id).title == "Racking late"
        await pilot.press("c")
        await pilot.pause()
        shown = static_text(app.screen, "#confirm-body")
        assert "Rent temporary pallet racking · @bob · +warehouse · !high · due Mon 23 Nov" in shown
        await pilot.press("escape")
        assert not [a for a in app.desk.actions.all() if a.risk_id == risk_id]
        assert app.desk.risks.get(risk_id).status == "open"
        await pilot.press("c", "y")
        (action,) = [a for a in app.desk.actions.all() if a.risk_id == risk_id]
        assert (action.title, action.owner, action.due) == (
            "Rent temporary pallet racking",
            "bob",
            date(2026, 11, 23),
        )


async def test_a_new_risk_is_first_reviewed_one_interval_from_today(tmp_path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3", "a")
        await pilot.pause()
        assert app.screen.query_one("#field-review").value == "2026-12-04"  # today + 14 days
