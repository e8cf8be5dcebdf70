"""Saved views in the command palette (ctrl+p): the agent's own and the shipped ones, by name;
the one picked runs on Home, as ``ctrl+l`` there does.

The views are read once when the palette opens (``startup``), in a thread, like every other
store call; with nothing typed the palette lists them all.
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

    views: tuple[SavedViewRow, ...] = ()

    async def startup(self) -> None:
        app = cast("HelpdeskApp", self.app)  # Textual types it App[object]
        try:
            self.views = await asyncio.to_thread(app.store.saved_views.list)
        except Exception:  # the palette still finds contacts; Home's ctrl+l says what failed
            self.views = ()

    def _run(self, view: SavedViewRow) -> None:
        cast("HelpdeskApp", self.app).home.run_view(view.search)

    @staticmethod
    def _shown(view: SavedViewRow) -> tuple[object, object]:
        return (
            join([("Saved view", "bold"), view.name]),
            content(view.search or "(everyone)", "italic", max_len=200),
        )

    async def discover(self) -> Hits:
        for view in self.views:
            shown, said = self._shown(view)
            yield DiscoveryHit(shown, partial(self._run, view), help=said)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for view in self.views:
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
