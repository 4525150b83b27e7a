"""Life on an SSH login: a dropped connection (SIGHUP) ends the app cleanly, `--no-mouse`
keeps mouse reporting off, and NO_COLOR is honoured. The real program runs in tmux."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from store.demo import write_demo
from store.repository import Desk
from store.storage import Database
from tui.app import make_app

OPSDESK = Path(sys.executable).parent / "opsdesk"
PROMPT = "ssh$"
TODAY = date(2026, 11, 20)


class Shell:
    """A shell in a tmux pane on a private tmux server, with opsdesk's paths in tmp."""

    def __init__(self, home: Path) -> None:
        tmux = shutil.which("tmux")
        assert tmux, "tmux is needed for these tests (apt-get install tmux)"
        self.tmux = [tmux, "-L", f"opsdesk-ssh-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        self.db = home / "opsdesk.json"
        env = {
            "OPSDESK_DB": str(self.db),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "HOME": str(home),
            "TERM": "xterm-256color",
            "PS1": f"{PROMPT} ",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LC_ALL": "C.UTF-8",
        }
        self.shell = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), "sh"]
        self.tmux_run("new-session", "-d", "-s", "ssh", "-x", "100", "-y", "30", *self.shell)
        self.wait_for(lambda screen: PROMPT in screen, "the prompt")

    def tmux_run(self, *args: str) -> str:
        return subprocess.run(
            [*self.tmux, *args], capture_output=True, text=True, timeout=10, check=True
        ).stdout

    def command(self, line: str) -> None:
        self.tmux_run("send-keys", "-t", "ssh", "-l", line)
        self.tmux_run("send-keys", "-t", "ssh", "Enter")

    def screen(self, colours: bool = False) -> str:
        return self.tmux_run("capture-pane", "-p", *(["-e"] if colours else []), "-t", "ssh")

    def flag(self, name: str) -> str:
        return self.tmux_run("display-message", "-p", "-t", "ssh", f"#{{{name}}}").strip()

    def wait_for(self, condition: Callable[[str], object], what: str, timeout=10.0) -> str:
        deadline = time.monotonic() + timeout
        while not condition(screen := self.screen()):
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; the screen:\n{screen}")
            time.sleep(0.05)
        return screen

    def start_opsdesk(self, *args: str, prefix: str = "") -> int:
        """Start the app (after `prefix`, e.g. an environment setting); returns its pid."""
        self.command(" ".join([prefix, str(OPSDESK), *args]).strip())
        self.wait_for(lambda screen: "1 Today" in screen, "the desk", timeout=15)
        shell_pid = self.flag("pane_pid")
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", shell_pid], capture_output=True, text=True, check=True
        )
        (pid,) = children.stdout.split()
        return int(pid)

    def back_at_prompt(self) -> str:
        self.wait_for(lambda _screen: self.flag("alternate_on") == "0", "the app to leave")
        return self.wait_for(lambda s: s.rstrip().endswith(PROMPT), "the prompt to come back")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[Shell]:
    write_demo(tmp_path / "opsdesk.json")
    opened = Shell(tmp_path)
    yield opened
    opened.close()


def test_sighup_ends_the_app_cleanly_and_restores_the_terminal(shell: Shell) -> None:
    pid = shell.start_opsdesk()
    assert shell.flag("alternate_on") == "1"
    shell.tmux_run("send-keys", "-t", "ssh", "x")  # complete the action under the cursor
    shell.wait_for(lambda screen: "1 Today  0 overdue" in screen, "the overdue action done")

    os.kill(pid, signal.SIGHUP)  # as when the SSH connection drops
    screen = shell.back_at_prompt()
    assert "Traceback" not in screen and "Error" not in screen
    assert shell.flag("mouse_any_flag") == "0"  # mouse reporting is off again
    shell.command("echo status=$?")
    shell.wait_for(lambda s: re.search(r"^status=0$", s, re.M), "the exit status")

    desk = Desk(Database(shell.db))  # the file is whole and has the change
    assert sum(1 for action in desk.actions.all() if action.status == "done") == 2


def running(pid: int) -> bool:
    """Whether the process is alive (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_dropped_connection_ends_the_app(shell: Shell) -> None:
    """Closing the terminal under the app (as a dropped SSH link does) ends it promptly,
    through the normal shutdown rather than the backstop timer: writes to the dead terminal
    could stall that shutdown for ever."""
    pids = []
    for _attempt in range(2):  # the stall was a race with output in flight
        pid = shell.start_opsdesk()
        pids.append(pid)
        shell.tmux_run("send-keys", "-t", "ssh", "e")
        shell.wait_for(lambda screen: "Edit action" in screen, "the edit form")
        shell.tmux_run("send-keys", "-t", "ssh", "Escape", "j", "k")
        # A new shell in the pane: the old terminal is hung up under the running app.
        shell.tmux_run("respawn-pane", "-k", "-t", "ssh", *shell.shell)
        shell.wait_for(lambda screen: screen.strip() == PROMPT, "a fresh shell")
    deadline = time.monotonic() + 4.0  # well before the 5 s backstop
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids if running(pid)]


# The greys of the 256-colour palette: the 6x6x6 cube's diagonal and the grey ramp.
GREYS = {0, 7, 8, 15, 16, 59, 102, 145, 188, 231, *range(232, 256)}


def colours(screen: str) -> set[str]:
    """Every foreground and background colour in a `capture-pane -e` screen."""
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        numbers = params.split(";")
        for i, number in enumerate(numbers[:-2]):
            if number in ("38", "48") and numbers[i + 1] == "5":
                found.add(numbers[i + 2])
            elif number in ("38", "48") and numbers[i + 1] == "2":
                found.add(":".join(numbers[i + 2 : i + 5]))
    return found


def is_grey(colour: str) -> bool:
    if ":" in colour:
        red, green, blue = colour.split(":")
        return red == green == blue
    return int(colour) in GREYS


def test_no_mouse_keeps_mouse_reporting_off_and_no_color_drops_colour(shell: Shell) -> None:
    shell.start_opsdesk()
    assert shell.flag("mouse_any_flag") == "1"
    assert not all(is_grey(c) for c in colours(shell.screen(colours=True)))
    shell.tmux_run("send-keys", "-t", "ssh", "q")
    shell.back_at_prompt()

    shell.command("clear")
    shell.start_opsdesk("--no-mouse", prefix="NO_COLOR=1")
    assert shell.flag("alternate_on") == "1" and shell.flag("mouse_any_flag") == "0"
    seen = colours(shell.screen(colours=True))
    assert seen and all(is_grey(c) for c in seen), sorted(seen)
    shell.tmux_run("send-keys", "-t", "ssh", "q")
    screen = shell.back_at_prompt()
    assert "Traceback" not in screen


async def test_no_color_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "opsdesk.json"
    write_demo(path, today=TODAY)
    app = make_app(path, config={}, clock=lambda: TODAY, theme_dir=None, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert type(app._filters[-1]).__name__ in ("Monochrome", "NoColor")
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "1 Today" in text
