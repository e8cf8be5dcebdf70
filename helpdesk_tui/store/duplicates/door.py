"""``Store.duplicates``: the one way the TUI and the CLI list possible duplicate pairs and mark
one "not duplicates". Nothing heavy is imported until a method is called; each raises only
``StoreError``s (``failures.translated``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .views import Duplicates


class DuplicateDoor:
    """Likely duplicate pairs of live contacts, and the pairs agents dismissed.

    Dismissing one contact twice raises ``InvalidInput`` (field ``contact``); an unknown
    reference ``NotFound``.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def find(self, limit: int = 50) -> Duplicates:
        """The ``limit`` likeliest pairs not dismissed, best first."""
        from .operations import find_duplicates  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return find_duplicates(db, limit)

    def dismiss(self, first: str, second: str) -> bool:
        """Mark two contacts (by reference) "not duplicates", undoably; False when they were
        already."""
        from .operations import dismiss  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return dismiss(db, first, second)
