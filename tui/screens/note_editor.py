"""Capture and edit a meeting note: title, start time, attendees, project and a Markdown body.

What is typed is kept as a draft beside the data file as it goes (half a second after the
last key), so a dropped connection loses nothing; the next start offers it back. Saving or
closing on purpose deletes the draft. A bad field or action line is shown inline and the
editor stays open with the text as typed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TextArea

from store.dates import parse_date
from store.drafts import Draft, Drafts
from store.errors import NotFoundError, StaleEditError, UserError
from store.models import Note
from store.notes import StaleNoteError, action_lines
from store.text import safe_text
from tui.screen_styles import add_screen_styles
from tui.text import plain
from tui.widgets.stored_input import StoredInput

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen

DRAFT_DELAY = 0.5  # seconds after the last key before the draft is written
START_FORMAT = "%Y-%m-%d %H:%M"
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_LINE_ERROR = re.compile(r"^line (\d+): ")
FIELDS = ("title", "start", "who", "project")


def read_start(text: str, today: date) -> datetime:
    """The start time typed: `14:30` (today), `2026-11-20 14:30`, `today`, `fri`..."""
    text = text.strip()
    if not text:
        raise UserError("must not be empty (e.g. 14:30 or 2026-11-20 14:30)")
    clock = _CLOCK.match(text)
    if clock:
        hour, minute = int(clock[1]), int(clock[2])
        if hour > 23 or minute > 59:
            raise UserError(f"no such time {text!r}")
        return datetime.combine(today, datetime.min.time()).replace(hour=hour, minute=minute)
    value = parse_date(text, today=today)
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.min.time())


class NoteEditor(ModalScreen[Note | None]):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Close", id="note.cancel"),
        Binding("ctrl+o", "external", "Edit body in $EDITOR", id="note.external"),
    ]
    DEFAULT_CSS = """
    NoteEditor #note-keys { height: 1; color: $text-muted; }
    NoteEditor #note-message { display: none; }
    NoteEditor #note-message.-shown { display: block; }
    NoteEditor #note-message.-error { color: $error; }
    """

    def __init__(
        self, desk_screen: DeskScreen, note: Note, draft: Draft | None = None, message: str = ""
    ) -> None:
        super().__init__()
        add_screen_styles(self.app)  # its rules are in tui/screens.tcss
        self.desk_screen = desk_screen
        self.note = note
        self.today = desk_screen.app.today()
        self.original = self._texts_of(note)
        self.drafts = Drafts(desk_screen.desk.db.path)
        self.draft_name = draft.name if draft else Draft.new_name(note.id)
        self.start_texts = self.original if draft is None else self._texts_of_draft(draft)
        self.first_message = message
        self._timer: Timer | None = None
        self._latest = self.start_texts
        self._finished = False
        self._draft_written = draft is not None
        self._confirm_discard = False
        self._body = ("", "")  # the body as stored and as shown in the TextArea

    @staticmethod
    def _texts_of(note: Note) -> tuple[str, ...]:
        start = note.start.strftime(START_FORMAT)
        return (note.title, start, ", ".join(note.attendees), note.project, note.body)

    @staticmethod
    def _texts_of_draft(draft: Draft) -> tuple[str, ...]:
        return (draft.title, draft.start, draft.attendees, draft.project, draft.body)

    def compose(self) -> ComposeResult:
        title, start, who, project, body = self.start_texts
        fields = (
            ("title", "Title", title, "what the meeting was about"),
            ("start", "Start", start, "14:30, 2026-11-20 14:30, today"),
            ("who", "Attendees", who, "alice, bob"),
            ("project", "Project", project, "warehouse"),
        )
        with Vertical(id="note-editor") as frame:
            frame.border_title = f"Edit note {self.note.id}" if self.note.id else "New meeting note"
            for name, label, value, hint in fields:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield StoredInput(value, placeholder=hint, id=f"note-{name}")
                yield Static("", id=f"error-{name}", classes="form-error")
            yield TextArea(self._show_body(body), language="markdown", id="note-body")
            yield Static("", id="note-message")
            yield Static(id="note-keys")

    def on_mount(self) -> None:
        self.query_one("#note-title", Input).focus()
        area = self.query_one("#note-body", TextArea)
        lines = area.text.splitlines()
        if "## Notes" in lines:  # the template: tabbing down lands where notes are typed
            area.cursor_location = (lines.index("## Notes") + 1, 0)
        self._show_keys()
        if self.first_message:
            self.show_message(self.first_message, error=True)
        if self.dirty:  # recovered, or handed back from $EDITOR: keep it safe at once
            self.write_draft()

    def on_unmount(self) -> None:
        # Quitting the app (or a hang-up) with the editor open: keep what was typed.
        if not self._finished and self._timer is not None:
            self._timer.stop()
            self.write_draft(quietly=True)

    # -- what is typed ---------------------------------------------------------------------

    def texts(self) -> tuple[str, ...]:
        """What the fields hold; an untouched one its stored text, not the text shown."""
        values = tuple(self.query_one(f"#note-{name}", StoredInput).text for name in FIELDS)
        stored, shown = self._body
        typed = self.query_one("#note-body", TextArea).text
        return (*values, stored if typed == shown else typed)

    def _show_body(self, body: str) -> str:
        """The body as the TextArea shows it (control characters visible, as StoredInput
        shows a field), keeping the stored text for as long as it is not edited."""
        self._body = (body, safe_text(body, lines=True, tabs=True))
        return self._body[1]

    @property
    def dirty(self) -> bool:
        return self._latest != self.original

    def edited(self, start: datetime) -> Note:
        """The note as typed; a field still as the note has it keeps its exact value (saving
        does not strip or re-split what nobody edited)."""
        title, _start, who, project, body = self.texts()
        note_title, _, note_who, note_project, _ = self._texts_of(self.note)
        return self.note.copy(
            title=self.note.title if title == note_title else title.strip(),
            start=start,
            attendees=self.note.attendees
            if who == note_who
            else [a.strip() for a in who.split(",") if a.strip()],
            project=self.note.project if project == note_project else project.strip(),
            body=body,
        )

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self) -> None:
        self._latest = self.texts()
        self._confirm_discard = False
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_DELAY, self.write_draft)

    def write_draft(self, quietly: bool = False) -> None:
        """Keep the typed text in the drafts folder (or drop the draft if nothing changed);
        `quietly` when the screen is going away and has nothing left to show it on."""
        self._timer = None
        if self._finished:
            return
        if not self.dirty:
            if self._draft_written:
                self.drafts.discard(self.draft_name)
                self._draft_written = False
            return
        title, start, who, project, body = self._latest
        draft = Draft(
            name=self.draft_name,
            note_id=self.note.id,
            rev=self.note.rev,
            title=title,
            start=start,
            attendees=who,
            project=project,
            body=body,
        )
        try:
            self.drafts.save(draft)
        except UserError as error:
            if not quietly:
                self.show_message(f"Draft not kept: {error}", error=True)
            return
        self._draft_written = True
        if not quietly:
            self._show_keys(f"draft kept {datetime.now():%H:%M}")

    # -- messages --------------------------------------------------------------------------

    def _show_keys(self, status: str = "") -> None:
        keys = "ctrl+s save · esc close · ctrl+o $EDITOR · tab next field"
        parts: list[str | tuple[str, str]] = [keys]
        if status:
            parts.append((f" · {status}", "$text-success"))
        self.query_one("#note-keys", Static).update(Content.assemble(*parts))

    def show_message(self, text: str, error: bool = False) -> None:
        message = self.query_one("#note-message", Static)
        message.update(plain(text, lines=True))
        message.set_class(bool(text), "-shown")
        message.set_class(error, "-error")

    def _set_error(self, name: str, text: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(plain(text))
        error.display = bool(text)

    # -- save and close --------------------------------------------------------------------

    def action_save(self) -> None:
        self._latest = self.texts()
        title, start_text, _who, project, body = self._latest
        first_bad = ""
        self._set_error("title", "" if title.strip() else "Title: must not be empty")
        if not title.strip():
            first_bad = "title"
        try:
            start = read_start(start_text, self.today)
            self._set_error("start", "")
        except UserError as error:
            self._set_error("start", f"Start: {error}")
            first_bad = first_bad or "start"
            start = self.note.start
        if first_bad:
            self.show_message("")
            self.query_one(f"#note-{first_bad}", Input).focus()
            return
        try:
            # Checked first so a bad line never reaches the store, even half-way.
            action_lines(body, project.strip(), self.today)
            saved = self.desk_screen.desk.notes.save(self.edited(start), today=self.today)
        except StaleNoteError as error:
            from tui.screens.stale_note import ask_stale

            ask_stale(self, error)
            return
        except StaleEditError as error:  # deleted meanwhile: saving again makes it anew
            try:
                self.note = self.note.copy(rev=self.desk_screen.desk.notes.get(self.note.id).rev)
            except NotFoundError:
                self.note = self.note.copy(id=0, rev=0)
            self.show_message(f"{error}. Press ctrl+s again to save what you typed.", error=True)
            return
        except UserError as error:
            self._show_body_error(str(error))
            return
        self._finish()
        self.dismiss(saved)

    def load_version(self, note: Note, original: Note | None = None) -> None:
        """Show `note` in the fields; saving goes over the stored version it is based on."""
        self.note = note
        self.original = self._texts_of(original or note)
        for name, value in zip(FIELDS, self._texts_of(note)[:4], strict=True):
            self.query_one(f"#note-{name}", StoredInput).show(value)
        self.query_one("#note-body", TextArea).load_text(self._show_body(note.body))
        self._latest = self.texts()

    def _show_body_error(self, text: str) -> None:
        match = _LINE_ERROR.match(text)
        if match is None:
            self.show_message(text, error=True)
            return
        number = int(match[1])
        area = self.query_one("#note-body", TextArea)
        line = area.document.get_line(number - 1) if number <= area.document.line_count else ""
        self.show_message(f"Action on line {number} ({line.strip()}): {text[match.end() :]}", True)
        area.focus()
        area.select_line(number - 1)

    def action_cancel(self) -> None:
        self._latest = self.texts()
        if self.dirty and not self._confirm_discard:
            self._confirm_discard = True
            self.show_message("Unsaved changes: Esc again throws them away, ctrl+s saves.")
            return
        self._finish()
        self.dismiss(None)

    def _finish(self) -> None:
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.drafts.discard(self.draft_name)

    def action_external(self) -> None:
        body = self.texts()[-1]  # $EDITOR gets the text itself, and shows what it holds
        try:
            text = run_editor(self.app, body)
        except UserError as error:
            self.show_message(str(error), error=True)
            return
        if text != body:
            self.query_one("#note-body", TextArea).load_text(self._show_body(text))
            self._typed()


# -- opening notes ------------------------------------------------------------------------------


def run_editor(app: App, text: str) -> str:
    """`text` after the person edited it in $EDITOR, with the app suspended meanwhile."""
    from textual.app import SuspendNotSupported

    from tui.editor import edit_in_editor

    try:
        with app.suspend():
            return edit_in_editor(text)
    except SuspendNotSupported:
        if not app.is_headless:
            raise UserError("cannot hand this terminal to an editor; press e instead") from None
    return edit_in_editor(text)  # headless: there is no screen to hand over
