"""People (o): everyone who owns something or sits in the meetings, with what they owe,
what is overdue, how long the PM has been waiting and their last and next meeting; `y`
copies a short, polite nudge listing what is outstanding."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.dates import format_date
from store.people import Person, nudge, people
from tui.widgets.virtual_list import Column, Row, VirtualList

if TYPE_CHECKING:
    from store.repository import Desk

COLUMNS = [
    Column("name", "Person", min_width=8),
    Column("open", "Owes", align="right", fit=True, shrink=False),
    Column("late", "Late", align="right", fit=True, shrink=False),
    Column("wait", "Waiting", align="right", fit=True, shrink=False),
    Column("oldest", "Oldest ask", min_width=8),
    Column("last", "Last met", align="right", fit=True, shrink=False),
    Column("next", "Next", align="right", fit=True, shrink=False),
]


def person_rows(found: list[Person], today: date) -> list[Row]:
    rows = []
    for who in found:
        oldest = who.waiting[0] if who.waiting else None
        rows.append(
            Row(
                ("person", who.name),
                [
                    who.name,
                    str(len(who.open)) if who.open else "",
                    (str(len(who.overdue)), "vlist--error") if who.overdue else "",
                    f"{oldest.days}d" if oldest else "",
                    oldest.action.title if oldest else "",
                    format_date(who.last_meeting.start.date(), today) if who.last_meeting else "",
                    format_date(who.next_meeting.start.date(), today) if who.next_meeting else "",
                ],
                search=f"{who.name}\n" + "\n".join(a.title for a in who.open),
            )
        )
    return rows


class PeopleScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q", "dismiss", "Close", id="people.close"),
        Binding("y", "nudge", "Copy nudge", id="people.nudge"),
    ]
    DEFAULT_CSS = """
    PeopleScreen #people { border: round $primary; background: $surface; }
    PeopleScreen #people-keys { height: 1; color: $text-muted; }
    """

    def __init__(self, desk: Desk, today: date) -> None:
        super().__init__()
        self.today = today
        self.people = people(
            desk.actions.all(),
            desk.notes.all(bodies=False),
            desk.milestones.all(),
            desk.risks.all(),
            today,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="people") as frame:
            frame.border_title = f"People · {len(self.people)}"
            yield VirtualList(COLUMNS, id="people-list")
            yield Static(Content("y: copy a nudge for this person · Esc: close"), id="people-keys")

    def on_mount(self) -> None:
        rows = self.query_one(VirtualList)
        rows.empty_text = "Nobody yet: owners (@name) and meeting attendees show here."
        rows.set_rows(person_rows(self.people, self.today))
        rows.focus()

    def action_nudge(self) -> None:
        key = self.query_one(VirtualList).current_key
        who = next((p for p in self.people if key == ("person", p.name)), None)
        if who is None:
            return
        self.app.copy_to_clipboard(nudge(who, self.today))
        self.notify(Content(f"Nudge for {who.name} copied: paste it into chat or mail."))
