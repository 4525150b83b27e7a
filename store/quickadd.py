"""The one-line capture grammar shared by ``opsdesk add``, the TUI's add box and note action lines.

    Call vendor about PO @alice +warehouse #contract !high due:fri every:mon

Tokens are separated by whitespace. A token that starts with

- ``@`` names the owner: someone else owns it, so it is a waiting-for
- ``+`` names the project
- ``#`` adds a tag (repeatable; a repeated tag is kept once)
- ``!`` sets the priority: ``!high``/``!1``, ``!med``/``!medium``/``!2``, ``!low``/``!3``
- ``due:`` sets the due date and ``every:`` the repeat rule, in the language of store.dates.
  A due date may run over the next words when they continue it: ``due:dec 5``,
  ``due:5 dec 2027``, ``due:fri 14:00``. Any other word after it stays in the title.

Every other token is title, in order, joined by single spaces. Only a token *starting*
with a marker counts, so ``mail bob@example.com`` keeps the address in the title, and a
leading backslash keeps a token literally (``reply on \\#12`` has the title
``reply on #12``). A marker with nothing after it, an unknown priority, and a second
owner, project, priority, due date or repeat rule are errors naming the token: guessing
which one was meant would store something the person did not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from store.dates import DateError, format_date, parse_date, parse_recurrence
from store.errors import UserError
from store.models import PRIORITY_NAMES

_PRIORITIES = {"high": 1, "1": 1, "med": 2, "medium": 2, "2": 2, "low": 3, "3": 3}
_WORD_MARKERS = ("due:", "every:")
_MONTH_NAMES = {
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december", "sept"),
    *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
}
_DAY = re.compile(r"\d{1,2}(st|nd|rd|th)?,?", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d{1,2}(:\d{2})?[ap]m", re.ASCII)
_CHAR_MARKERS = "@+#!"
# marker -> (QuickAdd field, plural for the "two of them" error, an example to suggest)
_MARKERS = {
    "@": ("owner", "owners", "@alice"),
    "+": ("project", "projects", "+warehouse"),
    "#": ("tags", "", "#contract"),
    "!": ("priority", "priorities", "!high"),
    "due:": ("due", "due dates", "due:fri"),
    "every:": ("recur", "repeat rules", "every:mon"),
}


@dataclass
class QuickAdd:
    """What one quick-add line says; empty fields were not given."""

    title: str
    owner: str = ""
    project: str = ""
    tags: list[str] = field(default_factory=list)
    priority: int | None = None  # 1 high, 2 medium, 3 low
    due: date | datetime | None = None
    recur: str = ""  # normalised by store.dates.parse_recurrence


class QuickAddError(UserError):
    """A quick-add line that cannot be read as written; the message names the token."""


def parse_quickadd(line: str, today: date | None = None) -> QuickAdd:
    """Read a quick-add line; dates are relative to `today` (default: the real today)."""
    result = QuickAdd(title="")
    words: list[str] = []
    given: dict[str, str] = {}  # field -> the token that set it
    tokens = line.split()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        marker = _marker(token)
        if marker is None:
            words.append(token[1:] if token.startswith("\\") and len(token) > 1 else token)
            continue
        name, plural, example = _MARKERS[marker]
        value = token[len(marker) :]
        if not value:
            raise QuickAddError(f"{token!r} needs something after it, like {example}")
        if name == "tags":
            if value not in result.tags:
                result.tags.append(value)
            continue
        if name in given:
            raise QuickAddError(f"two {plural}: {given[name]!r} and {token!r} (give one)")
        if name == "due":
            extra = _date_continuation(value, tokens[index:])
            value = " ".join([value, *tokens[index : index + extra]])
            token = " ".join(tokens[index - 1 : index + extra])
            index += extra
        given[name] = token
        setattr(result, name, _read_value(name, value, token, today))
    result.title = " ".join(words)
    if not result.title:
        raise QuickAddError("nothing to add: the title is empty")
    return result


def _marker(token: str) -> str | None:
    for marker in _WORD_MARKERS:
        if token[: len(marker)].lower() == marker:
            return marker
    if token[0] in _CHAR_MARKERS:
        return token[0]
    return None


def _read_value(name: str, value: str, token: str, today: date | None) -> object:
    if name == "priority":
        if value.lower() not in _PRIORITIES:
            raise QuickAddError(f"unknown priority {token!r} (use !high, !med, !low or !1-!3)")
        return _PRIORITIES[value.lower()]
    if name == "due":
        try:
            return parse_date(value, today)
        except DateError:
            hint = _due_hint(value)
            raise DateError(f"cannot read date {value!r} in {token!r} ({hint})") from None
    if name == "recur":
        return parse_recurrence(value)
    return value


def _date_continuation(value: str, following: list[str]) -> int:
    """How many of the `following` words continue the date begun by `value`.

    Only words that fill what the date still lacks count: a day after a month
    (``dec 5``), a month after a day (``5 dec``), a year after both, a time last. So
    ``due:fri 3 pallets`` keeps "3 pallets" in the title.
    """
    kinds = [_date_word_kind(word) for word in [value.lower(), *following[:3]]]
    taken = 0
    for kind in kinds[1:]:
        have = kinds[: taken + 1]
        fits = (
            (kind == "day" and have[-1] == "month")
            or (kind == "month" and have[-1] == "day")
            or (kind == "year" and {"day", "month"} <= set(have) and "year" not in have)
            or (kind == "time" and "time" not in have)
        )
        if not fits:
            break
        taken += 1
        if kind == "time":
            break
    return taken


def _date_word_kind(word: str) -> str:
    if _DAY.fullmatch(word):
        return "day"
    if word.lower().rstrip(".") in _MONTH_NAMES:
        return "month"
    if _YEAR.fullmatch(word):
        return "year"
    if _CLOCK.fullmatch(word.lower()):
        return "time"
    return ""


def _due_hint(value: str) -> str:
    if _date_word_kind(value.split()[0]) in ("month", "day"):
        return "a month needs its day: try due:dec 5 or due:5 dec"
    return "try due:fri, due:+3d, due:dec 5, due:fri 14:00 or due:2026-12-01"


def describe(q: QuickAdd, today: date | None = None) -> str:
    """One line previewing what will be stored: title · @alice · +warehouse · due Fri 27 Nov."""
    parts = [q.title]
    if q.owner:
        parts.append(f"@{q.owner}")
    if q.project:
        parts.append(f"+{q.project}")
    parts.extend(f"#{tag}" for tag in q.tags)
    if q.priority is not None:
        parts.append(f"!{PRIORITY_NAMES.get(q.priority, q.priority)}")
    if q.due is not None:
        parts.append(f"due {format_date(q.due, today)}")
    if q.recur:
        parts.append(f"every {q.recur}")
    return " · ".join(parts)
