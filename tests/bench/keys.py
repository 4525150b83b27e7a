"""Key-to-frame scenarios on a running opsdesk: cursor moves, filtering, zoom and quick-add.

Every measured key is typed into the terminal on its own, after the screen has settled, so
each figure is the latency of one key press from idle (a held key repeats about every 33 ms;
a latency under that keeps up with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from terminal import KeyResult, Session

PANES = ("today", "timeline", "risks", "notes")
CURSOR_MOVES = 60  # j presses per pane
ZOOMS = 10  # z presses per pane
ADDS = 10  # actions added through the quick-add bar
# Typed one character at a time after /; each narrows the list, then backspaces widen it.
NEEDLES = {"today": "chase po", "timeline": "milestone 4", "risks": "risk 3", "notes": "sync 1"}
BACKSPACE = "\x7f"
ENTER = "\r"


@dataclass
class Samples:
    """Latencies of one kind of key press, in ms, and how many presses changed nothing."""

    typed: list[float] = field(default_factory=list)  # terminal input to frame
    app: list[float] = field(default_factory=list)  # key handed to the app to frame
    frames: list[int] = field(default_factory=list)
    no_effect: int = 0

    def add(self, result: KeyResult | None) -> None:
        if result is None:
            self.no_effect += 1
            return
        self.typed.append(result.typed_ms)
        self.app.append(result.app_ms)
        self.frames.append(result.frames)


def run_scenarios(session: Session, moves: int = CURSOR_MOVES, adds: int = ADDS) -> dict:
    """All scenarios on one session; returns Samples by scenario name."""
    samples: dict[str, Samples] = {}

    def sample(name: str, text: str) -> None:
        samples.setdefault(name, Samples()).add(session.press(text))

    for number, pane in enumerate(PANES, 1):
        sample("focus pane", str(number))
        for _ in range(moves):
            sample(f"cursor {pane}", "j")
    for number, pane in enumerate(PANES, 1):
        session.press(str(number))
        sample("open filter", "/")
        needle = NEEDLES[pane]
        for char in needle:
            sample(f"filter {pane}", char)
        for _ in needle:
            sample(f"filter {pane}", BACKSPACE)
        session.press(ENTER)  # empty filter: the box closes, the list has the focus again
    for number, pane in enumerate(PANES, 1):
        session.press(str(number))
        for _ in range(ZOOMS):
            sample(f"zoom {pane}", "z")
    session.press("1")
    for count in range(adds):
        sample("open quick-add", "a")
        session.type_text(f"Bench action {count} +bench #bench !high due:fri")
        sample("add action", ENTER)
    return samples
