"""Command palette (ctrl+p): jump to a contact by a fragment of their name, email or phone.

The palette calls providers as coroutines; the search runs with ``asyncio.to_thread`` so the UI
thread never waits on the database, the same rule the screens' thread workers keep; a search
superseded by the next keystroke is told to stop, like theirs.
"""

from __future__ import annotations

import asyncio
import threading
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from .text import content, join

if TYPE_CHECKING:
    from .app import HelpdeskApp

LIMIT = 12


class ContactCommands(Provider):
    """Contacts matching what is typed in the palette, best first."""

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        app = cast("HelpdeskApp", self.app)  # Textual types it App[object]
        stop = threading.Event()
        try:
            result = await asyncio.to_thread(app.store.search, query, LIMIT, stop.is_set)
        except asyncio.CancelledError:
            stop.set()
            raise
        except Exception:
            return
        for hit in result.hits:
            yield Hit(
                hit.score / 100,
                join([(hit.name, "bold"), hit.company]),
                partial(app.open_contact, hit.reference),
                text=f"{hit.name} {hit.reference}",
                help=content(f"{hit.reference} · {hit.email or hit.phone}"),  # type: ignore[arg-type]
            )


class ContactPalette(CommandPalette):
    """Textual's command palette, except that ``enter`` acts on what the box says.

    Textual's palette selects whatever is highlighted when ``enter`` arrives; when a name and
    ``enter`` arrive together (a paste, a fast typist) that is a hit of the *previous* text, still
    listed while the new one is being gathered. Here ``enter`` waits for the gathering of the
    text in the box to finish, then picks its best hit.

    It leans on the palette's private ``_GATHER_COMMANDS_GROUP`` and ``_select_or_command``:
    Textual is pinned exactly (pyproject.toml), and the Enter tests fail if either changes.
    """

    _waiting = False

    def _gathering(self) -> bool:
        return any(
            worker.group == self._GATHER_COMMANDS_GROUP and not worker.is_finished
            for worker in self.workers
        )

    @on(Input.Submitted)
    def _wait_for_hits(self, event: Input.Submitted) -> None:
        if self._gathering():
            event.stop()
            event.prevent_default()
            self._waiting = True

    @on(Input.Changed)
    def _typed_again(self) -> None:
        self._waiting = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            self._waiting
            and event.worker.group == self._GATHER_COMMANDS_GROUP
            and event.state == WorkerState.SUCCESS
            and not self._gathering()
        ):
            self._waiting = False
            self._select_or_command()
