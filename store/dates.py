"""The date and recurrence language shared by the command line and the TUI.

Dates a person types (any case):

- ``today``, ``tomorrow``, ``yesterday``
- weekday names, full or three letters (``fri``, ``Friday``): the next such day strictly
  after today, so ``fri`` typed on a Friday is a week later
- ``+3d``, ``+2w``, ``+1m``, ``+1y``: that long from today (calendar months and years);
  ``-1d``, ``-2w``: that long ago
- a time of day alone (``14:00``, ``2pm``: today at that time) or after any of the words
  above (``fri 14:00``, ``tomorrow 8am``, ``+2d 10:00``)
- ``eow``: the end of the working week, Friday. Today if today is Friday; on a weekend,
  the Friday of the coming week. A PM's week ends when the people they chase go home.
- ``eom``: the last day of this month
- ISO ``2026-12-01``, or ``2026-12-01T14:00`` / ``2026-12-01 14:00`` for a date-time
- what python-dateutil reads when it names a month and a day: ``dec 5``, ``5 dec 2026``,
  ``12/5`` (month first), ``dec 5 2pm``. Without a year it is the next such day on or
  after today.

Every date is naive local time: a time zone in the text is refused rather than guessed.

Recurrence rules (``every:RULE``), normalised to the first form shown: ``day`` (``daily``),
``week`` (``weekly``), ``month`` (``monthly``), ``year`` (``yearly``, ``annually``),
``weekday`` (Monday to Friday), weekday lists ``mon,thu``, and intervals ``3d``, ``2w``,
``1m``, ``1y``.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta

from store.errors import UserError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NUMBERS = {
    **{name: number for number, name in enumerate(WEEKDAYS)},
    **{name: number for number, name in enumerate(_FULL_WEEKDAYS)},
    **{"tues": 1, "weds": 2, "thur": 3, "thurs": 3},
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
_OFFSET = re.compile(r"([+-])(\d{1,4})([dwmy])", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})|(\d{1,2})(?::(\d{2}))? ?([ap])m", re.ASCII)
EXAMPLES = "today, fri, +3d, dec 5, fri 14:00, 2026-12-01"
_INTERVAL = re.compile(r"([1-9]\d{0,2})([dwmy])", re.ASCII)
_RECUR_WORDS = {
    **dict.fromkeys(("day", "daily"), "day"),
    **dict.fromkeys(("week", "weekly"), "week"),
    **dict.fromkeys(("month", "monthly"), "month"),
    **dict.fromkeys(("year", "yearly", "annually"), "year"),
    **dict.fromkeys(("weekday", "weekdays"), "weekday"),
}
_WORD_INTERVALS = {"day": "1d", "week": "1w", "month": "1m", "year": "1y"}
# Two defaults that differ in every field: a field dateutil fills from the default comes
# out different in the two parses, so agreement means the text gave it. Both years are
# leap years so that "feb 29" reads in either.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0)
_DEFAULT_B = datetime(2004, 3, 2, 1, 1)
# The day the desk treats as today when it is not the calendar's (`opsdesk --today D`):
# one override read by every "today" in store/ and tui/, so a whole run agrees on it.
_today_override: date | None = None


def as_date(value: date | datetime | None) -> date | None:
    """The calendar day of a date or date-time."""
    if isinstance(value, datetime):
        return value.date()
    return value


def today() -> date:
    """Today for the desk: the `--today` override if one is set, else the calendar's.

    Housekeeping that moves or prunes data (daily backups, the archive pass) keeps the
    calendar's day on purpose: looking at the desk as of another day must not change it.
    """
    return _today_override or date.today()


def set_today(day: date | None) -> None:
    """Make `today()` return `day` (None: the calendar's today again)."""
    global _today_override
    _today_override = day


_current_day = today  # for functions whose `today` parameter hides the function


class DateError(UserError):
    """A date or repeat rule that could not be read; the message names the text."""


def parse_date(text: str, today: date | None = None) -> date | datetime:
    """The date (or naive local date-time) that `text` names, relative to `today`."""
    today = today or _current_day()
    cleaned = text.strip()
    try:
        value = _named_date(cleaned.lower(), today) or _timed_named_date(cleaned.lower(), today)
        value = value or _iso_date(cleaned) or _free_date(cleaned, today)
    except (ValueError, OverflowError):
        # Offsets past year 9999 and similar: the text was read but names no real date.
        value = None
    if value is None:
        raise DateError(f"cannot read date {cleaned!r} (try {EXAMPLES})")
    return value


def _named_date(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "eow":
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if word == "eom":
        from calendar import monthrange  # with locale: a few ms most commands need not pay

        return today.replace(day=monthrange(today.year, today.month)[1])
    if word in _WEEKDAY_NUMBERS:
        return today + timedelta(days=(_WEEKDAY_NUMBERS[word] - today.weekday() - 1) % 7 + 1)
    match = _OFFSET.fullmatch(word)
    if match:
        amount = int(match[2]) * (-1 if match[1] == "-" else 1)
        return today + _offset(_UNITS[match[3]], amount)
    return None


def _offset(unit: str, amount: int):
    """`amount` days, weeks, months or years, to add to a date (dateutil is imported only
    here: most commands never count in months)."""
    from dateutil.relativedelta import relativedelta

    return relativedelta(**{unit: amount})


def _timed_named_date(text: str, today: date) -> datetime | None:
    """``14:00`` (today), or a named day followed by a time: ``fri 14:00``."""
    day_word, _, time_word = text.rpartition(" ")
    clock = _time_of_day(time_word)
    if clock is None:
        return None
    day = _named_date(day_word.strip(), today) if day_word.strip() else today
    if day is None:
        return None
    return datetime.combine(day, clock)


def _time_of_day(word: str) -> time | None:
    match = _TIME.fullmatch(word)
    if match is None:
        return None
    if match[1] is not None:
        hour, minute = int(match[1]), int(match[2])
    else:
        hour, minute = int(match[3]), int(match[4] or 0)
        if not 1 <= hour <= 12:
            raise ValueError("a 12-hour clock runs from 1 to 12")
        hour = hour % 12 + (12 if match[5] == "p" else 0)
    return time(hour, minute)  # ValueError past 23:59 is caught by parse_date


def _iso_date(text: str) -> date | datetime | None:
    # date first: datetime.fromisoformat would read a bare date as midnight.
    for reader in (date.fromisoformat, datetime.fromisoformat):
        try:
            value = reader(text)
        except ValueError:
            continue
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise _zone_error(text)
        return value
    return None


def _free_date(text: str, today: date) -> date | datetime | None:
    # Imported here: dateutil's parser (and the time zone code it pulls in) costs more to
    # import than the rest of the CLI, and only free-form dates need it.
    from dateutil import parser as dateutil_parser

    def zones(name: str | None, offset: int | None) -> None:
        if name is not None or offset is not None:
            raise _zone_error(text)

    try:
        first = dateutil_parser.parse(text, default=_DEFAULT_A, tzinfos=zones)
        second = dateutil_parser.parse(text, default=_DEFAULT_B, tzinfos=zones)
    except (ValueError, OverflowError):
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None  # a lone "dec" or "5" is too vague to be a due date
    day = first.date() if first.year == second.year else _next_yearly(first, today)
    if first.hour == second.hour:
        return datetime.combine(day, first.time())
    return day


def _next_yearly(month_day: datetime, today: date) -> date:
    """The next `month_day` on or after `today`; Feb 29 waits for a leap year."""
    # Leap years are at most eight years apart (2096 to 2104).
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month_day.month, month_day.day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise ValueError("no such day before the end of the calendar")


def _zone_error(text: str) -> DateError:
    return DateError(f"time zones are not supported in {text!r}: give the local time")


def parse_recurrence(rule: str) -> str:
    """The normalised form of a repeat rule (``daily`` -> ``day``, ``Thu,mon`` -> ``mon,thu``)."""
    word = rule.strip().lower()
    if word in _RECUR_WORDS:
        return _RECUR_WORDS[word]
    match = _INTERVAL.fullmatch(word)
    if match:
        return f"{match[1]}{match[2]}"
    days = [_WEEKDAY_NUMBERS.get(part) for part in word.split(",")]
    if None not in days:
        return ",".join(WEEKDAYS[number] for number in sorted(set(days)))
    raise DateError(
        f"cannot read repeat rule {rule.strip()!r} (try day, week, month, weekday, mon,thu, 2w)"
    )


def next_occurrence(rule: str, after: date) -> date:
    """The first date strictly after `after` that `rule` lands on.

    Steps count from `after` itself, so a monthly rule from Jan 31 gives Feb 28 and then
    Mar 28: the rule does not remember the day it started on. A date-time keeps its time.
    """
    normal = parse_recurrence(rule)
    day = as_date(after)
    try:
        following = _next_day(normal, day)
    except (ValueError, OverflowError, IndexError):  # IndexError: rrule found no day
        raise DateError(f"no date after {day.isoformat()} for every:{normal}") from None
    if isinstance(after, datetime):
        return datetime.combine(following, after.time())
    return following


def _next_day(rule: str, day: date) -> date:
    match = _INTERVAL.fullmatch(_WORD_INTERVALS.get(rule, rule))
    if match:
        return day + _offset(_UNITS[match[2]], int(match[1]))
    from dateutil.rrule import DAILY, rrule

    weekdays = range(5) if rule == "weekday" else [WEEKDAYS.index(p) for p in rule.split(",")]
    start = day + timedelta(days=1)
    return rrule(DAILY, byweekday=weekdays, dtstart=start, count=1)[0].date()


def format_date(value: date | datetime | None, today: date | None = None) -> str:
    """A short form for lists: today, tomorrow, Fri 27 Nov, or 2027-01-04 in another year."""
    if value is None:
        return ""
    # A time's zone is part of the key: times in two zones at one instant are equal keys.
    return _short_form(value, today or _current_day(), getattr(value, "tzinfo", None))


@functools.lru_cache(maxsize=4096)  # a list of thousands of rows has few distinct dates
def _short_form(value: date | datetime, today: date, _zone: object = None) -> str:
    day = as_date(value)
    if day == today:
        text = "today"
    elif (day - today).days == 1:
        text = "tomorrow"
    elif day.year == today.year:
        text = f"{WEEKDAYS[day.weekday()].title()} {day.day} {_MONTHS[day.month - 1]}"
    else:
        text = day.isoformat()
    if isinstance(value, datetime):
        text += f" {value:%H:%M}"
    return text


_SIGNED_OFFSET = re.compile(r"([+-])(\d{1,4})([dwmy])", re.ASCII)


def parse_date_from(text: str, base: date, today: date | None = None) -> date | datetime:
    """Like parse_date, but ``+3d`` / ``-1w`` / ``+1m`` count from `base` (a milestone's
    forecast when it moves) instead of from today; every other date reads as usual."""
    match = _SIGNED_OFFSET.fullmatch(text.strip().lower())
    if match is None:
        return parse_date(text, today)
    sign = 1 if match[1] == "+" else -1
    try:
        return base + _offset(_UNITS[match[3]], sign * int(match[2]))
    except (ValueError, OverflowError):
        raise DateError(
            f"{text.strip()} from {base.isoformat()} leaves the calendar (0001-01-01 to 9999-12-31)"
        ) from None
