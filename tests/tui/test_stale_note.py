"""A note saved from a stale copy (another session saved it meanwhile) asks: reload theirs,
keep mine, or merge both; it never drops their text silently or unlinks their actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import TextArea

from store.models import Note
from store.repository import open_desk
from tui.app import make_app
from tui.screens.note_editor import NoteEditor
from tui.screens.stale_note import StaleNoteChoice

TODAY = date(2026, 11, 20)
SIZE = (100, 30)
BODY = "## Notes\nRacking slot agreed.\n\n## Actions\n- [ ] Confirm slot @bob due:2026-11-24\n"


def setup(tmp_path: Path):
    path = tmp_path / "n.json"
    desk = open_desk(path)
    desk.notes.save(Note(title="Ops weekly", body=BODY), today=TODAY)
    desk.db.close()
    app = make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)
    return path, app


async def edit_while_another_session_saves(pilot, path: Path) -> None:
    await pilot.press("4", "e")
    assert isinstance(pilot.app.screen, NoteEditor)
    other = open_desk(path)
    theirs = other.notes.get(1)
    other.notes.save(
        theirs.copy(body=theirs.body + "- [ ] Send floor plan @dana due:2026-11-25\n"),
        today=TODAY,
    )
    area = pilot.app.screen.query_one("#note-body", TextArea)
    area.load_text(area.text.replace("Racking slot agreed.", "Racking slot agreed for Tue."))
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StaleNoteChoice)
    assert "Send floor plan" in str(pilot.app.screen.query_one(".stale-preview").render())


def stored(path: Path):
    desk = open_desk(path)
    note = desk.notes.get(1)
    return note, {desk.actions.get(i).title for i in note.action_ids}


@pytest.mark.parametrize("choice", ["m", "k", "r", "escape"])
async def test_a_stale_save_offers_theirs_mine_or_both(tmp_path, choice):
    path, app = setup(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_while_another_session_saves(pilot, path)
        await pilot.press(choice)
        await pilot.pause()
        note, actions = stored(path)
        if choice == "m":  # both texts in the editor, saved after a look
            editor = app.screen
            assert isinstance(editor, NoteEditor)
            body = editor.query_one("#note-body", TextArea).text
            assert "agreed for Tue." in body and "Send floor plan" in body
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, NoteEditor)
            note, actions = stored(path)
            assert "agreed for Tue." in note.body and "Send floor plan" in note.body
        elif choice == "k":  # mine replaces the text; their action stays linked
            assert not isinstance(app.screen, NoteEditor)
            assert "agreed for Tue." in note.body and "Send floor plan" not in note.body
        elif choice == "r":  # theirs back in the editor, mine dropped, nothing stored
            body = app.screen.query_one("#note-body", TextArea).text
            assert "Send floor plan" in body and "agreed for Tue." not in body
            assert "agreed for Tue." not in note.body
        else:  # back to editing: nothing stored, the typed text still there
            body = app.screen.query_one("#note-body", TextArea).text
            assert "agreed for Tue." in body
            assert "agreed for Tue." not in note.body
        assert actions == {"Confirm slot", "Send floor plan"}


async def test_their_version_shows_control_characters_visibly(tmp_path) -> None:
    path, app = setup(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "e")
        other = open_desk(path)
        theirs = other.notes.get(1)
        other.notes.save(
            theirs.copy(body=theirs.body + "Pay \x1b]52;c;eA==\x07 now\n"), today=TODAY
        )
        area = app.screen.query_one("#note-body", TextArea)
        area.load_text(area.text + "mine\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StaleNoteChoice)
        assert "Pay ␛]52;c;eA==␇ now" in str(app.screen.query_one(".stale-preview").render())
