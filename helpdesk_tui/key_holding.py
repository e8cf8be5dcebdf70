"""Keys are given one at a time, each once the one before it has been handled, and keys typed
while the app is between screens wait for the screen they were typed at.

Textual gives a key to the focused widget and goes on to the next; a key the widget does not
bind bubbles up, from queue to queue, to the app, which runs the binding the screen or a widget
declares. Keys sent together (a terminal delivers a paste-speed burst at once) thus reached the
widget before the first had done anything: ``m`` and a name gave the name's first letters, ``a``
among them (the contact's new method form), to the contact screen before ``m`` opened anything.
A key that opens a screen only after a read in a thread (``m``: whether the agent may merge;
``u``: what would be undone; ``D``: what may become of the contact) and the contact screen
reading the contact it is to show leave a gap as well, in which the keys typed next would reach
the screen still on top: the app holds them (``hold_keys``) and gives them, in order, to what is
on top once the wait ends.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ScreenStackError
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[None]
else:
    _Base = object

HOLD_WAIT = 1.0
"""Seconds keys may wait for the screen a read opens; a slower read (a busy database) gets
them where the agent is."""
REFUSED_GRACE = 0.3
"""Seconds after a refusal during which the keys typed are still taken as typed for the
screen that never came (dropped): too soon for the agent to have read why it did not."""
HANDLING_WAIT = 0.2
"""Seconds a key's handling may take before the next key is given anyway."""

Typed = events.Key | events.Paste
Release = Callable[..., None]
"""Ends a hold of keys: ``release()`` gives them, ``release(opened=False)`` drops them."""


def _typed_into(widget: object, key: Typed) -> bool:
    """Whether ``key`` is text that the text box ``widget`` takes as it is, in order, doing
    nothing else: the next key need not wait for it (a paste-speed burst into the search box
    waited 4 ms a key, and its results twice as long)."""
    if not isinstance(widget, (Input, TextArea)):
        return False
    return isinstance(key, events.Paste) or key.is_printable


class KeyHolding(_Base):
    """The App's side: every key typed joins ``_keys`` and is given by ``_deliver``, a task
    of the app's (``deliver_keys``); ``hold_keys`` starts a wait, ``replay_held`` ends the
    contact screen's (``HelpdeskApp.contact_arrived``)."""

    _keys: deque[Typed]
    _holds: int
    _dropping_until: float
    _waiting: asyncio.Event
    _deliverer: asyncio.Task[None] | None

    def start_holding(self) -> None:
        """Set up the state (called by ``__init__``)."""
        self._keys = deque()
        self._holds = 0
        self._dropping_until = 0.0
        self._waiting = asyncio.Event()
        self._deliverer = None

    def deliver_keys(self) -> None:
        """Start giving the keys typed (called once the app is mounted). A task of its own:
        the key it gives comes back to the app's queue to meet its binding, which the app
        must be free to handle. Not a worker: it lasts as long as the app, and waiting for
        the app's workers to finish (a test settling) must not wait for it."""
        self._deliverer = asyncio.create_task(self._deliver(), name="helpdesk-keys")

    def stop_delivering(self) -> None:
        """Stop giving keys (called as the app unmounts, mounted or not)."""
        if self._deliverer is not None:
            self._deliverer.cancel()

    def holding_keys(self) -> bool:
        """Whether the keys typed now wait (a hold open)."""
        return bool(self._holds)

    def hold_keys(self, wait: float = HOLD_WAIT) -> Release:
        """Hold the keys typed from now until the returned release is called (on the UI
        thread), or ``wait`` seconds. Released once the read's screen is pushed, the keys go
        to it once it has been painted (it has focused its box by then). Released with
        ``opened=False`` (the read refused, or failed: said in a notification), the keys typed
        for the screen that never came are dropped, and those typed in the next
        ``REFUSED_GRACE`` seconds too: given to the screen below, ``m`` and a name refused to
        a non-admin opened the contact's add form and typed the name in it, and a ``u`` among
        them would have started an undo. Releasing twice does nothing."""
        self._holds += 1
        released = False

        def release(opened: bool = True) -> None:
            nonlocal released
            if released:
                return
            released = True
            timer.stop()
            self._holds -= 1
            if not opened:  # every key waiting was typed after the one that asked (one at a time)
                self._keys.clear()
                self._dropping_until = time.monotonic() + REFUSED_GRACE
            self.screen.call_after_refresh(self.replay_held)

        timer = self.set_timer(wait, release)
        return release

    async def on_event(self, event: events.Event) -> None:
        """A key or paste from the terminal joins the queue; the one being given, back from
        the widgets unhandled, meets the bindings (Textual's ``App._on_key``)."""
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if time.monotonic() < self._dropping_until:
                return  # typed for a screen just refused (``hold_keys``)
            self._keys.append(event)
            self._waiting.set()
            return
        await super().on_event(event)

    def replay_held(self) -> None:
        """Give the waiting keys, unless a hold is still open."""
        self._waiting.set()

    async def _deliver(self) -> None:
        """The waiting keys, in order, each once the last one has been handled: ``e`` opens
        a field's editor and moves the focus there before the letters after it are given to
        whatever has the focus (given at once, they went to the row and were lost). Keys
        typed meanwhile join the queue, behind them."""
        while True:
            await self._waiting.wait()
            self._waiting.clear()
            while self._keys and not self.holding_keys() and self.screen_stack:
                key = self._keys.popleft()
                box = self.focused
                try:
                    await super().on_event(key)
                    if not _typed_into(box, key):
                        await self._handled(key)
                except Exception as error:  # a key's handler failed: as Textual's loop would,
                    self._handle_exception(error)  # the app stops and says so, never deaf
                    return

    async def _handled(self, key: Typed) -> None:
        """Until ``key`` has been handled, or ``HANDLING_WAIT`` seconds: no queue of the
        screen on top holds a message, nor the app's the key itself (back to meet its
        binding)."""
        deadline = time.monotonic() + HANDLING_WAIT
        while time.monotonic() < deadline and self._busy(key):
            await asyncio.sleep(0.001)

    def _busy(self, key: Typed) -> bool:
        try:
            screen = self.screen
        except ScreenStackError:  # the app is closing (ctrl+q): nothing left to wait for
            return False
        return key in self._message_queue.values or any(
            not node._message_queue.empty() for node in screen.walk_children(with_self=True)
        )
