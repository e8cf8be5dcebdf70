"""``Store.journal``: the one way the TUI and the CLI read a history and undo an operation.

A small class of its own, as ``store.tickets.door`` is, so ``store.service`` stays the door
without growing; it imports nothing heavy until a method is called. Each method opens the
database on first use (``ready``), runs one read or one unit of work, and raises only
``StoreError``s (``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .views import HistoryPage, OperationView, Undone

HISTORY_PAGE = 20


class JournalDoor:
    """Histories of contacts, companies and tickets, and undo of any operation in them.

    An operation is named by the id a history gives it; none means the acting agent's latest
    that can be undone. A refused undo raises ``UndoConflict`` (who changed what, and when),
    ``CannotUndo`` (``problem``) or ``NotFound``, and writes nothing.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def history(self, reference: str, offset: int = 0, limit: int = HISTORY_PAGE) -> HistoryPage:
        """The operations that touched or concern a contact (``C-…``), a ticket (``T-…``) or a
        company (name or ``CO-…``), newest first, each with whether it can be undone now."""
        from .history import history_page  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where), db.read() as session:
            return history_page(session, reference, offset, limit)

    def preview(self, operation_id: str | None = None) -> OperationView:
        """What ``undo`` would undo now, for its confirmation; raises what it would."""
        from .undo import preview  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return preview(db, operation_id)

    def undo(self, operation_id: str | None = None) -> Undone:
        """Undo an operation as a new one (undo that to redo)."""
        from .undo import undo  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return undo(db, operation_id)
