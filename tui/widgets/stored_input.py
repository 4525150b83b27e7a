"""An input that edits text already stored: shown safely, given back exactly when untouched.

A stored title may hold an escape sequence or a bell. The input shows it through the one
door (`store.text.safe_text`: ESC as ␛, BEL as ␇) so it is seen and cannot drive the
terminal or shift the layout. Saving must not turn those stand-ins into the stored value
of a field nobody touched, so `text` is the stored text until the shown text is edited;
after an edit it is what the person sees and typed.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from store.text import safe_text


class StoredInput(Input):
    def __init__(self, stored: str = "", **options: Any) -> None:
        self.stored = stored
        self.shown = safe_text(stored)
        super().__init__(self.shown, **options)

    @property
    def untouched(self) -> bool:
        return self.value == self.shown

    @property
    def text(self) -> str:
        """The stored text while the field is untouched, else what was typed."""
        return self.stored if self.untouched else self.value

    def show(self, stored: str) -> None:
        """Put another stored text in the field, as if it had been opened with it."""
        self.stored = stored
        self.shown = safe_text(stored)
        self.value = self.shown
