"""Global search (s, or the palette): any record of any kind, note bodies and the archive
included, grouped by kind; Enter closes with the record's (kind, id) so the desk can jump
to it (the desk decides how: this screen imports no other screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from store.search import Hit, search
from tui.widgets.virtual_list import Column, Row, VirtualList

if TYPE_CHECKING:
    from store.repository import Desk

COLUMNS = [
    Column("id", "#", align="right", fit=True, shrink=False),
    Column("title", "Title", min_width=12),
    Column("where", "Found in", min_width=10),
]
HEADINGS = {
    "project": "Projects",
    "action": "Actions",
    "milestone": "Milestones",
    "risk": "Risks",
    "note": "Notes",
}


def hit_rows(hits: list[Hit]) -> list[Row]:
    rows: list[Row] = []
    kind = ""
    for hit in hits:
        if hit.kind != kind:
            kind = hit.kind
            rows.append(Row.section(f"section-{kind}", HEADINGS.get(kind, kind), counted=True))
        where = "" if hit.field in ("title", "name") else f"{hit.field}: {hit.excerpt}"
        if hit.archived:
            where = f"[archived] {where}".strip()
        rows.append(Row((hit.kind, hit.id), [(str(hit.id), "vlist--dim"), hit.title, where]))
    return rows


class SearchScreen(ModalScreen[tuple[str, int] | None]):
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", "Close", id="search.close"),
    ]
    DEFAULT_CSS = """
    SearchScreen #search { border: round $primary; background: $surface; }
    SearchScreen #search-input { height: 1; border: none; padding: 0 1; background: $boost; }
    """

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        with Vertical(id="search") as frame:
            frame.border_title = "Search everything"
            yield Input(placeholder="text to find (Enter goes to the results)", id="search-input")
            yield VirtualList(COLUMNS, id="search-list")

    def on_mount(self) -> None:
        self.query_one(VirtualList).empty_text = "Type to search every record, notes included."
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        hits = search(self.desk, event.value) if len(event.value.strip()) >= 2 else []
        results = self.query_one(VirtualList)
        results.set_rows(hit_rows(hits))
        found = len(hits)
        self.query_one("#search").border_title = (
            f"Search everything · {found} found" if event.value.strip() else "Search everything"
        )

    @on(Input.Submitted, "#search-input")
    def _to_results(self) -> None:
        self.query_one(VirtualList).focus()

    @on(VirtualList.Selected, "#search-list")
    def _open(self, event: VirtualList.Selected) -> None:
        event.stop()
        if isinstance(event.key, tuple) and len(event.key) == 2:
            self.dismiss(event.key)
