"""The one-line capture grammar shared by ``opsdesk add``, the TUI's add box and note action lines.

    Call vendor about PO @alice +warehouse #contract !high due:fri every:mon

Tokens are separated by whitespace. A token that starts with

- ``@`` names the owner: someone else owns it, so it is a waiting-for
- ``+`` names the project
- ``#`` adds a tag (repeatable; a repeated tag is kept once)
- ``!`` sets the priority: ``!high``/``!1``, ``!med``/``!medium``/``!2``, ``!low``/``!3``
- ``due:`` sets the due date and ``every:`` the repeat rule, in the language of store.dates

Every other token is title, in order, joined by single spaces. Only a token *starting*
with a marker counts, so ``mail bob@example.com`` keeps the address in the title, and a
leading backslash keeps a token literally (``reply on \\#12`` has the title
``reply on #12``). A marker with nothing after it, an unknown priority, and a second
owner, project, priority, due date or repeat rule are errors naming the token: guessing
which one was meant would store something the person did not say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from store.dates import format_date, parse_date, parse_recurrence
from store.errors import UserError
from store.models import PRIORITY_NAMES

_PRIORITIES = {"high": 1, "1": 1, "med": 2, "medium": 2, "2": 2, "low": 3, "3": 3}
_WORD_MARKERS = ("due:", "every:")
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
    for token in line.split():
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
        return parse_date(value, today)
    if name == "recur":
        return parse_recurrence(value)
    return value


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
