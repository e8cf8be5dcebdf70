"""What the journal hands out about operations: plain frozen views, safe on any thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OperationView:
    """One operation (a unit of work) as a history lists it and an undo names it."""

    operation_id: str
    """What ``undo OPERATION_ID`` takes; an Event from before operations (migration 0007) has
    none and is listed as ``event-<id>``."""
    at: datetime
    """When it was committed (aware UTC)."""
    author: str
    description: str
    """Its Events' descriptions, in the order they were written."""
    actions: tuple[str, ...]
    """Its Events' actions (``update``, ``merge``, ``undo`` …), in order."""
    rows: int
    """How many rows it changed."""
    undoable: bool
    """Whether every row it changed is still as it left it (so undo would apply now)."""

    @property
    def is_undo(self) -> bool:
        """Whether the operation is itself an undo (undoing it redoes what it undid)."""
        return "undo" in self.actions


@dataclass(frozen=True)
class HistoryPage:
    """A page of what happened to one contact, company or ticket, newest first."""

    subject: str
    """What the history is of, as people know it: ``contact C-10000042 (Ann Lee)``."""
    entries: tuple[OperationView, ...]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class Undone:
    """An undo as applied: its own operation (undo that to redo) and the one it reversed."""

    operation_id: str
    undone: OperationView
    description: str
    rows: int
