"""Keys named as the person has them: config.toml's [keys] remapping applied.

The footer names keys through Textual; hints in titles and subtitles, and the help screen,
name them here, so a remapped key is never shown by its old name.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


def key_label(app: App, binding: Binding) -> str:
    """Every key of `binding`, as the footer shows keys."""
    keys = app._keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


def key_of(node: DOMNode, binding_id: str) -> str:
    """The first key bound to `binding_id` on `node`: for hints in titles and subtitles."""
    default = next((b.key for _key, b in node._bindings if b.id == binding_id), "?")
    keys = node.app._keymap.get(binding_id, default) if node.is_attached else default
    return node.app.get_key_display(Binding(keys.split(",")[0].strip(), ""))
