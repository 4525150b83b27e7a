"""iCalendar export: milestones (and dated actions) as events a calendar can subscribe to.

The output is safe to re-import and re-subscribe: UIDs are stable for the life of a record,
SEQUENCE comes from the record, and DTSTAMP / LAST-MODIFIED come from the record's `updated`
time rather than the clock, so exporting unchanged data gives a byte-identical file.
Every event is all-day with an exclusive end (the day after), except actions due at a time.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid5

from icalendar import Calendar, vDuration, vText

from store.errors import UserError
from store.models import Action, Milestone

# Fixed forever: changing it would give every exported record a new UID, and every
# subscribed calendar would show each event twice.
NAMESPACE = UUID("6f1c9a52-3e0b-5d7e-9c41-0a2b8d4e7f13")
PRODID = "-//opsdesk//opsdesk calendar export//EN"
DONE_MARK = "✓ "
TIMED_ACTION_LENGTH = timedelta(minutes=30)
# RFC 5545 TEXT allows no control character but tab (newlines are escaped as \n).
_CONTROLS = dict.fromkeys([*range(9), *range(11, 32), 127])


def calendar_uid(file_id: str, kind: str, record_id: int) -> str:
    """The UID of a record's event: the same on every export, distinct across data files."""
    return f"{uuid5(NAMESPACE, f'{file_id}/{kind}/{record_id}')}@opsdesk"


def _duration(text: str, what: str) -> timedelta:
    try:
        return vDuration.from_ical(text)
    except ValueError as err:  # icalendar's InvalidCalendar is a ValueError
        raise UserError(f"{what} {text!r} is not an ISO duration such as PT1H or -P1D") from err


def _text(value: str) -> str:
    # A pasted terminal escape or NUL must not make the whole file unreadable.
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def _days(count: int) -> str:
    signed = f"{count:+d}" if count else "0"
    return f"{signed} day" if abs(count) == 1 else f"{signed} days"


def _milestone_description(milestone: Milestone, today: date) -> str:
    lines = [f"Owner: {milestone.owner}"] if milestone.owner else []
    lines.append(f"Status: {milestone.state(today)}")
    if milestone.baseline:
        lines.append(f"Baseline: {milestone.baseline.isoformat()}")
    lines.append(f"Slip: {_days(milestone.slip_days)}")
    if milestone.done_on:
        lines.append(f"Done: {milestone.done_on.isoformat()}")
    if milestone.description:
        lines += ["", milestone.description]
    return "\n".join(lines)


def _action_description(action: Action) -> str:
    lines = [f"Owner: {action.owner}"] if action.owner else []
    lines.append(f"Status: {action.status}")
    if action.notes:
        lines += ["", action.notes]
    return "\n".join(lines)


# Events are written as content lines here rather than built as icalendar Event objects:
# icalendar's per-property objects and folding took ~0.7 ms an event, a third of a second for
# 500 milestones on every export. The lines are exactly what icalendar writes (its property
# order, TEXT escaping and folding); icalendar still writes the calendar's own properties.
_EVENT_ORDER = ("SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "SEQUENCE")  # then A-Z


def _escaped(text: str) -> str:
    """RFC 5545 TEXT escaping, with icalendar's replacements in icalendar's order."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _folded(line: str) -> str:
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


def _when(value: date | datetime) -> str:
    """A DTSTART/DTEND value with its parameter: all-day dates, floating local times."""
    day = f"{value.year:04}{value.month:02}{value.day:02}"
    if isinstance(value, datetime):
        return f":{day}T{value.hour:02}{value.minute:02}{value.second:02}"
    return f";VALUE=DATE:{day}"


def _event(
    record: Milestone | Action,
    *,
    uid: str,
    start: date | datetime,
    end: date | datetime,
    sequence: int,
    description: str,
    alarm: str | None,
) -> tuple[tuple[str, str], list[str]]:
    """The event's sort key (start, uid) and its content lines, unfolded."""
    # The record's own time, not the clock: an unchanged record exports identical bytes.
    stamp = _when(record.updated.astimezone(UTC))[1:] + "Z"
    summary = _escaped(_text((DONE_MARK if record.status == "done" else "") + record.title))
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{summary}",
        f"DTSTART{_when(start)}",
        f"DTEND{_when(end)}",
        f"DTSTAMP:{stamp}",
        f"UID:{_escaped(uid)}",
        f"SEQUENCE:{sequence}",
    ]
    if record.project:
        lines.append(f"CATEGORIES:{_escaped(_text(record.project))}")
    lines += [
        f"DESCRIPTION:{_escaped(_text(description))}",
        f"LAST-MODIFIED:{stamp}",
        "STATUS:CANCELLED" if record.status == "cancelled" else "STATUS:CONFIRMED",
        # Milestones and reminders mark a day, they do not make a person busy.
        "TRANSP:TRANSPARENT",
    ]
    if alarm is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary}",
            f"TRIGGER:{alarm}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return (start.isoformat(), uid), lines


