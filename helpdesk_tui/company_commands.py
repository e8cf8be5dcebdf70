"""Command palette (ctrl+p): jump to a company by a fragment of its name.

Beside the contacts (``commands.ContactCommands``): the same store picker the Company field
uses (``Store.companies``: names containing the fragment, then close misspellings), run with
``asyncio.to_thread`` so the UI thread never waits on the database.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider

from .text import join

if TYPE_CHECKING:
    from .app import HelpdeskApp

LIMIT = 5
"""Companies listed at most: a few, so that the contacts a name also finds still show."""
FLOOR = 0.5
"""The score of a company the palette's own matcher does not find (a misspelling the store
forgave): still listed, under the hits that match as typed."""


class CompanyCommands(Provider):
    """Companies whose name matches what is typed in the palette, best first."""

    async def search(self, query: str) -> Hits:
        if not query.strip():
            return
        app = cast("HelpdeskApp", self.app)  # Textual types it App[object]
        try:
            names = await asyncio.to_thread(app.store.companies, query, LIMIT)
        except Exception:  # no companies listed is better than a palette that fails
            return
        matcher = self.matcher(query)
        for rank, name in enumerate(names):
            score = matcher.match(name) or FLOOR - rank / 100
            yield Hit(
                score,
                join([(name, "bold"), ("company", "$text-muted")]),
                partial(app.open_company, name),
                text=f"company {name}",
                help="Open the company's screen",
            )
