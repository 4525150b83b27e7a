"""The edit form under Pilot: every field shown, inline errors that keep what was typed,
ctrl+s and Escape, new records, and an edit that crosses a change made by another process."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from store.repository import Desk
from store.storage import Database
from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.screens.form import FIELDS, RecordForm
from tui.widgets.pane import Pane

TODAY = date(2026, 11, 20)  # a Friday
LINE = "Call vendor about PO @alice +warehouse #contract #po !high due:2026-11-27 every:mon"


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def screen_text(app: OpsDesk) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def pane(app: OpsDesk, name: str) -> Pane:
    desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
    return desk.query_one(f"#{name}", Pane)


def field(app: OpsDesk, name: str) -> Input:
    return app.screen.query_one(f"#field-{name}", Input)


def error_of(app: OpsDesk, name: str) -> str:
    error = app.screen.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.display else ""


async def retype(pilot: Pilot, app: OpsDesk, name: str, text: str) -> None:
    """Focus a field, clear it and type `text` as a person would."""
    box = field(app, name)
    box.focus()
    await pilot.pause()
    box.value = ""
    # The first keys are typed; the rest goes in as a paste would, to keep the suite fast.
    await pilot.press(*text[:2])
    box.insert_text_at_cursor(text[2:])
    await pilot.pause()


async def open_editor(pilot: Pilot, app: OpsDesk, pane_name: str, key: tuple[str, int]) -> None:
    await pilot.press(str(("today", "timeline", "risks", "notes").index(pane_name) + 1))
    assert pane(app, pane_name).rows.move_to_key(key)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, RecordForm)


async def test_e_opens_every_field_of_the_action_and_escape_drops_the_edit(
    data_file: Path,
) -> None:
    action = Desk(Database(data_file)).actions.add_quick(LINE, today=TODAY)
    app = open_app(data_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_editor(pilot, app, "today", ("action", action.id))
        shown = {f.name: field(app, f.name).value for f in FIELDS["action"]}
        assert shown == {
            "title": "Call vendor about PO",
            "status": "waiting",
            "due": "2026-11-27",
            "priority": "high",
            "owner": "alice",
            "project": "warehouse",
            "tags": "contract, po",
            "recur": "mon",
            "notes": "",
        }
        text = screen_text(app)
        assert f"Edit action {action.id}" in text
        for label in ("Title", "Status", "Due", "Priority", "Owner", "Project", "Tags", "Notes"):
            assert label in text
        assert "Call vendor about PO" in text and "contract, po" in text

        await retype(pilot, app, "title", "Changed my mind")
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)
        assert app.desk.actions.get(action.id) == action
        assert "Changed my mind" not in screen_text(app)
        assert app.focused is pane(app, "today").rows


async def test_a_bad_date_is_named_inline_and_the_form_keeps_what_was_typed(
    data_file: Path,
) -> None:
    action = Desk(Database(data_file)).actions.add_quick(LINE, today=TODAY)
    app = open_app(data_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_editor(pilot, app, "today", ("action", action.id))
        await retype(pilot, app, "title", "Call vendor about the PO")
        await retype(pilot, app, "due", "frid")
        await pilot.press("ctrl+s")

        assert isinstance(app.screen, RecordForm)
        assert "frid" in error_of(app, "due") and error_of(app, "title") == ""
        assert "cannot read date 'frid'" in screen_text(app)
        assert field(app, "title").value == "Call vendor about the PO"
        assert field(app, "due").value == "frid"
        assert app.focused is field(app, "due")
        assert app.desk.actions.get(action.id).title == "Call vendor about PO"

        await retype(pilot, app, "due", "fri")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RecordForm)
        saved = app.desk.actions.get(action.id)
        assert (saved.title, saved.due, saved.tags) == (
            "Call vendor about the PO",
            date(2026, 11, 27),
            ["contract", "po"],
        )
        assert pane(app, "today").rows.current_key == ("action", action.id)
        assert "Call vendor about the PO" in screen_text(app)


async def test_every_bad_field_is_marked_at_once_and_typed_markup_stays_text(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("3")
        key = pane(app, "risks").rows.current_key
        before = app.desk.risks.get(key[1])
        await pilot.press("e")
        await retype(pilot, app, "probability", "7")
        await retype(pilot, app, "review", "[/bold] [@click=app.quit]x")
        await retype(pilot, app, "title", "")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RecordForm) and app.is_running
        assert "1 to 5" in error_of(app, "probability")
        assert "'[/bold] [@click=app.quit]x'" in error_of(app, "review")
        assert "'[/bold] [@click=app.quit]x'" in screen_text(app)
        assert "must not be empty" in error_of(app, "title")
        assert app.focused is field(app, "title")  # the first bad field
        assert app.desk.risks.get(key[1]).rev == before.rev


async def test_ctrl_s_saves_a_milestone_move_and_a_new_risk(data_file: Path) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 32)) as pilot:
        milestone = next(m for m in app.desk.milestones.all() if m.status == "open")
        await open_editor(pilot, app, "timeline", ("milestone", milestone.id))
        assert field(app, "forecast").value == milestone.forecast.isoformat()
        await retype(pilot, app, "forecast", "2027-02-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RecordForm)
        moved = app.desk.milestones.get(milestone.id)
        assert moved.forecast == date(2027, 2, 1)
        assert moved.baseline == milestone.baseline
        assert moved.moves[-1]["to"] == "2027-02-01"
        assert pane(app, "timeline").rows.current_key == ("milestone", milestone.id)

        count = len(app.desk.risks.all())
        await pilot.press("3", "a")
        assert isinstance(app.screen, RecordForm)
        assert "New risk" in screen_text(app)
        await retype(pilot, app, "title", "Carrier strike in January")
        await retype(pilot, app, "probability", "2")
        await retype(pilot, app, "impact", "5")
        await pilot.press("enter")  # Enter in a field saves too
        await pilot.pause()
        risks = app.desk.risks.all()
        assert len(risks) == count + 1
        added = max(risks, key=lambda r: r.id)
        assert (added.title, added.probability, added.impact) == ("Carrier strike in January", 2, 5)
        assert pane(app, "risks").rows.current_key == ("risk", added.id)


async def test_a_record_changed_elsewhere_meanwhile_is_not_overwritten_silently(
    data_file: Path,
) -> None:
    app = open_app(data_file)
    async with app.run_test(size=(100, 32)) as pilot:
        _kind, action_id = pane(app, "today").rows.current_key
        await pilot.press("e")
        await retype(pilot, app, "title", "My wording")

        other = Desk(Database(data_file))  # another process on the same file
        theirs = other.actions.get(action_id)
        other.actions.update(theirs.copy(title="Their wording", project="elsewhere"))

        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RecordForm)
        assert "changed elsewhere" in screen_text(app)
        assert field(app, "title").value == "My wording"
        assert Desk(Database(data_file)).actions.get(action_id).title == "Their wording"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RecordForm)
        stored = Desk(Database(data_file)).actions.get(action_id)
        assert stored.title == "My wording"
        assert stored.project == "elsewhere"  # a field not typed in keeps their change
        assert stored.rev == theirs.rev + 2
        assert "My wording" in screen_text(app)
