"""A real terminal for end-to-end tests: a shell in tmux on a private tmux server, running
the installed `opsdesk` on temporary data and config, as a person on an SSH session would.

tmux is required: CI installs it, and a missing tmux fails these tests instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

OPSDESK = Path(sys.executable).parent / "opsdesk"
PROMPT = "e2e$ "


class Terminal:
    """One tmux pane of a given size with a plain shell in it."""

    def __init__(self, home: Path, width: int, height: int) -> None:
        tmux = shutil.which("tmux")
        assert tmux, "tmux is needed for the end-to-end tests (apt-get install tmux)"
        self.tmux = [tmux, "-L", f"opsdesk-e2e-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        self.db = home / "opsdesk.json"
        self.env = {
            "OPSDESK_DB": str(self.db),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "TERM": "xterm-256color",
            "PS1": PROMPT,
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        # Start from an empty environment so the person's own settings cannot leak in.
        shell = ["env", "-i", *(f"{k}={v}" for k, v in self.env.items()), "sh"]
        self.run("new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), *shell)
        self.wait_for(lambda screen: PROMPT.strip() in screen, what="the shell prompt")

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [*self.tmux, *args], capture_output=True, text=True, timeout=10, check=True
        )
        return result.stdout

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "e2e", "-l", text)

    def press(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)

    def command(self, line: str) -> None:
        self.type(line)
        self.press("Enter")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e")

    def flag(self, name: str) -> str:
        """A tmux pane flag, e.g. alternate_on (a full-screen app is up) or mouse_any_flag."""
        return self.run("display-message", "-p", "-t", "e2e", f"#{{{name}}}").strip()

    def wait_for(
        self, condition: Callable[[str], object], what: str = "", timeout: float = 10.0
    ) -> str:
        """Poll the screen until `condition(screen)` holds; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what or condition}; the screen:\n{screen}")
            time.sleep(0.05)

    def wait_for_text(self, text: str, timeout: float = 10.0) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run an opsdesk command on the same data file, as from a second session."""
        result = subprocess.run(
            [str(OPSDESK), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=30,
            env=self.env,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_opsdesk(self, *args: str) -> None:
        self.command(" ".join([str(OPSDESK), *args]))
        self.wait_for(lambda screen: "1 Today" in screen, what="the desk", timeout=15)

    def back_at_prompt(self) -> str:
        """Wait for the app to leave the screen and the shell prompt to come back."""
        self.wait_for(lambda _screen: self.flag("alternate_on") == "0", "the app to exit")
        return self.wait_for(
            lambda screen: screen.rstrip().endswith(PROMPT.strip()), what="the shell prompt"
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[[int, int], Terminal]]:
    """Open a terminal of a given size: `terminal(80, 24)`."""
    opened: list[Terminal] = []

    def open_terminal(width: int, height: int) -> Terminal:
        term = Terminal(tmp_path, width, height)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()
