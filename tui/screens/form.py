"""The edit form: every field of an action, milestone or risk, validated inline.

A bad field shows its error under it and the form stays open with what was typed. A field
of a stored record that nobody edited keeps its stored value exactly: it is not read back
from the text shown (which shows control characters as ␛, ␇...), nor over a newer version
saved elsewhere meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from store.errors import StaleEditError, UserError
from store.fields import FIELDS, PRIORITIES, Field, read_value, show_value
from store.models import Action, Milestone, Record, Risk
from store.text import safe_text
from tui.screen_styles import add_screen_styles
from tui.widgets.stored_input import StoredInput

__all__ = ["FIELDS", "PRIORITIES", "Field", "RecordForm", "read_value", "show_value"]

NEW_RECORDS: dict[str, Callable[[date], Record]] = {
    "action": lambda today: Action(title=""),
    "milestone": lambda today: Milestone(title="", forecast=today),
    "risk": lambda today: Risk.new(today, title=""),
}


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
        add_screen_styles(self.app)  # its rules are in tui/screens.tcss
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
                        value = "" if blank else show_value(field, getattr(self.record, field.name))
                        yield StoredInput(
                            value,
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
        error.update(safe_text(message))
        error.display = bool(message)

    def values(self) -> dict[str, Any] | None:
        """The typed values, or None after marking every bad field."""
        values: dict[str, Any] = {}
        first_bad = None
        for field in self.fields:
            typed = self.query_one(f"#field-{field.name}", StoredInput)
            try:
                if typed.untouched and self.record.id:
                    values[field.name] = getattr(self.record, field.name)
                else:
                    values[field.name] = read_value(field, typed.text, self.today)
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
        message.update(safe_text(text))
        message.display = bool(text)
        message.add_class("-error")
