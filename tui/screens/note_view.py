"""Read a meeting note, its body rendered as Markdown; its done actions show ticked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from store.dates import format_date
from store.errors import NotFoundError
from store.models import Action, Note
from store.notes import ACTION_LINE, DECISION_LINE, tick_body
from store.text import safe_text
from tui.key_names import key_of
from tui.text import plain

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen

_OPEN_BOX = "☐"
_TICKED_BOX = "☑"
_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def readable_body(body: str) -> str:
    """The Markdown to show: action lines become ☐ / ☑ items, done ones struck through,
    and decisions stand out."""
    lines = []
    for line in body.splitlines():
        decision = DECISION_LINE.match(line)
        if decision and decision.group(1):
            lines.append(f"**Decision:** {decision.group(1)}")
            continue
        match = ACTION_LINE.match(line)
        if match and match.group(4).strip():
            indent = match.group(1)[: len(match.group(1)) - len(match.group(1).lstrip())]
            text = _ESCAPE.sub(r"\\\1", match.group(4))
            if match.group(2) == " ":
                line = f"{indent}- {_OPEN_BOX} {text}"
            else:
                line = f"{indent}- {_TICKED_BOX} ~~{text}~~"
        lines.append(line)
    return "\n".join(lines)


class NoteView(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q", "dismiss", "Close", id="note_view.close"),
        Binding("e", "edit", "Edit", id="note_view.edit"),
        Binding("E", "external", "Edit in $EDITOR", id="note_view.external"),
        Binding("n", "new_note", "New note", show=False, id="note_view.new"),
        Binding("j", "scroll(1)", "Down", show=False, id="note_view.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="note_view.up"),
    ]
    DEFAULT_CSS = """
    NoteView { align: center middle; }
    NoteView #note-view {
        width: 100%;
        max-width: 110;
        height: 100%;
        border: round $primary;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
    }
    NoteView #note-view-meta {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        border-bottom: hkey $panel-lighten-2;
    }
    NoteView #note-view-scroll { height: 1fr; }
    NoteView Markdown { padding: 0 1; background: $surface; }
    """

    def __init__(self, desk_screen: DeskScreen, note_id: int) -> None:
        super().__init__()
        self.desk_screen = desk_screen
        self.note_id = note_id

    def compose(self) -> ComposeResult:
        with Vertical(id="note-view") as frame:
            frame.border_subtitle = (
                f"{key_of(self, 'note_view.edit')} edit · "
                f"{key_of(self, 'note_view.external')} $EDITOR · "
                f"{key_of(self, 'note_view.close')} close"
            )
            yield Static(id="note-view-meta")
            with VerticalScroll(id="note-view-scroll"):
                yield Markdown(id="note-view-body")

    async def on_mount(self) -> None:
        await self.show_note()
        self.query_one("#note-view-scroll").focus()

    async def show_note(self) -> None:
        desk = self.desk_screen.desk
        try:
            note = desk.notes.get(self.note_id)
        except NotFoundError as error:
            self.app.notify(str(error), severity="error")
            self.dismiss()
            return
        actions = self._actions(note)
        # The title is data: `Weekly sync [Q3]` keeps its brackets, `[/]` is just text.
        self.query_one("#note-view").border_title = plain(note.title or "untitled note")
        self.query_one("#note-view-meta", Static).update(self._meta(note, actions))
        body = readable_body(tick_body(note.body, actions)) or "*(no text)*"
        body = safe_text(body.expandtabs(4), lines=True)
        await self.query_one(Markdown).update(body)

    def _actions(self, note: Note) -> list[Action]:
        actions = []
        for action_id in note.action_ids:
            try:
                actions.append(self.desk_screen.desk.actions.get(action_id))
            except NotFoundError:
                continue
        return actions

    def _meta(self, note: Note, actions: list[Action]) -> Content:
        today = self.app.today()
        parts: list[str | tuple[str, str]] = [(format_date(note.start, today), "bold")]
        if note.attendees:
            parts.append(" · " + safe_text(", ".join(note.attendees)))
        if note.project:
            parts.append(f" · +{safe_text(note.project)}")
        if actions:
            open_count = sum(1 for a in actions if a.is_open)
            style = "$text-warning" if open_count else "$text-success"
            parts.append((f" · {open_count} of {len(actions)} actions open", style))
        if note.decisions:
            count = len(note.decisions)
            parts.append(f" · {count} decision{'s' if count != 1 else ''}")
        return Content.assemble(*parts)

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#note-view-scroll", VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)

    def _refresh(self, _saved: Note | None = None) -> None:
        self.run_worker(self.show_note(), exclusive=True, group="note-view")

    # Editing goes through the app: the editor's module leads back here (Enter reads).
    def action_edit(self) -> None:
        self.app.open_note(self.note_id, on_saved=self._refresh)

    def action_external(self) -> None:
        self.app.open_note(self.note_id, external=True, on_saved=self._refresh)

    def action_new_note(self) -> None:
        self.app.open_note(None)
