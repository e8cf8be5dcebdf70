"""``Store.merging``: the one way the TUI and the CLI preview and apply a merge of two contacts,
and move a contact method from the contact who holds it.

A small class of its own, as ``store.tickets.door`` is, so ``store.service`` stays the door
without growing; it imports nothing heavy until a method is called. Each method opens the
database on first use (``ready``), runs one read or one unit of work, and raises only
``StoreError``s (``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .merge import Merged
    from .merge_plan import MergePlan, Side
    from .views import ContactView


class MergeDoor:
    """Merges of two contacts (by reference, as typed) and moves of one contact method.

    A refused merge raises ``NotAllowed`` (only admins merge), ``MergeRefused`` (``problem``:
    itself, a tombstone, a loop), ``NotFound``, ``InvalidInput`` or ``StaleEdit``; nothing is
    then written.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def plan(self, a: str, b: str) -> MergePlan:
        """Both contacts side by side: the fields that differ, and what each holds."""
        from .merge_plan import merge_plan  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return merge_plan(db, a, b)

    def merge(
        self,
        a: str,
        b: str,
        keep: Side | None = None,
        take: Mapping[str, Side] | None = None,
        versions: tuple[int | None, int | None] = (None, None),
    ) -> Merged:
        """Merge ``a`` and ``b`` into ``keep`` (default ``a``), the fields in ``take`` coming
        from the side named, in one unit of work that ``Store.journal.undo`` reverses."""
        from .merge import merge_contacts  # noqa: PLC0415
        from .merge_plan import Side  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return merge_contacts(db, a, b, keep or Side.A, take, versions)

    def move_identity(
        self, kind: str, value: str, to: str, version: int | None = None
    ) -> ContactView:
        """Give a contact method another contact holds to contact ``to`` ("move it here")."""
        from .identity_move import move_identity  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return move_identity(db, kind, value, to, version)
