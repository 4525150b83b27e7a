"""Search every record of every kind, note bodies and the archive included.

A hit names its kind, id and title, the field the text was found in and a short excerpt
around it; hits come grouped by kind (projects, actions, milestones, risks, notes), the
best first: a match in the title before one in another field, then the newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.repository import Desk

KINDS = ("projects", "actions", "milestones", "risks", "notes")
# The text fields searched, per table, in the order they count.
FIELDS = {
    "projects": ("name", "title", "goal", "health_reason", "sponsor", "owner"),
    "actions": ("title", "owner", "project", "tags", "notes"),
    "milestones": ("title", "owner", "project", "description"),
    "risks": ("title", "owner", "project", "trigger", "mitigation", "contingency"),
    "notes": ("title", "attendees", "project", "body"),
}
EXCERPT = 60


@dataclass(frozen=True)
class Hit:
    kind: str  # the record's KIND: project, action, ...
    id: int
    title: str
    field: str
    excerpt: str
    archived: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "field": self.field,
            "excerpt": self.excerpt,
            "archived": self.archived,
        }


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def excerpt(text: str, start: int, length: int) -> str:
    """About EXCERPT characters around a match, on one line."""
    text = " ".join(text.split()) if "\n" in text or "\t" in text else text
    if len(text) <= EXCERPT:
        return text
    left = max(0, start - EXCERPT // 3)
    piece = text[left : left + EXCERPT]
    return ("…" if left else "") + piece + ("…" if left + EXCERPT < len(text) else "")


def search(desk: Desk, query: str) -> list[Hit]:
    """Every record holding `query` (any case), grouped by kind."""
    needle = query.strip().casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for table in KINDS:
        repo = getattr(desk, table)
        working = repo.all()
        archived = repo.archived() if desk.archive.exists else []
        found = []
        for record, in_archive in [(r, False) for r in working] + [(r, True) for r in archived]:
            for rank, name in enumerate(FIELDS[table]):
                text = _text(getattr(record, name, ""))
                if name == "body":
                    text = " ".join(text.split())
                at = text.casefold().find(needle)
                if at >= 0:
                    title = getattr(record, "title", "") or getattr(record, "name", "")
                    hit = Hit(
                        record.KIND,
                        record.id,
                        title,
                        name,
                        excerpt(text, at, len(needle)),
                        in_archive,
                    )
                    found.append((rank, in_archive, -record.id, hit))
                    break
        hits += [hit for *_, hit in sorted(found, key=lambda item: item[:3])]
    return hits
