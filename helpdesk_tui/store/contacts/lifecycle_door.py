"""``Store.lifecycle``: the one way the TUI and the CLI deactivate, reactivate, delete, restore
and purge a contact (``store.contacts.lifecycle``).

A small class of its own, as ``merge_door`` is, so ``store.service`` stays the door without
growing; it imports nothing heavy until a method is called, and raises only ``StoreError``s
(``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .lifecycle import LifecycleAction, LifecycleDone


class LifecycleDoor:
    """Changes of a contact's life, each one unit of work that undo reverses (but a purge).

    A refusal raises ``NotAllowed`` (delete, restore and purge need an admin),
    ``LifecycleRefused`` (the contact's state: ``HasTickets`` among them), ``NotFound`` or
    ``ContactUnavailable`` (the contact to reassign tickets to); nothing is then written.
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def apply(
        self, action: LifecycleAction, reference: str, reassign_to: str | None = None
    ) -> LifecycleDone:
        """Do ``action`` to the contact ``reference`` names (as typed); a delete first
        reassigns its tickets to ``reassign_to``."""
        from .lifecycle import apply  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return apply(db, action, reference, reassign_to)

    def is_admin(self) -> bool:
        """Whether this agent may delete, restore and purge (``D`` says why not before the
        agent picks anyone to reassign tickets to)."""
        from .lifecycle import is_admin  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return is_admin(db)
