"""The desk's own one-line inputs, which a filter or the quick-add bar mounts when first
opened (nothing on the desk's first frame needs them)."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """A pane's filter line. Its text's width is no one else's business: Input declares it
    with a layout pass of the whole screen on every key, which a one-line box of fixed size
    never needs (it scrolls its text by itself)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class BarInput(Input):
    """The quick-add bar's input. It shows only while it has the focus, so app.tcss gives it
    the focused look all the time: taking the focus restyles nothing."""

    def watch_has_focus(self, has_focus: bool) -> None:
        """No restyle (Textual's would restyle the input with its component classes)."""
