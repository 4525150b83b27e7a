"""Import invitations from an .ics file the user names: each event becomes (or updates)
a meeting note, as `opsdesk import ics FILE` does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.errors import UserError


class ImportInvites(ModalScreen[str | None]):
    """Ask for a path, import it; a bad path or file is an inline error, the text kept."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel", id="import.cancel")]
    DEFAULT_CSS = """
    ImportInvites { align: center middle; }
    ImportInvites #import-box {
        width: 72; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ImportInvites #import-error { color: $error; height: auto; }
    ImportInvites #import-keys { color: $text-muted; }
    """

    def __init__(self, desk: Any, config: dict[str, Any], today: Any) -> None:
        super().__init__()
        self.desk = desk
        self.config = config
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box") as box:
            box.border_title = "Import invitations (.ics)"
            yield Input(placeholder="~/Downloads/invite.ics", id="import-path")
            yield Static("", id="import-error")
            yield Static("Enter: import · Esc: cancel", id="import-keys")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def import_path(self, event: Input.Submitted) -> None:
        from store.ics_import import import_file

        text = event.value.strip()
        error = self.query_one("#import-error", Static)
        if not text:
            error.update(Content("Type the path of an .ics file"))
            return
        path = Path(os.path.expanduser(text))
        try:
            data = path.read_bytes()
            result = import_file(self.desk, data, str(path), self.config, today=self.today())
        except OSError as problem:
            error.update(Content(f"cannot read {path}: {problem.strerror or problem}"))
            return
        except UserError as problem:
            error.update(Content(str(problem)))
            return
        self.dismiss(result.summary())

    def action_cancel(self) -> None:
        self.dismiss(None)
