"""Meeting notes that turn into work: `- [ ] TEXT` lines become linked actions,
`Decision:` lines go into the decision log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from store.errors import UserError
from store.models import Action, Note
from store.quickadd import QuickAdd, parse_quickadd

if TYPE_CHECKING:
    from store.repository import Desk

ACTION_LINE = re.compile(r"^(\s*[-*]\s+\[)([ xX])(\]\s+)(.*?)\s*$")
DECISION_LINE = re.compile(r"^\s*(?:[-*]\s+)?decision:\s*(.*?)\s*$", re.IGNORECASE)

TEMPLATE = "## Agenda\n-\n\n## Notes\n\n\n## Decisions\nDecision: \n\n## Actions\n- [ ] \n"


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
    """The body with `- [x]` on the lines whose action is done."""
    done = {a.note_line for a in actions if a.status == "done"}
    lines = []
    for line in body.splitlines():
        match = ACTION_LINE.match(line)
        if match and match.group(4).strip() in done:
            line = f"{match.group(1)}x{match.group(3)}{match.group(4)}"
        lines.append(line)
    return "\n".join(lines) + ("\n" if body.endswith("\n") else "")


def sync_note(desk: Desk, note: Note, today: date | None = None) -> Note:
    """Create or update the note's actions from its body, without duplicates on re-save.

    A line is matched to its action by its text; lines that changed are matched, in order,
    to the linked actions whose line disappeared. Actions whose line was removed stay linked.
    """
    lines = action_lines(note.body, note.project, today)
    linked = []
    for action_id in note.action_ids:
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

    ids = []
    for line, action in pairs:
        fields = _fields(line.parsed, line.text, note.id)
        if action is None:
            action = desk.actions.add(Action(**fields))
        elif any(getattr(action, key) != value for key, value in fields.items()):
            action = desk.actions.update(action.copy(**fields))
        if line.checked and action.is_open:
            action = desk.actions.complete(action.id, today)
        ids.append(action.id)
    kept = [a.id for a in linked if a.id not in ids]
    stored = desk.notes.get(note.id)
    changed = note.copy(
        action_ids=ids + kept,
        decisions=decisions(note.body),
        body=tick_body(note.body, [desk.actions.get(i) for i in ids]),
        rev=stored.rev,
    )
    return desk.notes.update(changed)


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
