"""iCalendar content lines written by hand: TEXT escaping, folding and date values.

icalendar's per-property objects and folding took ~0.7 ms an event, a third of a second for
500 milestones on every export, so events are written as lines here, in icalendar's shape.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

# RFC 5545 TEXT allows no control character but tab (newlines are escaped as \n).
_CONTROLS = dict.fromkeys([*range(9), *range(11, 32), 127])


def clean(value: str) -> str:
    """Text without CR or control characters: a pasted escape must not spoil the file."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def escaped(text: str) -> str:
    """RFC 5545 TEXT escaping of exactly what was typed.

    icalendar turns a typed backslash-N into a line break first; that is not done here, so
    `C:\\New` stays a backslash and an N for every reader.
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def text_value(value: str) -> str:
    """A TEXT property value from user text: cleaned, then escaped."""
    return escaped(clean(value))


def folded(line: str) -> str:
    """`line` folded as icalendar folds it: under 75 octets a line, never inside a UTF-8
    character, and never right after a backslash (some readers then lose the escape)."""
    if len(line) < 75 and line.isascii():
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= 75:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            parts.append("".join(current))
            current = [carried] if carried else []
            size = len(carried.encode())
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def basic(value: date | datetime) -> str:
    """20260504 or 20260504T093000: the basic ISO form iCalendar uses."""
    day = f"{value.year:04}{value.month:02}{value.day:02}"
    if isinstance(value, datetime):
        return f"{day}T{value.hour:02}{value.minute:02}{value.second:02}"
    return day


def when(value: date | datetime, zone: str) -> str:
    """A date property's parameters and value: all-day dates, or local times in `zone`."""
    if isinstance(value, datetime):
        return f";TZID={zone}:{basic(value)}"
    return f";VALUE=DATE:{basic(value)}"


def utc_stamp(value: datetime) -> str:
    return basic(value.astimezone(UTC)) + "Z"
