"""Meeting notes in the TUI: one-key capture from a template, inline errors that keep the
text, the Markdown reader, $EDITOR with a scripted editor, search, drafts that survive a
lost session, and the decision log."""

from __future__ import annotations

import stat
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, TextArea

from store.demo import write_demo
from store.drafts import Draft, Drafts
from store.notes import TEMPLATE
from tui.app import make_app
from tui.screens.decisions import DecisionLog
from tui.screens.draft_offer import RecoverDraft
from tui.screens.note_editor import NoteEditor, read_start
from tui.screens.note_view import NoteView
from tui.widgets.virtual_list import VirtualList

TODAY = date(2026, 11, 20)


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "d.json"
    write_demo(path, today=TODAY)
    return path


def start_app(path: Path):
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


@pytest.fixture
def editor_script(tmp_path, monkeypatch) -> Path:
    """$EDITOR: a script that appends the text in $APPEND to the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, sys\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
        "    f.write(os.environ['APPEND'])\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script


def visible_keys(vlist: VirtualList) -> list:
    return [vlist.rows[i].key for i in vlist._lines if not vlist.rows[i].is_section]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def note_by_title(app, title: str):
    return next(n for n in app.desk.notes.all() if n.title == title)


async def wait_for(pilot, condition, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


async def test_n_opens_a_template_starting_now_with_the_title_ready(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert app.focused is editor.query_one("#note-title", Input)
        assert editor.query_one("#note-body", TextArea).text == TEMPLATE
        start = read_start(editor.query_one("#note-start", Input).value, TODAY)
        assert start.date() == TODAY
        assert abs((start - datetime.combine(TODAY, datetime.now().time())).total_seconds()) < 120
        await pilot.press(*"Budget")  # typing goes straight into the title
        editor.query_one("#note-who", Input).value = "alice, bob"
        editor.query_one("#note-project", Input).value = "vendor"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        note = note_by_title(app, "Budget")
        assert (note.attendees, note.project, note.start) == (["alice", "bob"], "vendor", start)
        assert note.action_ids == []  # the template's empty "- [ ]" line is no action


async def test_action_and_decision_lines_become_linked_actions_and_log_entries(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"Sync")
        body = "Decision: move go-live to March\n- [ ] Call carrier @dana due:fri\n- [ ] Book van\n"
        app.screen.query_one("#note-body", TextArea).load_text(body)
        await pilot.press("ctrl+s")
        note = note_by_title(app, "Sync")
        actions = [app.desk.actions.get(i) for i in note.action_ids]
        assert [(a.title, a.owner, a.note_id) for a in actions] == [
            ("Call carrier", "dana", note.id),
            ("Book van", "", note.id),
        ]
        assert note.decisions == ["move go-live to March"]
        notes_pane = app.screen.query_one("#notes")
        row = next(r for r in notes_pane.rows.rows if r.key == ("note", note.id))
        assert row.cells[4][0] == "2"  # open actions from it


async def test_a_bad_action_line_is_named_and_the_text_kept(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.desk.notes.all())
        await pilot.press("n", *"Bad")
        body = "Notes\n- [ ] Fine action\n- [ ] Call vendor due:notadate\n"
        area = app.screen.query_one("#note-body", TextArea)
        area.load_text(body)
        await pilot.press("ctrl+s")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        message = text_of(editor, "#note-message")
        assert "line 3" in message and "notadate" in message
        assert area.text == body and editor.query_one("#note-title", Input).value == "Bad"
        assert area.has_focus and area.selection.start[0] == 2  # the cursor on the bad line
        assert len(app.desk.notes.all()) == before
        assert not [a for a in app.desk.actions.all() if a.title == "Fine action"]
        # Fixing the line and saving again works.
        area.load_text(body.replace("due:notadate", "due:fri"))
        await pilot.press("ctrl+s")
        assert len(note_by_title(app, "Bad").action_ids) == 2


async def test_bad_title_and_start_show_inline_errors_and_esc_asks_first(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "tab")
        start = app.screen.query_one("#note-start", Input)
        start.value = "half past never"
        await pilot.press("ctrl+s")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert "Title: must not be empty" in text_of(editor, "#error-title")
        assert "Start:" in text_of(editor, "#error-start")
        assert start.value == "half past never"
        assert app.focused is editor.query_one("#note-title", Input)
        start.value = "9:15"
        await pilot.press("S", "ctrl+s")
        assert note_by_title(app, "S").start == datetime(2026, 11, 20, 9, 15)

        # Esc with changes asks once more before throwing them away.
        await pilot.press("n", "T", "escape")
        assert isinstance(app.screen, NoteEditor)
        assert "Esc again" in text_of(app.screen, "#note-message")
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteEditor)
        assert not [n for n in app.desk.notes.all() if n.title == "T"]


async def test_enter_reads_the_note_as_markdown_and_e_edits_it(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        note = note_by_title(app, "Cut-over weekly")
        app.desk.actions.complete(note.action_ids[0], TODAY)
        await pilot.press("4")
        app.screen.query_one("#notes").rows.move_to_key(("note", note.id))
        await pilot.press("enter")
        view = app.screen
        assert isinstance(view, NoteView)
        source = view.query_one(Markdown).source
        # due:+5d was written into the line as the day it meant when the note was saved
        assert "☑ ~~Book rehearsal room @gus due:2026\\-11\\-25 \\+cutover~~" in source
        assert "**Decision:** a second rehearsal on the 12th" in source
        assert view.query_one("#note-view").border_title == "Cut-over weekly"
        meta = text_of(view, "#note-view-meta")
        assert "chen, farah, gus" in meta and "0 of 1 actions open" in meta

        await pilot.press("e")  # edit in the app; the reader shows the saved note after
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        area = editor.query_one("#note-body", TextArea)
        area.load_text(area.text + "- [ ] Order pallets\n")
        await pilot.press("ctrl+s")
        assert app.screen is view
        await wait_for(pilot, lambda: "☐ Order pallets" in view.query_one(Markdown).source)
        added = app.desk.actions.get(app.desk.notes.get(note.id).action_ids[-1])
        assert (added.title, added.note_id) == ("Order pallets", note.id)
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteView)


async def test_capital_e_edits_in_editor_from_the_pane_and_the_reader(
    data, editor_script, monkeypatch
) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setenv("APPEND", "- [ ] Chase floor plan @bob\n")
        await pilot.press("4")
        note_id = app.screen.query_one("#notes").current[1]
        await pilot.press("E")
        note = app.desk.notes.get(note_id)
        assert note.body.endswith("- [ ] Chase floor plan @bob\n")
        added = app.desk.actions.get(note.action_ids[-1])
        assert (added.title, added.owner, added.note_id) == ("Chase floor plan", "bob", note_id)

        monkeypatch.setenv("APPEND", "Decision: keep the old rota\n")
        await pilot.press("enter", "E")
        view = app.screen
        assert isinstance(view, NoteView)
        assert app.desk.notes.get(note_id).decisions[-1] == "keep the old rota"
        await wait_for(pilot, lambda: "keep the old rota" in view.query_one(Markdown).source)


async def test_capital_e_with_a_bad_line_opens_the_app_editor_with_the_text(
    data, editor_script, monkeypatch
) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setenv("APPEND", "- [ ] Ship it due:someday-maybe\n")
        await pilot.press("4")
        note_id = app.screen.query_one("#notes").current[1]
        stored = app.desk.notes.get(note_id)
        await pilot.press("E")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#note-body", TextArea).text.endswith("due:someday-maybe\n")
        assert "line" in text_of(editor, "#note-message")
        assert app.desk.notes.get(note_id).body == stored.body
        # What came back from the editor is kept as a draft straight away.
        assert [d.note_id for d in Drafts(data).pending()] == [note_id]


async def test_ctrl_o_hands_the_body_to_the_editor_and_back(data, editor_script, monkeypatch):
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setenv("APPEND", "- [ ] Written in vim\n")
        await pilot.press("n", "T", "ctrl+o")
        area = app.screen.query_one("#note-body", TextArea)
        assert area.text == TEMPLATE + "- [ ] Written in vim\n"
        await pilot.press("ctrl+s")
        note = note_by_title(app, "T")
        assert app.desk.actions.get(note.action_ids[0]).title == "Written in vim"


async def test_filter_searches_titles_attendees_and_bodies(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "slash", *"dock")
        rows = app.screen.query_one("#notes").rows
        assert [app.desk.notes.get(k[1]).title for k in visible_keys(rows)] == [
            "Warehouse site walk"
        ]
        await pilot.press("escape", "slash", *"FAR")
        assert [app.desk.notes.get(k[1]).title for k in visible_keys(rows)] == ["Cut-over weekly"]


async def test_a_note_typed_when_the_app_dies_is_offered_back(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"Call")
        app.screen.query_one("#note-body", TextArea).insert("- [ ] Send PO copy\n", (0, 0))
        await wait_for(pilot, lambda: Drafts(data).pending())
        draft = Drafts(data).pending()[0]
        assert draft.title == "Call" and "Send PO copy" in draft.body
    # The first session ended without saving; the draft is still there.
    folder = data.with_name("d.json.drafts")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]

    again = start_app(data)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, RecoverDraft))
        assert "'Call'" in text_of(again.screen, "Static")
        await pilot.press("enter")
        editor = again.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one("#note-title", Input).value == "Call"
        assert editor.query_one("#note-body", TextArea).text.startswith("- [ ] Send PO copy\n")
        await pilot.press("ctrl+s")
        note = note_by_title(again, "Call")
        assert again.desk.actions.get(note.action_ids[0]).title == "Send PO copy"
        assert Drafts(data).pending() == []


async def test_quitting_mid_typing_keeps_the_last_keys(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", *"Quick")
        app.exit()  # before the half-second pause: the editor keeps it on the way out
    assert [d.title for d in Drafts(data).pending()] == ["Quick"]


async def test_a_draft_can_be_discarded_or_left_for_later(data) -> None:
    drafts = Drafts(data)
    drafts.save(Draft(name="new-a", title="First", body="one\n"))
    drafts.save(Draft(name="new-b", title="Second", body="two\n"))
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoverDraft))
        first = app.screen.draft.name
        await pilot.press("d")  # discarded; the other one is offered next
        await wait_for(pilot, lambda: isinstance(app.screen, RecoverDraft))
        assert app.screen.draft.name != first
        await pilot.press("escape")
        assert not isinstance(app.screen, RecoverDraft)
    assert [d.name for d in Drafts(data).pending()] == [
        {"new-a", "new-b"}.difference({first}).pop()
    ]


async def test_saving_or_closing_deletes_the_draft(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "e", "end", "!")
        await wait_for(pilot, lambda: Drafts(data).pending())
        assert Drafts(data).pending()[0].title == "Cut-over weekly!"
        await pilot.press("escape", "escape")
        assert Drafts(data).pending() == []
        await pilot.press("e", "end", "?")
        await wait_for(pilot, lambda: Drafts(data).pending())
        await pilot.press("ctrl+s")
        assert Drafts(data).pending() == []
        assert note_by_title(app, "Cut-over weekly?")


async def test_drafts_of_an_in_memory_desk_are_not_written() -> None:
    drafts = Drafts(None)
    drafts.save(Draft(name="new-x", title="x"))
    assert drafts.pending() == []


async def test_decision_log_lists_filters_and_opens_the_meeting(data) -> None:
    app = start_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.show_decisions()
        await pilot.pause()
        log = app.screen
        assert isinstance(log, DecisionLog)
        decisions = log.query_one(VirtualList)
        assert [row.cells[1] for row in decisions.rows] == [
            "a second rehearsal on the 12th",  # Cut-over weekly, the newest meeting
            "use dock 2 for inbound until fixed",
        ]
        assert decisions.rows[0].cells[0] == "2026-11-19"
        await pilot.press("slash", *"dock")
        assert [decisions.rows[i].cells[2] for i in decisions._lines] == ["Warehouse site walk"]
        assert log.query_one("#decisions").border_title == "Decision log · 1 of 2"
        await pilot.press("enter", "enter")
        view = app.screen
        assert isinstance(view, NoteView)
        assert view.query_one("#note-view").border_title == "Warehouse site walk"
        await pilot.press("escape")
        assert app.screen is log
        await pilot.press("escape", "escape")  # clears the filter, then closes
        assert not isinstance(app.screen, DecisionLog)
