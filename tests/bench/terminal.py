"""The parent side of the benchmark: runs probe.py in a pseudo-terminal, types keys into it
and reads its frame reports, so every figure includes Textual's real terminal output."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROBE = Path(__file__).with_name("probe.py")
SIZE = (160, 48)  # wide enough for the four-pane layout
SETTLE = 0.06  # a key's effect is complete when the screen has not changed for this long
QUIET = 0.3  # start-up is over when no frame has come for this long
IDLE_WINDOW = 0.03  # the app is idle when its loop used under 10% of this much time
POLL = 0.01
KEY_TIMEOUT = 5.0


@dataclass
class Frame:
    time: float
    screen: str
    rows: tuple[int, ...]  # rows shown by each list on the screen
    state: str

    @classmethod
    def parse(cls, line: str) -> Frame:
        _, moment, screen, rows, *state = line.split(" ", 4)
        counts = () if rows == "-" else tuple(int(n) for n in rows.split(","))
        return cls(float(moment), screen, counts, state[0] if state else "")


@dataclass
class KeyResult:
    key: str
    app_ms: float  # from the app starting to handle the key to the frame showing its effect
    typed_ms: float  # from the byte written to the terminal to that frame
    frames: int  # frames drawn before the screen settled


@dataclass
class StartUp:
    """One fresh process, in seconds after spawn: its first frame, the first frame showing its
    data, the last frame of the start-up burst; and its peak RSS in KB by then."""

    first_paint: float
    first_frame: float  # the focused pane (Today, the first list) shows its rows
    settled: float
    max_rss_kb: int
    frame: Frame
    all_panes: float = 0.0  # every list shows rows (the other panes come just after)


def environment(home: Path) -> dict[str, str]:
    """A terminal-like environment with its own empty config, data and cache folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "OPSDESK", "XDG_"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="C.UTF-8",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


