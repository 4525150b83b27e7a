"""A record's detail, opened with Enter: every field, the full title, and its history.

A milestone shows baseline, forecast, slip and every move with its reason; an action shows
where it came from (`o` opens that meeting note); `e` edits the record in place. Text the
person typed is shown as data (Content), never as markup.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.dates import format_date
from store.errors import UserError
from store.models import Action, Milestone, Record, Risk
from store.text import safe_text
from tui.key_names import key_of
from tui.screens.form import FIELDS, show_value

if TYPE_CHECKING:
    from tui.screens.desk import DeskScreen

LABEL_WIDTH = 14
Part = str | tuple[str, str]


def _when(value: date | datetime | None) -> str:
    """A bookkeeping time in the local zone, to the minute."""
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if value else ""


def _slip(days: int) -> str:
    if days == 0:
        return "on baseline"
    return f"{days:+d} day{'s' if abs(days) != 1 else ''} {'late' if days > 0 else 'early'}"


class RecordDetail(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q", "dismiss", "Close", id="detail.close"),
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("o", "open_note", "Open its note", id="detail.note"),
        Binding("j", "scroll(1)", "Down", show=False, id="detail.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="detail.up"),
    ]
    DEFAULT_CSS = """
    RecordDetail { align: center middle; }
    RecordDetail #detail {
        width: 100%; max-width: 100; height: auto; max-height: 100%;
        border: round $primary; border-title-style: bold;
        border-subtitle-color: $text-muted; background: $surface;
    }
    RecordDetail #detail-scroll { height: auto; max-height: 100%; padding: 0 1; }
    """

    def __init__(self, desk_screen: DeskScreen, kind: str, record_id: int) -> None:
        super().__init__()
        self.desk_screen = desk_screen
        self.kind = kind
        self.record_id = record_id
        self.record: Record | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="detail") as frame:
            frame.border_title = f"{self.kind.capitalize()} {self.record_id}"
            with VerticalScroll(id="detail-scroll"):
                yield Static(id="detail-body")

    def on_mount(self) -> None:
        self.show_record()
        self.query_one("#detail-scroll").focus()

    def show_record(self, _saved: Any = None) -> None:
        """(Re)read the record from the store and draw it."""
        try:
            self.record = self.desk_screen._repo(self.kind).get(self.record_id)
        except UserError as error:
            self.app.notify(str(error), severity="error")
            self.dismiss()
            return
        record = self.record
        keys = f"{key_of(self, 'detail.edit')} edit · {key_of(self, 'detail.close')} close"
        if isinstance(record, Action) and record.note_id:
            keys = f"{key_of(self, 'detail.note')} its note · {keys}"
        self.query_one("#detail").border_subtitle = keys
        self.query_one("#detail-body", Static).update(Content.assemble(*self.lines(record)))

    # -- what is shown ---------------------------------------------------------------------

    def lines(self, record: Record) -> list[Part]:
        parts: list[Part] = []
        today = self.app.today()

        def row(label: str, value: str, style: str = "") -> None:
            parts.append((f"{label:<{LABEL_WIDTH}}", "$text-muted"))
            parts.append((safe_text(value), style) if style else safe_text(value))
            parts.append("\n")

        for field in FIELDS[self.kind]:
            value = show_value(field, getattr(record, field.name, None))
            when = getattr(record, field.name, None)
            if field.kind in ("date", "day") and when and format_date(when, today) != value:
                value = f"{value}  ({format_date(when, today)})"
            row(field.label, value, "bold" if field.name == "title" else "")
        if isinstance(record, Milestone):
            slip = record.slip_days
            row("Slip", _slip(slip), "$warning" if slip > 0 else "")
            row("State", record.state(today))
            if record.done_on:
                row("Done on", record.done_on.isoformat())
        elif isinstance(record, Action):
            self._action_links(record, row)
        elif isinstance(record, Risk):
            row("Score", f"{record.score} ({record.band})")
        row("Created", _when(record.created))
        row("Updated", f"{_when(record.updated)}  (revision {record.rev})")
        if isinstance(record, Milestone):
            parts.extend(self._moves(record))
        elif isinstance(record, Risk) and record.history:
            parts.append(("\nScore history\n", "bold"))
            for entry in record.history:
                parts.append(
                    f"  {_when(datetime.fromisoformat(entry['at']))}  was "
                    f"P{entry.get('probability')} × I{entry.get('impact')}\n"
                )
        return parts

    def _action_links(self, action: Action, row) -> None:
        desk = self.desk_screen.desk
        if action.done_at:
            row("Done at", _when(action.done_at))
        if action.owner and action.is_open:
            row("Waiting for", action.owner)
        links = (
            ("From note", action.note_id, desk.notes),
            ("Milestone", action.milestone_id, desk.milestones),
            ("Risk", action.risk_id, desk.risks),
        )
        for label, linked_id, repo in links:
            if not linked_id:
                continue
            try:
                title = repo.get(linked_id).title
            except UserError:
                title = "(no longer there)"
            row(label, f"{linked_id}: {title}")
        if action.note_line:
            row("Note line", f"- [ ] {action.note_line}")

    def _moves(self, milestone: Milestone) -> list[Part]:
        if not milestone.moves:
            return [("\nNever moved.\n", "$text-muted")]
        count = len(milestone.moves)
        parts: list[Part] = [(f"\nMoves ({count})\n", "bold")]
        for move in milestone.moves:
            try:
                days = (date.fromisoformat(move["to"]) - date.fromisoformat(move["from"])).days
                shift = f"{days:+d}d"
                at = _when(datetime.fromisoformat(move["at"]))
            except (KeyError, TypeError, ValueError):
                shift, at = "", str(move.get("at", ""))
            parts.append(f"  {at}  {move.get('from', '?')} → {move.get('to', '?')} {shift:>6}  ")
            reason = str(move.get("reason") or "")
            parts.append((safe_text(reason), "") if reason else ("no reason given", "$text-muted"))
            parts.append("\n")
        return parts

    # -- keys ------------------------------------------------------------------------------

    def action_scroll(self, step: int) -> None:
        self.query_one("#detail-scroll", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_edit(self) -> None:
        if self.kind == "note":
            return
        self.desk_screen.open_form(self.kind, self.record_id, on_saved=self.show_record)

    def action_open_note(self) -> None:
        record = self.record
        if isinstance(record, Action) and record.note_id:
            self.desk_screen.open_note(record.note_id, read_only=True)
        else:
            self.app.notify("This record did not come from a meeting note.", timeout=3)
