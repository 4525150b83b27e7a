"""Opening meeting notes: to read, to edit in the app or in $EDITOR, and the drafts an
earlier session left. Not a screen: the screens that lead here (the desk, the reader, the
decision log) reach it through the app (`OpsDesk.open_note`), so no screen imports another
in a circle. The screens are imported on first use: the desk offers drafts at start,
and the reader alone imports a Markdown parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from store.drafts import Draft, Drafts
from store.errors import NotFoundError, UserError
from store.models import Note
from store.notes import TEMPLATE, action_lines, starting_now

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen

_LINE_ERROR = re.compile(r"^line (\d+): ")


def new_note(today: date, project: str = "") -> Note:
    """A note from the template, starting now (in `project`, from a project's page)."""
    return Note(title="", project=project, body=TEMPLATE, start=starting_now(today))


def open_note(
    desk_screen: DeskScreen,
    note_id: int | None,
    read_only: bool = False,
    external: bool = False,
    on_saved: Callable[[Note], None] | None = None,
    project: str = "",
) -> None:
    """Open a note to read (Markdown), to edit in the app, or to edit in $EDITOR."""
    notes = desk_screen.desk.notes
    today = desk_screen.app.today()
    try:
        note = new_note(today, project) if note_id is None else notes.get(note_id)
    except UserError as error:
        desk_screen.notify(str(error), severity="error")
        return
    if read_only and note.id:
        from tui.screens.note_view import NoteView

        desk_screen.app.push_screen(NoteView(desk_screen, note.id))
    elif external and note.id:
        edit_externally(desk_screen, note, on_saved)
    else:
        push_editor(desk_screen, note, on_saved=on_saved)


def push_editor(
    desk_screen: DeskScreen,
    note: Note,
    draft: Draft | None = None,
    message: str = "",
    on_saved: Callable[[Note], None] | None = None,
) -> None:
    before = set(note.action_ids)

    def done(saved: Note | None) -> None:
        if saved is None:
            return
        report_saved(desk_screen, saved, before)
        if on_saved is not None:
            on_saved(saved)

    from tui.screens.note_editor import NoteEditor

    desk_screen.app.push_screen(NoteEditor(desk_screen, note, draft, message), done)


def report_saved(desk_screen: DeskScreen, saved: Note, before: set[int]) -> None:
    created = len(set(saved.action_ids) - before)
    actions = f" · {created} action{'s' if created != 1 else ''} created" if created else ""
    desk_screen.notify(f"Saved note {saved.title!r}{actions}", timeout=4)
    if desk_screen.active == "notes":
        desk_screen.call_after_refresh(
            desk_screen.pane("notes").rows.move_to_key, ("note", saved.id)
        )


def edit_externally(
    desk_screen: DeskScreen, note: Note, on_saved: Callable[[Note], None] | None = None
) -> None:
    """Edit the body of a stored note in $EDITOR and save it; a problem opens the in-app
    editor with the edited text, so nothing typed is lost."""
    from tui.screens.note_editor import run_editor

    app = desk_screen.app
    try:
        body = run_editor(app, note.body)
    except UserError as error:
        desk_screen.notify(str(error), severity="error", title="Not edited")
        return
    if body == note.body:
        desk_screen.notify("No changes.", timeout=2)
        return
    edited = note.copy(body=body)
    try:
        action_lines(body, note.project, app.today())
        saved = desk_screen.desk.notes.save(edited, today=app.today())
    except UserError as error:
        push_editor(desk_screen, note, _draft_of(edited), _editor_message(error), on_saved)
        return
    report_saved(desk_screen, saved, set(note.action_ids))
    if on_saved is not None:
        on_saved(saved)


def _editor_message(error: UserError) -> str:
    text = str(error)
    match = _LINE_ERROR.match(text)
    return f"Action on line {match[1]}: {text[match.end() :]}" if match else text


def _draft_of(note: Note) -> Draft:
    from tui.screens.note_editor import NoteEditor

    texts = NoteEditor._texts_of(note)
    return Draft(Draft.new_name(note.id), note.id, note.rev, *texts)


def offer_drafts(desk_screen: DeskScreen) -> None:
    """On start: offer the newest draft an earlier session left, then the next, and so on."""
    drafts = Drafts(desk_screen.desk.db.path)
    pending = drafts.pending()
    if not pending:
        return
    draft = pending[0]

    def chosen(choice: str | None) -> None:
        if choice == "open":
            open_draft(desk_screen, draft)
        elif choice == "discard":
            drafts.discard(draft.name)
            desk_screen.notify(f"Draft {draft.label!r} discarded.", timeout=3)
            offer_drafts(desk_screen)
        else:
            desk_screen.notify("Drafts kept: they will be offered again on the next start.")

    from tui.screens.draft_offer import RecoverDraft

    desk_screen.app.push_screen(RecoverDraft(draft, more=len(pending) - 1), chosen)


def open_draft(desk_screen: DeskScreen, draft: Draft) -> None:
    notes = desk_screen.desk.notes
    note = new_note(desk_screen.app.today())
    if draft.note_id:
        try:
            # The revision the edit started from: saving over a newer one asks first.
            note = notes.get(draft.note_id).copy(rev=draft.rev)
        except NotFoundError:
            pass  # deleted since: the text comes back as a new note
    push_editor(desk_screen, note, draft)
