"""``Store.activities``: the one way the TUI and the CLI list, log, edit and remove activities.

A small class of its own, as ``store.tickets.door`` is, so ``store.service`` stays the door
without growing; it imports nothing heavy until a method is called. Each method opens the
database on first use (``ready``), runs one read or one unit of work, and raises only
``StoreError``s (``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated
from .views import PAGE_SIZE

if TYPE_CHECKING:
    from datetime import datetime

    from ..database.engine import Database
    from .views import ActivityPage, ActivityView


class ActivityDoor:
    """A contact's or company's activities, and the agent's own changes to them.

    Contacts are named by reference, companies by name or reference (any case). Bad input
    raises ``InvalidInput`` (``field``: ``kind`` with ``choices``, ``summary``, ``body``,
    ``contact``), an unknown contact, company or activity ``NotFound`` (``field``), another
    agent's activity ``NotYours`` (``owner``), a stale version ``StaleEdit``.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def page(
        self, contact: str = "", company: str = "", offset: int = 0, limit: int = PAGE_SIZE
    ) -> ActivityPage:
        """A page of a contact's or a company's activities, newest first."""
        from .reads import list_activities  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return list_activities(db, contact, company, offset, limit)

    def get(self, activity_id: int) -> ActivityView:
        """One activity, with the version an edit presents."""
        from .reads import get_activity  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return get_activity(db, activity_id)

    def log(
        self,
        *,
        kind: str,
        summary: str,
        contact: str = "",
        company: str = "",
        body: str = "",
        occurred_at: datetime | None = None,
    ) -> ActivityView:
        """Log an activity for a contact or a company (``operations.log_activity_in``)."""
        from .operations import log_activity  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return log_activity(
                db,
                kind=kind,
                summary=summary,
                contact=contact,
                company=company,
                body=body,
                occurred_at=occurred_at,
            )

    def edit(
        self,
        activity_id: int,
        version: int,
        *,
        kind: str | None = None,
        summary: str | None = None,
        body: str | None = None,
        occurred_at: datetime | None = None,
    ) -> ActivityView:
        """Change the agent's own activity loaded at ``version`` (None leaves a field)."""
        from .operations import edit_activity  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return edit_activity(
                db,
                activity_id,
                version,
                kind=kind,
                summary=summary,
                body=body,
                occurred_at=occurred_at,
            )

    def remove(self, activity_id: int, version: int) -> ActivityView:
        """Remove the agent's own activity loaded at ``version``; returns it as it was."""
        from .operations import remove_activity  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return remove_activity(db, activity_id, version)
