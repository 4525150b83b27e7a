"""On start, offer back the meeting notes an earlier session was typing when it ended
(a dropped connection, a closed terminal): open one, discard it, or decide later.
The offering itself (which draft, what each choice does) is in tui/note_flow.py."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.drafts import Draft
from store.text import safe_text
from tui.text import plain


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
