"""Meeting notes that turn into work: `- [ ] TEXT` lines become linked actions,
`Decision:` lines go into the decision log.

A line creates its action once. From then on the action owns its fields: a later save of
the note changes a field only where that line's text changed it and nobody changed the
action's field elsewhere; where both changed, the action wins and the save reports a
Conflict. A relative date (`due:fri`) is read once, when the action is made, and the line
is rewritten with the day it meant, so the note reads the same next month. Ticks follow
the actions; ticking or unticking a line completes or reopens its action.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from store.errors import StaleEditError, UserError
from store.models import Action, Note
from store.quickadd import QuickAdd, parse_quickadd

if TYPE_CHECKING:
    from store.repository import Desk

ACTION_LINE = re.compile(r"^(\s*[-*]\s+\[)([ xX])(\]\s+)(.*?)\s*$")
_DUE_TOKEN = re.compile(r"(?<!\S)(due:)(\S+)", re.IGNORECASE)
# The fields a line gives its action; after creation each belongs to the action.
LINE_FIELDS = ("title", "owner", "project", "tags", "priority", "due", "recur")
DECISION_LINE = re.compile(r"^\s*(?:[-*]\s+)?decision:\s*(.*?)\s*$", re.IGNORECASE)

TEMPLATE = "## Agenda\n-\n\n## Notes\n\n\n## Decisions\nDecision: \n\n## Actions\n- [ ] \n"


def starting_now(today: date) -> datetime:
    """A new note's start: the time now on `today` (the `--today` day when one is given), to
    the minute; the TUI's `n` and `opsdesk note` both start a note so."""
    return datetime.combine(today, datetime.now().time()).replace(second=0, microsecond=0)


@dataclass
class ActionLine:
    number: int  # 1-based line number in the body
    checked: bool
    text: str
    parsed: QuickAdd


def action_lines(body: str, project: str = "", today: date | None = None) -> list[ActionLine]:
    """The action lines of a body, parsed; a bad token raises UserError naming the line."""
    found = []
    for number, line in enumerate(body.splitlines(), 1):
        match = ACTION_LINE.match(line)
        if not match or not match.group(4).strip():
            continue
        text = match.group(4).strip()
        try:
            parsed = parse_quickadd(text, today=today)
        except UserError as error:
            raise UserError(f"line {number}: {error}") from None
        if not parsed.project:
            parsed.project = project
        found.append(ActionLine(number, match.group(2) != " ", text, parsed))
    return found


def decisions(body: str) -> list[str]:
    return [
        m.group(1) for line in body.splitlines() if (m := DECISION_LINE.match(line)) and m.group(1)
    ]


def tick_body(body: str, actions: list[Action]) -> str:
    """The body with `- [x]` on the lines whose action is done, `- [ ]` on open ones."""
    done = {a.note_line for a in actions if a.status == "done"}
    open_ = {a.note_line for a in actions if a.is_open}
    lines = []
    for line in body.splitlines():
        match = ACTION_LINE.match(line)
        text = match.group(4).strip() if match else ""
        if match and (text in done or text in open_):
            mark = "x" if text in done else " "
            line = f"{match.group(1)}{mark}{match.group(3)}{match.group(4)}"
        lines.append(line)
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


@dataclass
class Conflict:
    """A field changed both in the note's line and on the action: the action's value stays."""

    action_id: int
    field: str
    kept: Any  # the action's value, which stays
    note_value: Any  # what the changed line says

    @property
    def message(self) -> str:
        return (
            f"action {self.action_id} keeps {self.field} {_shown(self.kept)} "
            f"(changed elsewhere); the note's line says {_shown(self.note_value)}"
        )


@dataclass
class NoteSaved:
    """A stored note and the conflicts its save found (to show the person)."""

    note: Note
    conflicts: list[Conflict] = field(default_factory=list)


class StaleNoteError(StaleEditError):
    """The note was saved elsewhere since this copy was read. Carries both versions:
    reload `theirs`, save `keep_mine()` or save `merged()` (both texts)."""

    def __init__(self, mine: Note, theirs: Note) -> None:
        super().__init__(
            f"note {theirs.id} was changed elsewhere since you opened it; "
            "reload it, keep yours, or merge both"
        )
        self.mine, self.theirs = mine, theirs

    def keep_mine(self) -> Note:
        """My text over theirs; the actions their version linked stay linked."""
        return self.mine.copy(rev=self.theirs.rev, action_ids=_union(self.mine, self.theirs))

    def merged(self) -> Note:
        return merge_notes(self.mine, self.theirs)


