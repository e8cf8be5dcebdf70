"""A saved view as the store hands it out, and the views every agent starts with.

Only the standard library (and the search's parser, which needs no more): the palette and Home
list these, and the CLI prints them, without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..search.query import parse

NAME_MAX = 80
QUERY_MAX = 500


@dataclass(frozen=True)
class SavedViewRow:
    """A named search: Home's search text (filters and all, ``store.search.query``) and two
    conditions on the contacts' tickets, kept as flags since migration 0009 (``view save
    --has-open``). The search grammar now says them itself (``has:``): ``search`` is the text
    that runs the view, flags and all."""

    name: str
    query: str
    has_open_tickets: bool = False
    """Only contacts with an open (new, open, pending) ticket."""
    has_unassigned_tickets: bool = False
    """Only contacts with an open ticket nobody is assigned to."""
    shipped: bool = False
    """One of ``DEFAULTS``, not saved by the agent: it cannot be deleted, only shadowed by a
    view of the agent's own with its name."""
    version: int = 0
    """The saved row's version (0 for a shipped view)."""

    @property
    def search(self) -> str:
        """What Home searches for to open the view: its query, with its flags as ``has:``
        (``has:unassigned`` when either asks for it, being the narrower)."""
        query = parse(self.query)
        if self.has_unassigned_tickets or query.has == "unassigned":
            wanted = "unassigned"
        else:
            wanted = "open" if self.has_open_tickets else ""
        if not wanted or query.has == wanted:
            return self.query
        return query._replace(filters={**query.filters, "has": wanted}).unparse()


DEFAULTS: tuple[SavedViewRow, ...] = (
    SavedViewRow("WhatsApp contacts", "kind:whatsapp", shipped=True),
    SavedViewRow("Has open tickets", "", has_open_tickets=True, shipped=True),
    SavedViewRow("Has unassigned tickets", "", has_unassigned_tickets=True, shipped=True),
)
"""The views every agent has from the start."""
