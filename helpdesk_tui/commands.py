"""Command palette (ctrl+p): jump to a contact by a fragment of their name, email or phone.

The palette calls providers as coroutines; the search runs with ``asyncio.to_thread`` so the UI
thread never waits on the database, the same rule the screens' thread workers keep; a search
superseded by the next keystroke is told to stop, like theirs.
"""

from __future__ import annotations

import asyncio
import threading
from functools import partial

from textual.command import Hit, Hits, Provider

from .text import content, join

LIMIT = 12


class ContactCommands(Provider):
    """Contacts matching what is typed in the palette, best first."""

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        app = self.app
        stop = threading.Event()
        try:
            result = await asyncio.to_thread(app.backend.search, query, LIMIT, stop.is_set)
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
                help=content(f"{hit.reference} · {hit.email or hit.phone}"),
            )
