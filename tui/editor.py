"""Editing text in the person's $EDITOR, shared by `opsdesk note` and the TUI's note editor.

No Textual here: the command line uses it too and must start fast.
"""

from __future__ import annotations

import os
from pathlib import Path

from store.errors import UserError


def edit_in_editor(text: str) -> str:
    """Let the person edit text in $EDITOR; returns what they saved."""
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as file:
        file.write(text)
    try:
        result = subprocess.run([*shlex.split(editor), file.name], check=False)
        if result.returncode != 0:
            raise UserError(f"editor {editor!r} exited with {result.returncode}; nothing saved")
        return Path(file.name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"cannot run editor {editor!r}; set $EDITOR") from None
    finally:
        os.unlink(file.name)
