"""Search results as plain named tuples.

``helpdesk-tui search`` is timed as a whole process against fzf and abook, and defining a
frozen dataclass costs about half a millisecond at import (it compiles its methods; importing
``dataclasses`` pulls in ``inspect``): more than the search itself takes at 100k contacts.
"""

from __future__ import annotations

from typing import NamedTuple

from ..kinds import PHONE_KINDS


class SearchHit(NamedTuple):
    """One row of a search result: what an agent needs to recognise the caller."""

    contact_id: int
    reference: str
    name: str
    company: str
    email: str
    phone: str
    open_tickets: int
    score: float
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    active: bool = True
    matched_kind: str = ""
    """The kind of the contact method the query found this contact by ("email", "whatsapp",
    "twitter" …); "" when its name, company, reference or PIN did."""
    matched_value: str = ""
    """That contact method as stored for display. When it is an email or a number, ``email`` or
    ``phone`` shows it instead of the default, which stays first in ``emails``/``phones``."""

    @property
    def matched_number(self) -> bool:
        """Found by a number (phone, SMS, WhatsApp): the row's phone column shows it."""
        return self.matched_kind in PHONE_KINDS

    @property
    def secondary_match(self) -> bool:
        """Found by a method the row would not show by default (a second address, another
        number, a handle): worth pointing out, or the agent wonders why the row is there."""
        return bool(self.matched_kind) and self.matched_value not in (
            *self.emails[:1],
            *self.phones[:1],
        )


class SearchResult(NamedTuple):
    """Hits for one query, with how they were found (shown in the status line, used by tests)."""

    query: str
    hits: tuple[SearchHit, ...]
    strategy: str
    corrected: tuple[str, ...] = ()
    error: str = ""
    """Why the query could not be searched (strategy "invalid"), as a sentence for the person
    who typed it: ``kind:fax`` lists the kinds there are, rather than finding nobody."""
    read_as: str = ""
    """The query as searched, when that is not as it was typed: ``company:koch media jon``,
    no company being called that, is read as ``jon company:"koch media"``."""
    as_of: int = 0
    """The journal's last Event when the search began (``journal.head``): a screen showing
    these hits reads again only once the journal has moved past it."""
