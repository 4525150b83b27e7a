"""The hostile-string corpus in every view of the TUI: each pane, the risk detail line, the
note reader, the edit form, the decision log and notifications. Nothing crashes, markup
shows literally, and no control character from the data reaches the terminal: neither in
the drawn segments nor in the bytes the output driver is given."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hostile import HOSTILE, HUGE, terminal_safe
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from store.models import Action, Milestone, Note, Risk
from store.repository import Desk
from store.storage import Database
from store.text import safe_text
from tui.app import OpsDesk, make_app
from tui.screens.desk import DeskScreen
from tui.screens.form import RecordForm
from tui.screens.note_editor import NoteEditor
from tui.screens.note_view import NoteView
from tui.screens.prompt import Prompt

TODAY = date(2026, 11, 20)
NAMES = sorted(HOSTILE)


def hostile_file(path: Path) -> Path:
    """A data file whose every text field, of every kind, holds a hostile string."""
    desk = Desk(Database(path))
    for number, name in enumerate(NAMES):
        text = HOSTILE[name]
        project = f"[b]{name}"  # project names refuse control characters; markup is fine
        desk.actions.add(
            Action(title=text, owner=text[:12], project=project, tags=[text[:6]], due=TODAY)
        )
        desk.milestones.add(Milestone(title=text, forecast=TODAY, project=project))
        desk.risks.add(
            Risk(title=text, owner=text[:9], mitigation=text, contingency=text, review=TODAY)
        )
        desk.notes.save(
            Note(
                title=text,
                start=datetime(2026, 11, 19, 9, number % 60),
                attendees=[text, "dana"],
                project=project,
                body=f"{text}\n\nDecision: {text}\n- [ ] {text}\n",
            ),
            today=TODAY,
        )
    desk.notes.save(Note(title="Huge", start=datetime(2026, 11, 18, 9), body=HUGE), today=TODAY)
    desk.actions.add(Action(title=HUGE, due=TODAY))
    return path


def open_app(path: Path) -> OpsDesk:
    return make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)


class Sent:
    """Everything the app hands its output driver."""

    def __init__(self, app: OpsDesk) -> None:
        self.chunks: list[str] = []
        driver = app._driver
        assert driver is not None
        write = driver.write

        def capture(data: str) -> None:
            self.chunks.append(data)
            write(data)

        driver.write = capture  # type: ignore[method-assign]

    def text(self) -> str:
        return "".join(self.chunks)


def drawn(app: OpsDesk) -> tuple[str, list[str]]:
    """The screen's text, and any control character its segments hold."""
    strips = app.screen._compositor.render_strips()
    segments = [s.text for strip in strips for s in strip if not s.control]
    return "\n".join(strip.text for strip in strips), terminal_safe("".join(segments))


def assert_safe(app: OpsDesk, sent: Sent) -> str:
    text, controls = drawn(app)
    assert controls == [], f"control characters drawn: {controls}"
    output = sent.text()
    for raw in ("\x1b]52;", "\x1b[2J", "\x1b]0;owned", "\x9b", "\x9d", " \x07 ", "\u202e"):
        assert raw not in output, f"{raw!r} reached the terminal"
    return text


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.pause()


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_file(tmp_path / "hostile.json")


async def test_every_pane_and_the_risk_detail_draw_the_corpus_safely(hostile: Path) -> None:
    app = open_app(hostile)
    async with app.run_test(size=(160, 48)) as pilot:
        sent = Sent(app)
        await settle(pilot)
        for key in "1234":
            await pilot.press(key)
            for _ in range(len(NAMES) + 2):
                await pilot.press("j")
            await pilot.press("z")
            await settle(pilot)
            text = assert_safe(app, sent)
            await pilot.press("z")
        assert "␛]52;c;" in text  # shown, visibly
        await pilot.press("3", "g")
        await settle(pilot)
        detail = app.screen.query_one("#risk-detail")
        assert "Mitigation:" in str(detail.render())
        assert_safe(app, sent)
        assert app.is_running


async def test_the_note_reader_shows_titles_literally(hostile: Path) -> None:
    app = open_app(hostile)
    async with app.run_test(size=(120, 36)) as pilot:
        sent = Sent(app)
        await settle(pilot)
        desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
        for note in app.desk.notes.all():
            desk.open_note(note.id, read_only=True)
            await settle(pilot)
            assert isinstance(app.screen, NoteView)
            text = assert_safe(app, sent)
            if note.title in ("Weekly sync [Q3]", "Ship it [/] now"):
                assert note.title in text
            if "[link=" in note.title:
                assert "[link=https://example.com/evil]Click me" in text
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running


