"""Keys typed while the app is between screens wait for the screen they were typed at.

A key that opens a screen only after a read in a thread (``m``: whether the agent may merge;
``u``: what would be undone; ``D``: what may become of the contact), and the contact screen
reading the contact it is to show, leave a gap in which the agent's next keys would reach the
screen still on top: ``m`` and a name typed at once gave the name's first letter to the
contact screen (where ``a`` opened a new contact method form) and the rest to the picker. The
app holds such keys and gives them, in order, to whatever is on top once the wait ends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

HOLD_WAIT = 1.0
"""Seconds keys may wait for the screen a read opens; a slower read (a busy database) gets
them where the agent is."""
REPLAY_WAIT = 0.2
"""Seconds a held key's handling may take before the next held key is given anyway."""


class KeyHolding(_Base):
    """The App's side: ``hold_keys`` starts a wait, ``replay_held`` ends the contact screen's
    (``HelpdeskApp.contact_arrived``)."""

    _held: list[events.Key | events.Paste]
    _holds: int

    def holding_keys(self) -> bool:
        """Whether a key typed now waits (a contact being read, a hold open, keys queued)."""
        return bool(self._holds or self._held)

    def hold_keys(self, wait: float = HOLD_WAIT) -> Callable[[], None]:
        """Hold the keys typed from now until the returned release is called (on the UI
        thread: the screen the read opened is pushed, or the read ended without one), or
        ``wait`` seconds. Released, the keys go to the screen on top once it has been painted
        (a screen just pushed has focused its box by then). Releasing twice does nothing."""
        self._holds += 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            timer.stop()
            self._holds -= 1
            self.screen.call_after_refresh(self.replay_held)

        timer = self.set_timer(wait, release)
        return release

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes typed during a wait join the queue (``holding_keys``)."""
        if (
            isinstance(event, (events.Key, events.Paste))
            and not event.is_forwarded
            and self.holding_keys()
        ):
            self._held.append(event)
            return
        await super().on_event(event)

    def replay_held(self) -> None:
        """Give the held keys to the screen on top, unless a wait is still open."""
        if self._held and not self._holds:
            # A task of its own: a key bubbles up to the app to meet its binding.
            self.run_worker(
                self._replay_held(), group="replay", exclusive=True, exit_on_error=False
            )

    async def _replay_held(self) -> None:
        """The held keys, in order, each once the last one has been handled: ``e`` opens a
        field's editor and moves the focus there before the letters after it are given to
        whatever has the focus (given at once, they went to the row and were lost). Keys
        typed meanwhile join the queue, behind them."""
        while self._held and not self._holds:
            await super().on_event(self._held.pop(0))
            deadline = time.monotonic() + REPLAY_WAIT
            while time.monotonic() < deadline and any(
                not node._message_queue.empty()
                for node in (self, *self.screen.walk_children(with_self=True))
            ):
                await asyncio.sleep(0.001)