class Child:
    """probe.py running in a pseudo-terminal of SIZE."""

    def __init__(self, which: str, data: Path | None, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        columns, lines = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self._trace, trace_w = os.pipe()
        argv = [sys.executable, str(PROBE), which, *([str(data)] if data else [])]
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            pass_fds=(trace_w,),
            env={**env, "OPSDESK_BENCH_FD": str(trace_w)},
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        os.close(trace_w)
        self.output = bytearray()  # the tail of what the app wrote, for error messages
        self._buffer = b""
        self._drain = threading.Thread(target=self._read_terminal, daemon=True)
        self._drain.start()

    def _read_terminal(self) -> None:
        # The app blocks when nobody reads its terminal.
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk
            del self.output[:-20000]

    def lines(self, timeout: float) -> list[str]:
        """Report lines that arrive within `timeout` seconds (none if it runs out)."""
        ready, _, _ = select.select([self._trace], [], [], max(0.0, timeout))
        if not ready:
            return []
        chunk = os.read(self._trace, 65536)
        if not chunk:
            raise EOFError(f"the app ended; terminal:\n{self.tail()}")
        self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\n")
        return [line.decode() for line in complete]

    def type(self, text: str) -> float:
        moment = time.monotonic()
        os.write(self.master, text.encode())
        return moment

    def finish(self, keys: str = "", timeout: float = 10.0) -> int:
        """Type `keys` (to quit) and wait, else kill; returns the child's peak RSS in KB."""
        if keys:
            self.type(keys)
        else:
            timeout = 0
        deadline = time.monotonic() + timeout
        while True:
            pid, _status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.process.kill()
                _pid, _status, usage = os.wait4(self.process.pid, 0)
                break
            time.sleep(0.02)
        self.process.returncode = 0  # reaped here; keep Popen from waiting again
        os.close(self._trace)
        os.close(self.master)
        return usage.ru_maxrss

    def cpu_seconds(self) -> float:
        """CPU time of the app's main thread (its event loop), from the scheduler."""
        try:
            with open(f"/proc/{self.process.pid}/schedstat", encoding="ascii") as stat:
                return int(stat.read().split()[0]) / 1e9
        except OSError:
            return 0.0

    def tail(self) -> str:
        return bytes(self.output[-2000:]).decode(errors="replace")


def start_up(which: str, data: Path | None, env: dict[str, str], screen: str) -> StartUp:
    """Start a fresh process; time its first frames, until `screen` shows rows in its first
    list (the focused pane), then in every list, and then until the screen goes quiet."""
    child = Child(which, data, env)
    frames: list[Frame] = []
    shown: Frame | None = None
    full: Frame | None = None
    deadline = child.started + 60
    try:
        while time.monotonic() < deadline:
            # Quiet counts only once every list shows rows: the panes left for after the
            # first frame may take longer than QUIET to come.
            wait = deadline - time.monotonic() if full is None else QUIET
            found = [Frame.parse(line) for line in child.lines(wait) if line.startswith("F ")]
            if not found and full is not None:
                break  # quiet: start-up is over
            frames += found
            if shown is None:
                shown = next((f for f in frames if f.screen == screen and f.rows[:1] != (0,)), None)
            if full is None:
                full = next((f for f in frames if f.screen == screen and all(f.rows)), None)
    finally:
        rss = child.finish()
    if shown is None:
        raise RuntimeError(f"{which}: no frame with data; terminal:\n{child.tail()}")
    full = full or frames[-1]
    return StartUp(
        frames[0].time - child.started,
        shown.time - child.started,
        frames[-1].time - child.started,
        rss,
        shown,
        full.time - child.started,
    )


@dataclass
class Session:
    """A running opsdesk to type into; measures each key from input to the frame showing it."""

    child: Child
    state: str = ""

    @classmethod
    def start(cls, data: Path, env: dict[str, str]) -> Session:
        session = cls(Child("opsdesk", data, env))
        session.settle(lambda frames: any(f.screen == "DeskScreen" for f in frames), 60)
        session.quiet()
        return session

    def drain(self) -> None:
        """Take in reports already on their way (late frames of the last key)."""
        while lines := self.child.lines(0):
            for line in lines:
                if line.startswith("F "):
                    self.state = Frame.parse(line).state

    def quiet(self) -> None:
        """Wait until no frame has come for QUIET seconds (start-up work is done)."""
        while True:
            lines = self.child.lines(QUIET)
            if not lines:
                return
            for line in lines:
                if line.startswith("F "):
                    self.state = Frame.parse(line).state

    def settle(
        self, ready: Callable[[list[Frame]], bool], patience: float = 1.0
    ) -> tuple[list[str], list[Frame]]:
        """Read reports until `ready(frames)` (or `patience` runs out), then until the screen
        has not changed for SETTLE seconds and the app's event loop is idle.

        Idle is judged the way Textual's own test pilot does: the loop's thread used under a
        tenth of the wall-clock time over the last IDLE_WINDOW. A late frame of one key must
        not be taken for the effect of the next.
        """
        keys: list[str] = []
        frames: list[Frame] = []
        start = time.monotonic()
        changed = None
        idle_until = None  # end of the last IDLE_WINDOW, while the latest one was idle
        checkpoint = (start, self.child.cpu_seconds())
        while True:
            for line in self.child.lines(POLL):
                if line.startswith("K "):
                    keys.append(line)
                elif line.startswith("F "):
                    frame = Frame.parse(line)
                    frames.append(frame)
                    if frame.state != self.state:
                        self.state = frame.state
                        changed = time.monotonic()
            now = time.monotonic()
            if now - checkpoint[0] >= IDLE_WINDOW:
                cpu = self.child.cpu_seconds()
                busy = cpu - checkpoint[1] > 0.1 * (now - checkpoint[0])
                idle_until = None if busy else now
                checkpoint = (now, cpu)
            if changed is None and (ready(frames) or now - start > patience):
                changed = now
            if (
                changed is not None
                and now - changed >= SETTLE
                and idle_until is not None
                and idle_until > changed
            ):
                return keys, frames
            if now - start > patience + KEY_TIMEOUT:
                raise TimeoutError(f"the screen did not settle; terminal:\n{self.child.tail()}")

    def press(self, text: str, patience: float = 2.0) -> KeyResult | None:
        """Type `text` and wait for the screen to change and settle; None if it never changed."""
        self.drain()
        before = self.state
        typed = self.child.type(text)
        keys, frames = self.settle(lambda frames: self.state != before, patience)
        if not keys:
            raise RuntimeError(f"the app did not receive {text!r}")
        dispatched = float(keys[0].split(" ")[1])
        effect = next((f for f in frames if f.state == self.state and f.time >= dispatched), None)
        if self.state == before or effect is None:
            return None
        return KeyResult(
            text,
            (effect.time - dispatched) * 1000,
            (effect.time - typed) * 1000,
            len(frames),
        )

    def type_text(self, text: str) -> None:
        """Type `text` in one burst (not measured) and let the screen settle."""
        self.child.type(text)
        self.settle(bool, 0.5)

    def quit(self) -> int:
        """Leave the app with q from the desk; returns its peak RSS in KB."""
        self.type_text("\x1b")  # close whatever is open
        return self.child.finish("q")