def _milestone_event(
    m: Milestone, file_id: str, today: date, alarm: str | None
) -> tuple[tuple[str, str], list[str]]:
    return _event(
        m,
        uid=m.uid or calendar_uid(file_id, "milestone", m.id),
        start=m.forecast,
        end=m.forecast + timedelta(days=1),
        sequence=m.sequence,
        description=_milestone_description(m, today),
        alarm=alarm,
    )


def _action_event(
    action: Action, file_id: str, alarm: str | None
) -> tuple[tuple[str, str], list[str]]:
    # A due date-time stays floating (naive) local time: 09:00 wherever the reader is.
    due = action.due
    assert due is not None
    length = TIMED_ACTION_LENGTH if isinstance(due, datetime) else timedelta(days=1)
    return _event(
        action,
        uid=calendar_uid(file_id, "action", action.id),
        start=due,
        end=due + length,
        sequence=action.rev,
        description=_action_description(action),
        alarm=alarm,
    )


def export_ics(
    milestones: Iterable[Milestone],
    actions: Iterable[Action] = (),
    *,
    file_id: str,
    name: str = "opsdesk",
    alarm: str | None = None,
    refresh: str = "PT1H",
    today: date | None = None,
) -> bytes:
    """The calendar as bytes: milestones, and the dated, not cancelled actions, as events.

    `alarm` is an ISO duration relative to the event start ("-P1D"), None for no reminder;
    `refresh` how often subscribers should reload. `today` decides late vs on track.
    """
    reminder = None
    if alarm is not None:
        reminder = vDuration(_duration(alarm, "alarm")).to_ical().decode()
    interval = _duration(refresh, "refresh interval")
    if interval <= timedelta(0):
        raise UserError(f"refresh interval {refresh!r} must be longer than zero")
    today = today or date.today()

    events = [_milestone_event(m, file_id, today, reminder) for m in milestones]
    events += [
        _action_event(a, file_id, reminder)
        for a in actions
        if a.due is not None and a.status != "cancelled"
    ]
    # All-day events sort before timed ones on the same day ("2026-05-01" < "2026-05-01T09:00").
    events.sort(key=lambda event: event[0])

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # vText by hand: icalendar would write these two unescaped, so "a, b" would read as a list.
    calendar.add("name", vText(_text(name)))
    calendar.add("x-wr-calname", vText(_text(name)))  # Google reads only this one
    # icalendar's refresh_interval setter leaves out VALUE=DURATION, which RFC 7986 requires.
    calendar.add("refresh-interval", interval, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(interval))
    head = calendar.to_ical().decode()
    end = "END:VCALENDAR\r\n"
    assert head.endswith(end)
    body = "".join(_folded(line) + "\r\n" for _, lines in events for line in lines)
    return (head[: -len(end)] + body + end).encode()


def write_ics_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a reader sees the old file or the new one.

    A new file is private (0600); an existing one keeps its mode, so a file a web server
    publishes stays readable.
    """
    target = Path(os.path.realpath(path))  # through a symlink, not over it
    temp_name = None
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o600
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fchmod(temp.fileno(), mode)
            os.fsync(temp.fileno())
        os.replace(temp_name, target)
        temp_name = None
        _fsync_dir(target.parent)
    except OSError as err:
        raise UserError(f"cannot write {path}: {err.strerror or err}") from err
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; some file systems refuse to sync a folder, which is fine.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
