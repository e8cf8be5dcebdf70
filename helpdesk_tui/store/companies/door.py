"""``Store.company``: the one way the TUI and the CLI read a company for its screen and change
its fields and primary contact.

A small class of its own, as ``store.tickets.door`` is; it imports nothing heavy until a
method is called. Each method opens the database on first use, runs one read or one unit of
work, and raises only ``StoreError``s (``failures.translated``). ``Store.companies`` (the
name picker) is not this: it ranks names for a fragment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..database.failures import translated
from .views import CONTACTS_PAGE

if TYPE_CHECKING:
    from ..database.engine import Database
    from .views import CompanyContact, CompanyOverview, CompanyView, ContactsPage, GroupCount


class CompanyDoor:
    """A company by name (any case) or reference (``CO-…``), as its screen shows it, and the
    changes agents make to it.

    An unknown company raises ``NotFound`` (field ``company``); an inline edit presents the
    version loaded and raises ``StaleEdit`` when someone saved since, ``InvalidInput``
    (``field``, ``choices``) for bad input and ``NameTaken`` for another company's name.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def overview(self, name_or_reference: str) -> CompanyOverview:
        """Details, first contacts, ticket counts by group, newest tickets and activities."""
        from .reads import company_overview  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return company_overview(db, name_or_reference)

    def get(self, name_or_reference: str) -> CompanyView:
        """The company's own fields, with the version an edit presents."""
        from .reads import get_company  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return get_company(db, name_or_reference)

    def contacts(
        self, name_or_reference: str, offset: int = 0, limit: int = CONTACTS_PAGE
    ) -> ContactsPage:
        """A page of the company's contacts, the primary one first, then by name."""
        from .reads import list_contacts  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return list_contacts(db, name_or_reference, offset, limit)

    def ticket_counts(self, name_or_reference: str) -> tuple[GroupCount, ...]:
        """Open and closed tickets by group: the bar chart."""
        from .reads import ticket_counts  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return ticket_counts(db, name_or_reference)

    def edit(self, name_or_reference: str, version: int, changes: Mapping[str, str]) -> CompanyView:
        """Save inline edits (``views.EDITABLE`` fields as text) made on ``version``."""
        from .operations import edit_company  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return edit_company(db, name_or_reference, version, changes)

    def set_primary(self, name_or_reference: str, contact: str) -> CompanyContact:
        """Make one of the company's contacts its primary one (the mark moves)."""
        from .operations import set_primary  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return set_primary(db, name_or_reference, contact)
