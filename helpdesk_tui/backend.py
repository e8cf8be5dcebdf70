"""The store as the TUI reaches it: opened lazily and only ever called from worker threads.

Searching uses plain sqlite3 connections from a pool (fast, no SQLAlchemy); everything else goes
through ``store.engine.Database``, created on first use so that importing SQLAlchemy never delays
the first paint. Every call raises only ``StoreError``s (``store.failures``): a screen shows
``str(error)``, one sentence, and never the driver's text with its SQL and parameters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store.connect import RawPool, sqlite_file
from .store.errors import StoreError
from .store.failures import translated, where
from .store.hits import SearchResult
from .store.schema import check_revision, current_revision
from .store.search import search
from .store.views import ContactDetail, ContactView

if TYPE_CHECKING:
    from .store.contact_fields import IdentityOp, SavedContact
    from .store.engine import Database


class Backend:
    """One per app: the database URL, the search pool and the (lazy) full store."""

    def __init__(self, url: str, author: str | None = None, region: str | None = None) -> None:
        self.url = url
        self.author = author
        self.region = region
        self.pool = RawPool(url)
        self.where = where(url)
        """How messages name the database (its path, or the server without the password)."""
        self._database: Database | None = None
        self._lock = threading.Lock()

    @property
    def database(self) -> Database:
        """The full store, created on first use."""
        with self._lock:
            if self._database is None:
                from .store.engine import Database  # noqa: PLC0415 - keeps SQLAlchemy lazy

                self._database = Database(self.url, author=self.author, region=self.region)
            return self._database

    def open(self) -> Path | None:
        """Bring the database to the current schema; returns the backup an upgrade made."""
        if sqlite_file(self.url) is None:
            raise StoreError(
                "this helpdesk-tui opens SQLite database files (--db PATH); "
                f"{self.url.split('://', 1)[0]} is not supported yet"
            )
        with translated(self.where):
            with self.pool.connection() as conn:
                needs_upgrade = check_revision(current_revision(conn))
            if not needs_upgrade:
                return None
            from .store.schema import ensure  # noqa: PLC0415

            return ensure(self.database)

    def search(self, query: str, limit: int, cancelled: Callable[[], bool]) -> SearchResult:
        """Home's search (see ``store.search``)."""
        with translated(self.where), self.pool.connection() as conn:
            return search(conn, query, limit=limit, cancelled=cancelled)

    def contact(self, reference: str) -> ContactDetail:
        """Everything the contact screen shows."""
        from .store.contact_reads import get_contact  # noqa: PLC0415

        with translated(self.where):
            return get_contact(self.database, reference)

    def save(
        self,
        reference: str,
        version: int,
        changes: dict[str, str],
        identity_ops: Sequence[IdentityOp] = (),
        create_company: bool = False,
    ) -> SavedContact:
        """Save the Details tab's pending edits."""
        from .store.contacts import update_contact  # noqa: PLC0415

        with translated(self.where):
            return update_contact(
                self.database, reference, version, changes, identity_ops, create_company
            )

    def create(self, **fields: Any) -> ContactView:
        """Create a contact from the New contact form."""
        from .store.contacts import create_contact  # noqa: PLC0415

        with translated(self.where):
            return create_contact(self.database, **fields)

    def companies(self, fragment: str, limit: int = 8) -> list[str]:
        """Company names for a picker, best match first."""
        from .store.companies import find_companies  # noqa: PLC0415

        with translated(self.where), self.pool.connection() as conn:
            return find_companies(conn, fragment, limit)

    def company_exists(self, name: str) -> bool:
        """Whether a save would find the company called ``name``."""
        from .store.contacts import company_exists  # noqa: PLC0415

        with translated(self.where):
            return company_exists(self.database, name)

    def close(self) -> None:
        """Close every connection."""
        self.pool.close()
        if self._database is not None:
            self._database.dispose()
