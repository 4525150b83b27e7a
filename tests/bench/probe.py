"""The child side of the benchmark: runs an app on the terminal it was given and reports frames.

Usage: probe.py empty | probe.py opsdesk DATA_FILE

The parent (bench/terminal.py) starts this in a pseudo-terminal and passes a pipe in
$OPSDESK_BENCH_FD. Every frame Textual writes to the terminal becomes one line on that pipe:

    F <monotonic time> <screen> <rows> <state>   a frame was handed to the terminal
    K <monotonic time> <key>                     the app began handling a key

Times are CLOCK_MONOTONIC, which the parent shares, so the parent subtracts its own
timestamps (process spawn, key written) from them. `rows` is the number of rows each list
shows (comma-separated, "-" when there is no list). `state` is a short summary of what the
frame shows (focus, zoom, each list's cursor, filter and row count); the parent uses it to
find the first frame that shows the data, and the frame that shows a key's effect.
"""

from __future__ import annotations

import os
import sys
import time

TRACE_FD = int(os.environ["OPSDESK_BENCH_FD"])


def run_empty_app() -> None:
    """The yardstick: the least a Textual app can draw."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class EmptyApp(App):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

    install()
    EmptyApp().run()


def lists(screen) -> list:
    """The screen's VirtualLists, looked up once per screen when its DOM no longer changes:
    the desk builds the panes out of focus just after its first frame (`started`)."""
    found = getattr(screen, "_bench_lists", None)
    if found is None:
        found = list(screen.query("VirtualList"))
        if getattr(screen, "started", True):
            screen._bench_lists = found
    return found


def summary(app) -> str:
    """What a frame shows, in as much detail as a key press can change."""
    screen = app.screen
    focused = app.focused
    parts = [
        "zoomed" if getattr(screen, "zoomed", False) else "",
        getattr(focused, "id", None) or type(focused).__name__,
    ]
    for quick in screen.query("#quick-add"):
        parts.append(f"quick={getattr(quick, 'is_open', quick.display)}")
    for rows in lists(screen):
        parts.append(
            f"{rows.id}:{rows.cursor}/{getattr(rows, 'visible_count', '?')}"
            f"/{rows.filter_text!r}/{rows.scroll_offset.y}/{rows.size.width}x{rows.size.height}"
        )
    return "|".join(parts).replace("\n", " ")


def install() -> None:
    """Wrap the app's display step and key dispatch to report to the parent."""
    from textual import events
    from textual.app import App

    display = App._display
    on_event = App.on_event

    def traced_display(self: App, screen, renderable) -> None:
        display(self, screen, renderable)
        if (
            renderable is None
            or self._batch_count
            or not self._running
            or self._closed
            or self._driver is None
        ):
            return  # nothing reached the terminal
        moment = time.monotonic()
        name = type(screen).__name__
        counts = ",".join(str(getattr(r, "visible_count", 0)) for r in lists(self.screen)) or "-"
        if not getattr(self.screen, "started", True):
            counts += ",0"  # panes not built yet: not every list shows rows
        os.write(TRACE_FD, f"F {moment!r} {name} {counts} {summary(self)}\n".encode())

    async def traced_on_event(self: App, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            os.write(TRACE_FD, f"K {time.monotonic()!r} {event.key}\n".encode())
        await on_event(self, event)

    App._display = traced_display  # type: ignore[method-assign]
    App.on_event = traced_on_event  # type: ignore[method-assign]


def main() -> int:
    if sys.argv[1] == "empty":
        run_empty_app()
        return 0
    import tui.cli

    open_tui = tui.cli.open_tui

    def traced_open_tui(args):
        # Textual is imported here, as `opsdesk` imports it: after the CLI has set up.
        install()
        return open_tui(args)

    tui.cli.open_tui = traced_open_tui
    return tui.cli.main(["--db", sys.argv[2]])


if __name__ == "__main__":
    sys.exit(main())
