"""Possible duplicates in the command palette (ctrl+p): "Possible duplicates" opens the view of
likely duplicate pairs (``screens.duplicates``). It has no key on Home: the search box takes
letters there, ``D`` is the contact's deactivate/delete, and ctrl+d is the box's delete."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .text import content, join

NAME = "Possible duplicates"
HELP = "Pairs of contacts that look like one person: merge them or mark them not duplicates"


class DuplicateCommands(Provider):
    """One hit: the duplicates view."""

    def _open(self) -> None:
        from .screens.duplicates import DuplicatesScreen  # noqa: PLC0415 - only when asked

        self.app.push_screen(DuplicatesScreen())

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            join([(NAME, "bold")]),
            self._open,
            help=content(HELP, "italic"),  # type: ignore[arg-type]
        )

    async def search(self, query: str) -> Hits:
        score = self.matcher(query).match(NAME)
        if score:
            yield Hit(
                score,
                join([(NAME, "bold")]),
                self._open,
                text=NAME,
                help=content(HELP, "italic"),  # type: ignore[arg-type]
            )
