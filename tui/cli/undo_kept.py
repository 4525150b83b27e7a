"""The last change a command made, kept beside the data file for `opsdesk undo`
(`<file>.cli-undo.json`, private, replaced whole). Light to import: every command that
changes the desk keeps its change, `opsdesk add` too."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any


def sidecar(data_file: Path) -> Path:
    return data_file.with_name(f"{data_file.name}.cli-undo.json")


def remember(desk: Any, data_file: Path) -> None:
    """Keep the desk's last change (if this command made one) for `opsdesk undo`."""
    if not desk.can_undo:
        return
    change = desk._history[-1]  # the store keeps its undo steps as plain data
    payload = json.dumps({"label": change.label, "steps": [asdict(s) for s in change.steps]})
    path = sidecar(data_file)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # one per process writing
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(payload)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        desk.warn(f"cannot keep this change for undo ({path}): {error.strerror}")
