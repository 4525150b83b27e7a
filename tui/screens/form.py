"""The edit form: every field of an action, milestone or risk, validated inline.

A bad field shows its error under it and the form stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from store.dates import parse_date, parse_recurrence
from store.errors import StaleEditError, UserError
from store.models import (
    ACTION_STATUSES,
    MILESTONE_STATUSES,
    PRIORITY_NAMES,
    RISK_STATUSES,
    Action,
    Milestone,
    Record,
    Risk,
    as_date,
)

PRIORITIES = {"": None, "high": 1, "med": 2, "medium": 2, "low": 3, "1": 1, "2": 2, "3": 3}


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text, required, date, day, choice, score, int, list, recur, priority
    choices: tuple[str, ...] = ()
    hint: str = ""


FIELDS: dict[str, list[Field]] = {
    "action": [
        Field("title", "Title", "required"),
        Field("status", "Status", "choice", ACTION_STATUSES),
        Field("due", "Due", "date", hint="fri, +3d, 2026-12-01, 2026-12-01T14:00"),
        Field("priority", "Priority", "priority", hint="high, med, low or empty"),
        Field("owner", "Owner", hint="empty: mine; a name: waiting for them"),
        Field("project", "Project"),
        Field("tags", "Tags", "list", hint="comma separated"),
        Field("recur", "Repeats", "recur", hint="mon, weekly, 2w, weekday"),
        Field("notes", "Notes"),
    ],
    "milestone": [
        Field("title", "Title", "required"),
        Field("forecast", "Forecast", "day", hint="the date it will happen now"),
        Field("baseline", "Baseline", "day", hint="first planned date (empty: forecast)"),
        Field("project", "Project"),
        Field("owner", "Owner"),
        Field("status", "Status", "choice", MILESTONE_STATUSES),
        Field("description", "Description"),
    ],
    "risk": [
        Field("title", "Title", "required"),
        Field("probability", "Probability", "score", hint="1-5"),
        Field("impact", "Impact", "score", hint="1-5"),
        Field("owner", "Owner"),
        Field("project", "Project"),
        Field("status", "Status", "choice", RISK_STATUSES),
        Field("trigger", "Trigger"),
        Field("mitigation", "Mitigation"),
        Field("contingency", "Contingency"),
        Field("review", "Next review", "date", hint="fri, +2w, 2026-12-01"),
        Field("review_days", "Review every", "int", hint="days"),
    ],
}

NEW_RECORDS: dict[str, Callable[[date], Record]] = {
    "action": lambda today: Action(title=""),
    "milestone": lambda today: Milestone(title="", forecast=today),
    # A new risk is first reviewed one interval from now, not due the moment it is stored.
    "risk": lambda today: Risk(title="", review=today + timedelta(days=Risk(title="").review_days)),
}


def show_value(field: Field, value: Any) -> str:
    if value is None:
        return ""
    if field.kind == "list":
        return ", ".join(value)
    if field.kind == "priority":
        return PRIORITY_NAMES.get(value, "")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_value(field: Field, text: str, today: date) -> Any:
    """Turn what was typed into the field's value; raise UserError with a short reason."""
    text = text.strip()
    kind = field.kind
    if kind == "required":
        if not text:
            raise UserError("must not be empty")
        return text
    if kind == "date":
        return parse_date(text, today=today) if text else None
    if kind == "day":
        return as_date(parse_date(text, today=today)) if text else None
    if kind == "choice":
        if text not in field.choices:
            raise UserError(f"one of {', '.join(field.choices)}")
        return text
    if kind == "priority":
        if text.lower().lstrip("!") not in PRIORITIES:
            raise UserError("high, med, low or empty")
        return PRIORITIES[text.lower().lstrip("!")]
    if kind in ("score", "int"):
        if not text.isdigit() or (kind == "score" and not 1 <= int(text) <= 5):
            raise UserError("a number from 1 to 5" if kind == "score" else "a whole number")
        return int(text)
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    if kind == "recur":
        return parse_recurrence(text) if text else ""
    return text


class RecordForm(ModalScreen[Record | None]):
    """Edit one record; `save` stores it (and may raise UserError, shown in the form)."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(
        self,
        kind: str,
        record: Record | None,
        save: Callable[[Record], Record],
        reload: Callable[[int], Record],
        today: date,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.today = today
        self.record = record or NEW_RECORDS[kind](today)
        self.save_record = save
        self.reload = reload
        self.fields = FIELDS[kind]

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.record.id else "New"
        with Vertical(id="form"):
            title = f"{verb} {self.kind}" + (f" {self.record.id}" if self.record.id else "")
            yield Static(title, id="form-title")
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(field.label, classes="form-label")
                        blank = not self.record.id and field.name == "baseline"
                        yield Input(
                            "" if blank else show_value(field, getattr(self.record, field.name)),
                            placeholder=field.hint or " / ".join(field.choices),
                            id=f"field-{field.name}",
                            classes="form-input",
                        )
                    # Errors quote what was typed: plain text, never markup.
                    yield Static("", id=f"error-{field.name}", classes="form-error", markup=False)
            yield Static("", id="form-message", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save  ctrl+s", id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#form-message", Static).display = False
        self.query_one(f"#field-{self.fields[0].name}", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _set_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.display = bool(message)

    def values(self) -> dict[str, Any] | None:
        """The typed values, or None after marking every bad field."""
        values: dict[str, Any] = {}
        first_bad = None
        for field in self.fields:
            text = self.query_one(f"#field-{field.name}", Input).value
            try:
                values[field.name] = read_value(field, text, self.today)
                self._set_error(field.name, "")
            except UserError as error:
                self._set_error(field.name, f"{field.label}: {error}")
                first_bad = first_bad or field.name
        if first_bad:
            self.query_one(f"#field-{first_bad}", Input).focus()
            return None
        return values

    def action_save(self) -> None:
        values = self.values()
        if values is None:
            return
        if self.kind == "milestone" and values.get("baseline") is None:
            values["baseline"] = values["forecast"]
        try:
            saved = self.save_record(self.record.copy(**values))
        except StaleEditError:
            # Keep what was typed; saving again applies it over the newer version, knowingly.
            self.record = self.reload(self.record.id)
            self._say(
                f"This {self.kind} was changed elsewhere since you opened it. "
                "Save again to overwrite it with what you typed, or Esc to drop your edit."
            )
            return
        except UserError as error:
            self._say(str(error))
            return
        self.dismiss(saved)

    def _say(self, text: str) -> None:
        message = self.query_one("#form-message", Static)
        message.update(text)
        message.display = bool(text)
        message.add_class("-error")
