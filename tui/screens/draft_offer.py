"""On start, offer back the meeting notes an earlier session was typing when it ended
(a dropped connection, a closed terminal): open one, discard it, or decide later."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.drafts import Draft, Drafts
from store.errors import NotFoundError
from store.text import safe_text
from tui.screens.note_editor import new_note, push_editor
from tui.text import plain

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen


class RecoverDraft(ModalScreen[str]):
    """Offer one draft back: open it, discard it, or decide later."""

    BINDINGS: ClassVar = [
        Binding("enter", "choose('open')", "Open", id="draft.open"),
        Binding("d", "choose('discard')", "Discard", id="draft.discard"),
        Binding("escape", "choose('later')", "Later", id="draft.later"),
    ]
    DEFAULT_CSS = """
    RecoverDraft { align: center middle; }
    RecoverDraft #draft-box {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    RecoverDraft #draft-preview { color: $text-muted; max-height: 8; }
    RecoverDraft #draft-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, draft: Draft, more: int = 0) -> None:
        super().__init__()
        self.draft = draft
        self.more = more

    def compose(self) -> ComposeResult:
        draft = self.draft
        when = draft.saved_at.astimezone().strftime("%a %d %b %H:%M")
        lines = [line for line in draft.body.splitlines() if line.strip()]
        with Vertical(id="draft-box") as box:
            box.border_title = "Unsaved note"
            yield Static(
                Content.assemble(
                    "Recover unsaved note ",
                    (safe_text(repr(draft.label)), "bold"),
                    "?\n",
                    (f"typed {when}, {len(lines)} lines", "$foreground-muted"),
                    (f" · {self.more} more draft(s) after this one" if self.more else ""),
                )
            )
            yield Static(plain("\n".join(lines[:8]), lines=True), id="draft-preview")
            yield Static("Enter: open it · d: discard it · Esc: decide later", id="draft-keys")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


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
