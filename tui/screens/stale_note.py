"""The way out when a note was saved elsewhere while it was being edited here: take the
other version, keep mine (its actions stay linked), or merge both texts into the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.models import Note
from store.notes import StaleNoteError
from tui.text import plain

if TYPE_CHECKING:
    from tui.screens.note_editor import NoteEditor

PREVIEW_LINES = 6


class StaleNoteChoice(ModalScreen[str]):
    """Dismisses with "theirs", "mine", "merge", or "" (back to editing, nothing decided)."""

    BINDINGS: ClassVar = [
        Binding("r", "choose('theirs')", "Reload theirs", id="stale_note.theirs"),
        Binding("k", "choose('mine')", "Keep mine", id="stale_note.mine"),
        Binding("m", "choose('merge')", "Merge both", id="stale_note.merge"),
        Binding("escape", "choose('')", "Back to editing", id="stale_note.back"),
    ]
    DEFAULT_CSS = """
    StaleNoteChoice { align: center middle; }
    StaleNoteChoice #stale-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    StaleNoteChoice .stale-preview { color: $text-muted; }
    StaleNoteChoice #stale-keys { margin-top: 1; }
    """

    def __init__(self, mine: Note, theirs: Note) -> None:
        super().__init__()
        self.mine, self.theirs = mine, theirs

    def compose(self) -> ComposeResult:
        when = self.theirs.updated.astimezone().strftime("%H:%M")
        with Vertical(id="stale-box") as box:
            box.border_title = "Note changed elsewhere"
            yield Static(
                Content.assemble(
                    "While you edited ",
                    (repr(self.theirs.title), "bold"),
                    f", another session saved it (at {when}). Nothing is lost yet.",
                )
            )
            yield Static(Content.assemble(("Their version:", "bold")))
            yield Static(plain(_preview(self.theirs.body), lines=True), classes="stale-preview")
            yield Static(
                Content(
                    "r  reload theirs (your edit is dropped)\n"
                    "k  keep mine (their text is replaced; their actions stay linked)\n"
                    "m  merge: both texts in the editor, to tidy and save\n"
                    "Esc  back to editing"
                ),
                id="stale-keys",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


def _preview(body: str) -> str:
    lines = [line for line in body.splitlines() if line.strip()]
    more = f"\n… {len(lines) - PREVIEW_LINES} more lines" if len(lines) > PREVIEW_LINES else ""
    return "\n".join(lines[:PREVIEW_LINES]) + more or "(no text)"


def ask_stale(editor: NoteEditor, error: StaleNoteError) -> None:
    """The editor's save met a newer stored version: the person chooses what happens."""

    def chosen(choice: str | None) -> None:
        if choice == "theirs":
            editor.load_version(error.theirs)
            editor.show_message("Reloaded the version saved elsewhere; your edit was dropped.")
        elif choice == "mine":
            editor.note = error.keep_mine()  # over theirs, knowingly; their actions kept
            editor.action_save()
        elif choice == "merge":
            editor.load_version(error.merged(), original=error.theirs)
            editor.show_message(
                "Both texts are in the editor (theirs first where they differ): "
                "tidy them and press ctrl+s to save."
            )
        else:
            editor.show_message(
                "Not saved: the note changed elsewhere. ctrl+s asks again.", error=True
            )

    editor.app.push_screen(StaleNoteChoice(error.mine, error.theirs), chosen)