async def test_the_edit_form_and_notifications_keep_the_terminal_safe(hostile: Path) -> None:
    app = open_app(hostile)
    async with app.run_test(size=(120, 36)) as pilot:
        sent = Sent(app)
        await settle(pilot)
        desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
        for kind, repo in (("action", app.desk.actions), ("risk", app.desk.risks)):
            record = next(r for r in repo.all() if r.title == HOSTILE["osc52"])
            desk.open_form(kind, record.id)
            await settle(pilot)
            assert isinstance(app.screen, RecordForm)
            assert "Pay ␛]52;c;cHduZWQ=␇ invoice" in assert_safe(app, sent)  # shown
            await pilot.press("ctrl+s")  # untouched: stored exactly as it was
            await settle(pilot)
            assert repo.get(record.id).title == HOSTILE["osc52"]
        await pilot.press("1", "g", "d")  # "Deleted action '…'" quotes the title
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert_safe(app, sent)


async def test_the_decision_log_draws_the_corpus_safely(hostile: Path) -> None:
    app = open_app(hostile)
    async with app.run_test(size=(120, 36)) as pilot:
        sent = Sent(app)
        await settle(pilot)
        desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
        desk.show_decisions()
        await settle(pilot)
        for _ in range(len(NAMES)):
            await pilot.press("j")
        assert_safe(app, sent)


async def test_the_note_editor_shows_control_characters_and_keeps_untouched_fields(
    hostile: Path,
) -> None:
    app = open_app(hostile)
    async with app.run_test(size=(120, 36)) as pilot:
        sent = Sent(app)
        await settle(pilot)
        desk = next(s for s in app.screen_stack if isinstance(s, DeskScreen))
        note = next(n for n in app.desk.notes.all() if n.title == HOSTILE["osc52"])
        desk.open_note(note.id)
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        title, who = (editor.query_one(f"#note-{name}", Input) for name in ("title", "who"))
        assert title.value == "Pay ␛]52;c;cHduZWQ=␇ invoice"  # shown, visibly
        body = editor.query_one("#note-body", TextArea)
        assert body.text == safe_text(note.body, lines=True)
        assert who.value == f"{safe_text(HOSTILE['osc52'])}, dana"
        text = assert_safe(app, sent)
        assert "Pay ␛]52;c;cHduZWQ=␇ invoice" in text
        await pilot.press("escape")  # nothing typed: closes at once, nothing to confirm
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)

        desk.open_note(note.id)
        await settle(pilot)
        await pilot.press("ctrl+s")  # untouched: stored exactly as it was
        await settle(pilot)
        stored = app.desk.notes.get(note.id)
        assert (stored.title, stored.attendees) == (note.title, note.attendees)
        assert stored.body == note.body

        desk.open_note(note.id)
        await settle(pilot)
        await pilot.press("end", "!", "ctrl+s")  # the title edited, the attendees not
        await settle(pilot)
        stored = app.desk.notes.get(note.id)
        assert stored.title == "Pay ␛]52;c;cHduZWQ=␇ invoice!"  # what was shown and typed
        assert stored.attendees == note.attendees
        assert stored.body == note.body

        desk.open_note(note.id)
        await settle(pilot)
        body = app.screen.query_one("#note-body", TextArea)
        body.focus()
        body.move_cursor(body.document.end)
        await pilot.press("!", "ctrl+s")  # the body edited: saved as it was shown and typed
        await settle(pilot)
        assert app.desk.notes.get(note.id).body == safe_text(note.body, lines=True) + "!"


async def test_a_prompt_shows_control_characters_and_gives_back_an_untouched_answer(
    data_file: Path,
) -> None:
    reason = f"vendor {HOSTILE['bel']}"
    Desk(Database(data_file)).projects.set_health("cutover", "amber", reason, TODAY)
    app = open_app(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        sent = Sent(app)
        await pilot.press("5", "h")
        await settle(pilot)
        assert isinstance(app.screen, Prompt)
        assert app.screen.query_one(Input).value == "amber: vendor Ring ␇ bell"
        assert_safe(app, sent)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, Prompt)
        assert app.desk.projects.named("cutover").health_reason == reason
