"""Saved views in the command palette (ctrl+p): the agent's own and the shipped ones, by name;
the one picked runs on Home, as ``ctrl+l`` there does.

The views are read once when the palette opens (``startup`` starts the read, in a thread, like
every other store call); with nothing typed the palette lists them all.

``startup`` must not wait for the read: Textual awaits a provider's startup from inside the
palette's search, unshielded, so a key typed while the read ran cancelled the startup itself,
and every later search of that palette awaited the cancelled startup and found nothing at all,
contacts included (ctrl+p and a name typed at once, in a real terminal). The searches wait for
the read instead, shielded: a search cancelled by the next key leaves it running.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .text import content, join

if TYPE_CHECKING:
    from .app import HelpdeskApp
    from .store.saved_views.views import SavedViewRow


class SavedViewCommands(Provider):
    """ "Saved view: …" hits; picking one runs its search on Home."""

    _reading: asyncio.Task[tuple[SavedViewRow, ...]] | None = None

    async def startup(self) -> None:
        self._reading = asyncio.create_task(self._read())

    async def _read(self) -> tuple[SavedViewRow, ...]:
        app = cast("HelpdeskApp", self.app)  # Textual types it App[object]
        try:
            return await asyncio.to_thread(app.store.saved_views.list)
        except Exception:  # the palette still finds contacts; Home's ctrl+l says what failed
            return ()

    async def _views(self) -> tuple[SavedViewRow, ...]:
        return () if self._reading is None else await asyncio.shield(self._reading)

    def _run(self, view: SavedViewRow) -> None:
        cast("HelpdeskApp", self.app).home.run_view(view.search)

    @staticmethod
    def _shown(view: SavedViewRow) -> tuple[object, object]:
        return (
            join([("Saved view", "bold"), view.name]),
            content(view.search or "(everyone)", "italic", max_len=200),
        )

    async def discover(self) -> Hits:
        for view in await self._views():
            shown, said = self._shown(view)
            yield DiscoveryHit(shown, partial(self._run, view), help=said)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for view in await self._views():
            score = matcher.match(f"view {view.name}")
            if score:
                shown, said = self._shown(view)
                yield Hit(
                    score,
                    shown,  # type: ignore[arg-type]
                    partial(self._run, view),
                    text=f"view {view.name}",
                    help=said,  # type: ignore[arg-type]
                )
