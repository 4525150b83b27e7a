"""Values the calendar feed takes from config.toml and the rule language: the reminder,
the grace period for removed records, and the RRULE of an every: rule."""

from __future__ import annotations

import re
from datetime import timedelta

from store.errors import UserError

GRACE_DAYS = 30  # how long a removed record stays in the feed as cancelled
# An ISO 8601 duration with at least one number: "P" and "PT" name no time at all.
_DURATION = re.compile(r"[+-]?P(?=\d|T\d)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?")
_FREQUENCIES = {"d": "DAILY", "w": "WEEKLY", "m": "MONTHLY", "y": "YEARLY"}
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def duration(text: str, what: str, example: str) -> timedelta:
    from icalendar import vDuration

    if not isinstance(text, str) or not _DURATION.fullmatch(text):
        raise UserError(f"{what} {text!r} is not an ISO duration such as {example}")
    return vDuration.from_ical(text)


def reminder_trigger(alarm: str) -> str:
    """The TRIGGER of a reminder `alarm` ("-P1D": a day before the start)."""
    from icalendar import vDuration

    before = duration(alarm, "alarm", "-PT15M or -P1D")
    if before > timedelta(0):
        raise UserError(
            f"alarm {alarm!r} would remind after the start: use a negative duration "
            "such as -P1D (a day before) or PT0S (at the start)"
        )
    return vDuration(before).to_ical().decode()


def grace_days_of(config: dict) -> int:
    """`calendar_grace_days` from config.toml: days a removed record stays cancelled."""
    value = config.get("calendar_grace_days", GRACE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError(f"calendar_grace_days {value!r} in config.toml must be a whole number >= 0")
    return value


def rrule_of(recur: str) -> tuple[str, set[int] | None] | None:
    """The RRULE of an every: rule, and the weekdays it is limited to (None: any day)."""
    from store.dates import WEEKDAYS, DateError, parse_recurrence

    try:
        rule = parse_recurrence(recur)
    except DateError:
        return None  # a rule this version cannot read: the occurrence is shown on its own
    rule = {"day": "1d", "week": "1w", "month": "1m", "year": "1y"}.get(rule, rule)
    match = re.fullmatch(r"(\d+)([dwmy])", rule)
    if match:
        interval = f";INTERVAL={match[1]}" if match[1] != "1" else ""
        return f"FREQ={_FREQUENCIES[match[2]]}{interval}", None
    days = range(5) if rule == "weekday" else [WEEKDAYS.index(day) for day in rule.split(",")]
    return "FREQ=WEEKLY;BYDAY=" + ",".join(_BYDAY[day] for day in days), set(days)


def ical_duration(value: timedelta) -> str:
    from icalendar import vDuration

    return vDuration(value).to_ical().decode()
