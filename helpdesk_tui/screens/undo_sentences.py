"""What ``u`` and a history say: the question naming the operation, what was undone, and why
nothing was, each one sentence built from the journal's typed views and refusals (never from
their text), with times in the local time zone like the rest of the app.

The CLI twin (``cli_journal``) says the same things in the terminal's terms; here a time reads
"today 14:02", the way an agent remembers what they just did.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from ..store.database.failures import sentence
from ..store.errors import NotFound
from ..store.journal.views import OperationView, Undone
from ..store.refusals import CannotUndo, RowChanged, UndoConflict, UndoProblem

NAMED = 2
"""How many changed rows a refusal names (it counts the rest), as the CLI's does."""


class UndoRefused(StrEnum):
    """Why an undo was not applied: what the screen tells apart (how loudly it says so)."""

    NOTHING = "nothing"
    """The agent has nothing left of theirs to undo."""
    CHANGED = "changed"
    """Rows the operation changed have changed since (someone's work would be overwritten)."""
    CANNOT = "cannot"
    """The journal cannot reverse it (too old, rows added since depend on it, no such id)."""
    FAILED = "failed"
    """The database could not be reached or written (locked, gone)."""


def moment(at: datetime, now: datetime) -> str:
    """A journal time as the agent reads it: local, "today 14:02", "yesterday 09:15", else the
    date and the minute."""
    local, today = at.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def _rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


def question(view: OperationView, now: datetime) -> str:
    """The confirmation of an undo: the operation's description, who did it and when, and how
    many rows it changed; an undo's says that undoing it redoes what it undid."""
    said = (
        f"Undo '{view.description}' (by {view.author}, {moment(view.at, now)}, "
        f"{_rows(view.rows)} changed)?"
    )
    if view.is_undo:
        said += " It was an undo itself: undoing it redoes what it undid."
    return said


def undone(done: Undone) -> str:
    """What an applied undo did, as a sentence (``undid edited title of Ann Lee``)."""
    text = done.description
    return f"{text[:1].upper()}{text[1:]} ({_rows(done.rows)})."


def _changed(change: RowChanged, now: datetime) -> str:
    if not change.author:
        return f"{change.label} was changed outside the journal"
    when = f" {moment(change.at, now)}" if change.at is not None else ""
    what = f" ({change.description})" if change.description else ""
    return f"{change.label} was changed by {change.author}{when}{what}"


def refusal(error: Exception, now: datetime) -> tuple[UndoRefused, str]:
    """Why nothing was undone, as a kind and a sentence: who changed what since and when, no
    operation left to undo, one the journal cannot reverse, or the database's trouble."""
    if isinstance(error, UndoConflict):
        named = "; ".join(_changed(change, now) for change in error.changes[:NAMED])
        more = error.changed - min(len(error.changes), NAMED)
        if more > 0:
            named += f"; and {_rows(more)} more"
        return (
            UndoRefused.CHANGED,
            f"Nothing was undone: since '{error.description}', {named}.",
        )
    if isinstance(error, CannotUndo) and error.problem is UndoProblem.NOTHING:
        return (
            UndoRefused.NOTHING,
            "Nothing of yours to undo: your latest changes were undone or changed since "
            "(h on a contact, company or ticket lists its history to undo from).",
        )
    if isinstance(error, CannotUndo | NotFound):
        text = sentence(error)
        return UndoRefused.CANNOT, f"{text[:1].upper()}{text[1:]}"
    return UndoRefused.FAILED, f"Nothing was undone: {sentence(error)}"
