"""The desk's footer: the keys of the focused pane on one line, drawn by one widget.

Textual's Footer is a widget per key, composed again whenever the focus moves to a widget
with other bindings; this line is one widget that only repaints. Keys are named as the
person has them ([keys] remapping applied). When the line is narrower than the keys, the
least useful ones leave first, whole, and `? Help` (which lists them all) always stays.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

HELP = "app.help"
PALETTE = "app.palette"
PALETTE_WIDTH = 120  # the palette's key only on a wide terminal: at 80 it crowds the pane's
# The first to leave a line too narrow for every key.
DROP_FIRST = ("pane.zoom", "note.new", "record.undo", "record.delete", "pane.filter")


class Entry(NamedTuple):
    key: str  # the key as pressed (for a click)
    label: str  # the key as shown
    description: str
    binding_id: str

    @property
    def width(self) -> int:
        return len(self.label) + len(self.description) + 2  # " k Description"


def palette_width(palette: Entry | None) -> int:
    return palette.width + 2 if palette is not None else 0  # "▏" before it, a space after


class KeyLine(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-line--key",
        "key-line--description",
        "key-line--separator",
    }
    DEFAULT_CSS = """
    KeyLine {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyLine > .key-line--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyLine > .key-line--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyLine > .key-line--separator {
        color: $foreground 20%;
    }
    """

    def on_mount(self) -> None:
        self._shown: tuple[list[Entry], Entry | None] | None = None
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        # Textual signals twice for one focus change (as it moves, then after the next
        # frame): the line is drawn again only if what it shows changed.
        shown = self.fitted(self.size.width)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def entries(self) -> tuple[list[Entry], Entry | None]:
        """The keys to show, in order, and the command palette's key (shown apart)."""
        shown: list[Entry] = []
        palette = None
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not enabled:
                continue
            entry = self._entry(binding)
            if binding.id == PALETTE:
                palette = entry
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append(entry)
        return shown, palette

    def _entry(self, binding: Binding) -> Entry:
        label = self.app.get_key_display(binding)
        return Entry(binding.key, label, binding.description, binding.id or "")

    def fitted(self, width: int) -> tuple[list[Entry], Entry | None]:
        """What fits in `width` columns: low-value keys leave first, `? Help` stays."""
        shown, palette = self.entries()
        if width < PALETTE_WIDTH or sum(e.width for e in shown) + palette_width(palette) > width:
            palette = None

        def rank(entry: Entry) -> int:
            if entry.binding_id == HELP:
                return len(shown) + len(DROP_FIRST)  # the last to go (never, in practice)
            if entry.binding_id in DROP_FIRST:
                return DROP_FIRST.index(entry.binding_id)
            return len(DROP_FIRST) + len(shown) - 1 - shown.index(entry)  # later ones first

        kept = list(shown)
        for entry in sorted(shown, key=rank):
            if sum(e.width for e in kept) <= width or len(kept) == 1:
                break
            kept.remove(entry)
        return kept, palette

    def render(self) -> Text:
        width = self.size.width
        kept, palette = self.fitted(width)
        key_style = self.get_component_rich_style("key-line--key")
        description_style = self.get_component_rich_style("key-line--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        for entry in kept:
            line.append(f" {entry.label}", key_style)
            line.append(f" {entry.description}", description_style)
        if palette is not None:  # at the right end, as on Textual's footer
            line.append(" " * max(0, width - line.cell_len - palette_width(palette)))
            line.append("▏", self.get_component_rich_style("key-line--separator"))
            line.append(f" {palette.label}", key_style)
            line.append(f" {palette.description} ", description_style)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as on Textual's footer."""
        kept, palette = self.fitted(self.size.width)
        x = 0
        for entry in kept:
            if x <= event.x < x + entry.width:
                self.app.simulate_key(entry.key)
                return
            x += entry.width
        if palette is not None and event.x >= self.size.width - palette_width(palette):
            self.app.simulate_key(palette.key)
