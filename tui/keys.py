"""Keys in the order they were typed, each landing where the one before it left the focus.

Over a laggy SSH link, or when someone types fast, several keys arrive in one read. Textual
routes each key to the widget focused *when the app reads it*, but a key's binding runs only
after the key has travelled up from that widget to the app: so in `/d` the `d` was routed
to the list before `/` had opened the filter, and deleted a record. `KeysInOrder` makes the
app take the next key only when the previous one is done (its binding has run, or a widget
took it), and holds keys while a newly pushed screen is not mounted yet, so they reach its
first input. Together with inputs that exist before their keys arrive (mounted, hidden, and
focused in the handler of the key that opens them), a burst behaves as if typed slowly.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from textual import events
from textual.app import App

STUCK_AFTER = 3.0  # seconds: a key that vanished (its widget went away) frees the queue;
# long enough that a slow, loaded machine never lets the next key overtake a live one


class Key(events.Key):
    """A key on its way through the widgets; tells the app when a widget took it."""

    # Named `Key`, so handlers (`on_key`, `_on_key`) see it as the key it stands for.

    def __init__(self, key: str, character: str | None, done: Callable[[Key], None]) -> None:
        super().__init__(key, character)
        self._done = done
        # Made by the app, a key would be stopped (and reported done) on reaching the
        # screen, just before it bubbles on to the app; without a sender it simply bubbles.
        self._sender = None

    def stop(self, stop: bool = True) -> Key:
        super().stop(stop)
        if stop:
            self._done(self)
        return self


class KeysInOrder(App):
    """An app that routes each key only after the one before it has had its effect."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._waiting_keys: deque[events.Key] = deque()
        self._key_in_flight: Key | None = None
        self._stuck_timer: asyncio.TimerHandle | None = None
        self._waiting_for_screen = False
        self._holds = 0

    def hold_keys(self) -> None:
        """Route no key until release_keys: what the last key started (a write in a
        worker) must be done before the next key acts on it."""
        self._holds += 1

    def release_keys(self) -> None:
        self._holds = max(0, self._holds - 1)
        if not self._holds:
            self.call_later(self._next_key)

    def key_allowed(self, key: str) -> bool:
        """Whether `key` may act now; the screen says no (e.g. behind 'too small')."""
        allowed = getattr(self.screen, "key_allowed", None)
        return allowed(key) if callable(allowed) else True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and not isinstance(event, Key):
            self._waiting_keys.append(event)
            await self._next_key()
            return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """A key that reached the app is done once its binding has run: Textual runs that
        binding after this handler, so the key is let go through the app's queue."""
        if isinstance(event, Key):
            self.call_later(self._key_done, event)

    async def _next_key(self) -> None:
        """Route the first waiting key, unless one is still on its way."""
        while self._key_in_flight is None and self._waiting_keys and not self._holds:
            screen = self.screen
            if not screen.is_mounted:
                # A screen just pushed (a form, the palette): its first input is not there
                # yet. Its own queue runs this once it is mounted.
                if not self._waiting_for_screen:
                    self._waiting_for_screen = True
                    screen.call_later(self.call_later, self._screen_ready)
                return
            typed = self._waiting_keys.popleft()
            if not self.key_allowed(typed.key):
                continue
            key = Key(typed.key, typed.character, self._key_done)
            self._key_in_flight = key
            self._stuck_timer = asyncio.get_running_loop().call_later(
                STUCK_AFTER, self._key_done, key
            )
            await super().on_event(key)
            if not key.is_forwarded:  # a priority binding took it at once
                self._key_done(key)
            return

    async def _screen_ready(self) -> None:
        self._waiting_for_screen = False
        await self._next_key()

    def _key_done(self, key: Key) -> None:
        if key is not self._key_in_flight:
            return
        self._key_in_flight = None
        if self._stuck_timer is not None:
            self._stuck_timer.cancel()
            self._stuck_timer = None
        if self._waiting_keys:
            # Through the app's queue: what the key's action scheduled (a focus change,
            # a pushed screen) happens before the next key is routed.
            self.call_later(self._next_key)
