"""Check the [keys] table of config.toml against the bindings the app really has.

Textual's `set_keymap` ignores an id it does not know and lets a remapped key win over the
binding that had it, so `"record.edit" = "d"` would quietly take Delete's key. Both are
reported here, for the notification at start and for `opsdesk config check`.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterator
from typing import Any

from textual.binding import Binding

GLOBAL = "tui.app:OpsDesk"  # its keys work on every screen


def binding_groups() -> Iterator[tuple[str, list[Binding]]]:
    """(class path, its own bindings with ids) for every class the help screen lists.

    A modal screen's group is marked with a leading "modal:": its keys cover the app's
    on purpose while it is open (q closes help rather than quitting).
    """
    from textual.screen import ModalScreen

    from tui.screens.help import SECTIONS

    for _heading, target in SECTIONS:
        module, name = target.split(":")
        cls = getattr(importlib.import_module(module), name)
        bindings = cls.__dict__.get("BINDINGS", [])
        prefix = "modal:" if issubclass(cls, ModalScreen) else ""
        yield prefix + target, [b for b in bindings if isinstance(b, Binding) and b.id]


def _keys(text: str) -> set[str]:
    return {key.strip() for key in text.split(",") if key.strip()}


def keymap_problems(keymap: Any) -> list[str]:
    """One line per problem in `keymap` (the [keys] table); empty when it is all good."""
    if not isinstance(keymap, dict):
        return ['[keys] must be a table of id = "keys"']
    groups = list(binding_groups())
    known = {binding.id for _target, bindings in groups for binding in bindings}
    problems = []
    remapped: dict[str, set[str]] = {}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            near = difflib.get_close_matches(str(binding_id), sorted(known), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else "; ? lists the ids"
            problems.append(f"[keys] unknown binding id {binding_id!r}{hint}")
        elif not isinstance(keys, str) or not _keys(keys):
            problems.append(f'[keys] {binding_id!r} must be a string of keys, like "space"')
        else:
            remapped[binding_id] = _keys(keys)
    problems.extend(_conflicts(groups, remapped))
    return problems


def _conflicts(groups: list[tuple[str, list[Binding]]], remapped: dict[str, set[str]]) -> list[str]:
    effective = {
        target: [(b, remapped.get(b.id or "", _keys(b.key))) for b in bindings]
        for target, bindings in groups
    }
    problems = []
    for target, bindings in effective.items():
        # A screen's keys meet each other and the app's; the app's meet every non-modal one.
        if target == GLOBAL:
            neighbours = [
                pair
                for other_target, pairs in effective.items()
                if not other_target.startswith("modal:")
                for pair in pairs
            ]
        elif target.startswith("modal:"):
            neighbours = bindings
        else:
            neighbours = bindings + effective.get(GLOBAL, [])
        for binding, keys in bindings:
            if binding.id not in remapped:
                continue
            for other, other_keys in neighbours:
                taken = sorted(keys & other_keys)
                if other.id == binding.id or not taken:
                    continue
                problems.append(
                    f"[keys] {binding.id!r} = {taken[0]!r} takes {taken[0]!r} from "
                    f"{other.id} ({other.description}): give one of them another key"
                )
    return list(dict.fromkeys(problems))
