"""``Store.saved_views``: the one way the TUI and the CLI list, save and delete an agent's
saved views. Nothing heavy is imported until a method is called; each raises only
``StoreError``s (``failures.translated``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .views import SavedViewRow


class SavedViewDoor:
    """The acting agent's saved views, and the shipped ones (``views.DEFAULTS``).

    Bad input raises ``InvalidInput`` (field ``name`` or ``query``); deleting a view the agent
    has not saved raises ``NotFound`` (field ``name``).
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def list(self) -> tuple[SavedViewRow, ...]:
        """The agent's views and the shipped ones, by name."""
        from .operations import list_views  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return list_views(db)

    def save(
        self,
        name: str,
        query: str,
        has_open_tickets: bool = False,
        has_unassigned_tickets: bool = False,
    ) -> SavedViewRow:
        """Save (or replace) the agent's view called ``name``."""
        from .operations import save_view  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return save_view(db, name, query, has_open_tickets, has_unassigned_tickets)

    def delete(self, name: str) -> SavedViewRow:
        """Delete the agent's view called ``name``; returns it as it was."""
        from .operations import delete_view  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return delete_view(db, name)
