"""The fields of each kind and how typed text becomes a value: one code path for the TUI's
edit form and `opsdesk edit` (dates in the date language, lists comma separated, an empty
owner empties it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from store.dates import as_date, parse_date, parse_recurrence
from store.errors import UserError
from store.models import ACTION_STATUSES, MILESTONE_STATUSES, PRIORITY_NAMES, RISK_STATUSES

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


# A note's own editor is not the form, but `opsdesk edit note` reads its fields the same way;
# `body` is handled by the note save path (its action lines), see tui/cli/records.py.
NOTE_FIELDS: list[Field] = [
    Field("title", "Title", "required"),
    Field("start", "Start", "date", hint="2026-11-20 14:30, today"),
    Field("attendees", "Attendees", "list", hint="comma separated"),
    Field("project", "Project"),
    Field("body", "Body", hint="- reads it from stdin"),
]
EDIT_FIELDS: dict[str, list[Field]] = {**FIELDS, "note": NOTE_FIELDS}


def read_assignments(kind: str, assignments: list[str], today: date) -> dict[str, Any]:
    """`FIELD=VALUE` texts as field values of `kind`; for an action, quick-add tokens too
    (`@dave due:fri !high`). UserError names the first bad field or token."""
    fields = {field.name: field for field in EDIT_FIELDS[kind]}
    values: dict[str, Any] = {}
    loose: list[str] = []
    for text in assignments:
        name, equals, value = text.partition("=")
        name = name.strip().lower()
        if not equals or not name.isidentifier():
            loose.append(text)
            continue
        field = fields.get(name)
        if field is None:
            raise UserError(_unknown_field(kind, name))
        try:
            values[name] = read_value(field, value, today)
        except UserError as error:
            raise UserError(f"{name}={value!r}: {error}") from None
    if loose:
        values.update(_quick_tokens(kind, loose, today))
    if not values:
        raise UserError(f"nothing to change; give FIELD=VALUE ({', '.join(fields)})")
    return values


def _unknown_field(kind: str, name: str) -> str:
    names = ", ".join(field.name for field in EDIT_FIELDS[kind])
    others = [k for k, fields in EDIT_FIELDS.items() if any(f.name == name for f in fields)]
    has = f" ({' and '.join(_a(k) for k in others)} {'has' if len(others) == 1 else 'have'} it)"
    return f"{_a(kind)} has no field {name!r}{has if others else ''}; its fields: {names}"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


_PLACEHOLDER = "opsdesk-edit-title"


def _quick_tokens(kind: str, words: list[str], today: date) -> dict[str, Any]:
    from store.quickadd import parse_quickadd

    if kind != "action":
        raise UserError(f"expected FIELD=VALUE, got {words[0]!r}")
    # The grammar wants a title; a placeholder one is taken off again, so any other word
    # left in the title is one that is neither a token nor FIELD=VALUE.
    parsed = parse_quickadd(" ".join([_PLACEHOLDER, *words]), today=today)
    parsed.title = parsed.title.removeprefix(_PLACEHOLDER).strip()
    if parsed.title:
        raise UserError(
            f"expected FIELD=VALUE or a quick-add token (@owner +project #tag !high due:fri "
            f"every:mon), got {parsed.title.split()[0]!r}; a new title is title=..."
        )
    given = {
        "owner": parsed.owner,
        "project": parsed.project,
        "add_tags": parsed.tags,  # #tag adds to the tags; tags=a,b sets them
        "priority": parsed.priority,
        "due": parsed.due,
        "recur": parsed.recur,
    }
    return {name: value for name, value in given.items() if value not in ("", [], None)}