def merge_notes(mine: Note, theirs: Note) -> Note:
    """One note holding both texts: lines both have once, every other line of each kept
    (theirs first where they differ); attendees and linked actions of both. Saving it
    applies over `theirs`."""
    ours, other = mine.body.splitlines(), theirs.body.splitlines()
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(a=other, b=ours, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        lines.extend(other[a1:a2])
        if tag != "equal":
            lines.extend(ours[b1:b2])
    body = "\n".join(lines) + ("\n" if mine.body.endswith("\n") or not lines else "")
    attendees = [*mine.attendees, *(a for a in theirs.attendees if a not in mine.attendees)]
    return mine.copy(
        body=body, attendees=attendees, action_ids=_union(mine, theirs), rev=theirs.rev
    )


def _union(mine: Note, theirs: Note) -> list[int]:
    return [*mine.action_ids, *(i for i in theirs.action_ids if i not in mine.action_ids)]


def sync_note(desk: Desk, note: Note, today: date | None = None) -> NoteSaved:
    """Create the actions of new lines, carry changed lines over to their actions, tick.

    A line is matched to its action by its text; lines that changed are matched, in order,
    to the linked actions whose line disappeared. Actions whose line was removed stay linked,
    and so do the actions the stored version links (a save never unlinks).
    """
    stored = desk.notes.get(note.id)
    lines = action_lines(note.body, note.project, today)
    linked = []
    for action_id in _union(note, stored):
        try:
            linked.append(desk.actions.get(action_id))
        except UserError:
            continue
    by_text = {a.note_line: a for a in linked}
    pairs: list[tuple[ActionLine, Action | None]] = []
    used: set[int] = set()
    for line in lines:
        action = by_text.get(line.text)
        if action is not None and action.id not in used:
            used.add(action.id)
        else:
            action = None
        pairs.append((line, action))
    spare = iter([a for a in linked if a.id not in used])
    pairs = [(line, action or next(spare, None)) for line, action in pairs]

    # The ticks of the stored version: a tick that did not change in this edit says nothing.
    ticks_before = {m.group(4).strip(): m.group(2) != " " for m in _matches(stored.body)}
    conflicts: list[Conflict] = []
    texts: dict[int, str] = {}
    ids = []
    for line, action in pairs:
        text = _absolute(line)
        if action is None:
            fields = _fields(line.parsed, text, note.id)
            action = desk.actions.add(
                Action(**fields, status="waiting" if fields["owner"] else "todo")
            )
            if line.checked:
                action = desk.actions.complete(action.id, today)
        else:
            ticked_before = ticks_before.get(action.note_line, line.checked)
            if line.text != action.note_line:
                action = _carry_over(desk, action, line, text, stored, today, conflicts)
            if line.checked and not ticked_before and action.is_open:
                action = desk.actions.complete(action.id, today)
            elif not line.checked and ticked_before and action.status == "done":
                action = desk.actions.reopen(action.id)
        texts[line.number] = action.note_line
        ids.append(action.id)
    kept = [a.id for a in linked if a.id not in ids]
    body = _rewrite_lines(note.body, texts)
    changed = note.copy(
        action_ids=ids + kept,
        decisions=decisions(note.body),
        body=tick_body(body, [desk.actions.get(i) for i in ids]),
        rev=stored.rev,
    )
    return NoteSaved(desk.notes.update(changed), conflicts)


def _carry_over(
    desk: Desk,
    action: Action,
    line: ActionLine,
    text: str,
    stored: Note,
    today: date | None,
    conflicts: list[Conflict],
) -> Action:
    """Apply to `action` the fields its line changed, unless the action changed them too."""
    try:
        base: QuickAdd | None = parse_quickadd(action.note_line, today=today)
    except UserError:
        base = None  # an old line this version cannot read: only the text is carried over
    if base is not None and not base.project:
        base.project = stored.project
    changes: dict[str, Any] = {"note_line": text}
    for name in LINE_FIELDS if base is not None else ():
        before, after, current = getattr(base, name), getattr(line.parsed, name), None
        if before == after:
            continue  # the line did not change this field
        current = getattr(action, name)
        if current in (before, after):
            changes[name] = after
        else:
            conflicts.append(Conflict(action.id, name, current, after))
    if "owner" in changes and action.status in ("todo", "waiting"):
        changes["status"] = "waiting" if changes["owner"] else "todo"
    return desk.actions.update(action.copy(**changes))


def _absolute(line: ActionLine) -> str:
    """The line's text with its due date written as the day it means today."""
    due = line.parsed.due
    if due is None:
        return line.text
    day = due.isoformat(timespec="minutes") if isinstance(due, datetime) else due.isoformat()
    return _DUE_TOKEN.sub(lambda m: m.group(1) + day, line.text, count=1)


def _matches(body: str) -> list[re.Match[str]]:
    return [m for line in body.splitlines() if (m := ACTION_LINE.match(line)) and m.group(4)]


def _rewrite_lines(body: str, texts: dict[int, str]) -> str:
    """The body with the text of the action lines numbered in `texts` replaced."""
    lines = body.splitlines()
    for number, text in texts.items():
        match = ACTION_LINE.match(lines[number - 1])
        if match and match.group(4).strip() != text:
            lines[number - 1] = f"{match.group(1)}{match.group(2)}{match.group(3)}{text}"
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value not in (None, "") else "(none)"


def _fields(parsed: QuickAdd, text: str, note_id: int) -> dict:
    return {
        "title": parsed.title,
        "owner": parsed.owner,
        "project": parsed.project,
        "tags": parsed.tags,
        "priority": parsed.priority,
        "due": parsed.due,
        "recur": parsed.recur,
        "note_id": note_id,
        "note_line": text,
    }
