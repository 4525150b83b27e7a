"""An old note whose long text moved to the archive, in the TUI: the pane lists it without
reading the archive, the reader shows the text, an edit writes it back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from textual.widgets import Markdown, TextArea

from store.models import Note
from store.note_bodies import BODIES, bodies_path
from store.repository import Desk
from store.storage import Database
from tui.app import make_app
from tui.screens.note_editor import NoteEditor
from tui.screens.note_view import NoteView
from tui.widgets.virtual_list import VirtualList

TODAY = date(2026, 11, 20)
LONG = "Aisle by aisle, the racking vendor walked us through the plan.\n" * 12
BODY = LONG + "Decision: racking goes in before the floor coat\n"


@pytest.fixture
def data(tmp_path) -> tuple[Path, int]:
    path = tmp_path / "d.json"
    desk = Desk(Database(path))
    note_id = desk.notes.save(Note(title="Site walk", body=BODY), today=TODAY).id
    desk.notes.save(Note(title="Weekly", body="Short.\n"), today=TODAY)
    old = {"start": "2026-09-01T10:00:00", "updated": datetime(2026, 9, 1, tzinfo=UTC).isoformat()}
    desk.db.table("notes").update(old, doc_ids=[note_id])
    assert desk.archive.archive_old(TODAY, 30) == 1
    desk.archive.close()
    desk.db.close()
    return path, note_id


def start_app(path: Path):
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


def visible_keys(vlist: VirtualList) -> list:
    return [vlist.rows[i].key for i in vlist._lines if not vlist.rows[i].is_section]


async def test_read_filter_and_edit_a_note_whose_text_is_in_the_archive(data) -> None:
    path, note_id = data
    app = start_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        rows = app.screen.query_one("#notes").rows
        assert ("note", note_id) in visible_keys(rows)
        await pilot.press("4", "slash", *"floor coat")  # its decision is on the desk
        assert visible_keys(rows) == [("note", note_id)]
        assert app.desk.archive.bodies._db is None  # the desk drew without the bodies file
        await pilot.press("escape")
        rows.move_to_key(("note", note_id))
        await pilot.press("enter")
        view = app.screen
        assert isinstance(view, NoteView)
        assert "racking vendor walked us through" in view.query_one(Markdown).source

        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        area = editor.query_one("#note-body", TextArea)
        assert area.text == BODY
        area.load_text(area.text + "Added after the walk.\n")
        await pilot.press("ctrl+s")
        assert app.screen is view
    stored = orjson.loads(path.read_bytes())["notes"][str(note_id)]
    assert stored["body"] == BODY + "Added after the walk.\n" and "body_archived" not in stored
    assert orjson.loads(bodies_path(path).read_bytes()).get(BODIES, {}) == {}
