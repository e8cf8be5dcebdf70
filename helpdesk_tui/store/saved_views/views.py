"""A saved view as the store hands it out, and the views every agent starts with.

Only the standard library: the palette and Home list these, and the CLI prints them, without
loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME_MAX = 80
QUERY_MAX = 500


@dataclass(frozen=True)
class SavedViewRow:
    """A named search: Home's search text (filters and all, ``store.search.query``) and two
    conditions the search grammar has no filter for, which whoever runs the view applies to
    the contacts it finds (migration 0009 says why)."""

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


DEFAULTS: tuple[SavedViewRow, ...] = (
    SavedViewRow("WhatsApp contacts", "kind:whatsapp", shipped=True),
    SavedViewRow("Has open tickets", "", has_open_tickets=True, shipped=True),
    SavedViewRow("Has unassigned tickets", "", has_unassigned_tickets=True, shipped=True),
)
"""The views every agent has from the start."""
