"""What another agent changed in a field after an edit's version was loaded: the rows of a
``StaleEdit`` (``store.errors``), which the conflict dialog shows as yours / theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime


class FieldChange:
    """A field someone else changed after an edit's version was loaded (see ``StaleEdit``).

    Values are text as the form edits them (booleans as yes/no, the company by name, the
    country as its code: ``store.contacts.countries.name`` shows it). ``field`` is a field name of
    ``store.contacts.fields.FIELDS``, or ``identities`` for the contact methods, whose values
    describe what was added, removed or made default.
    """

    __slots__ = ("at", "author", "field", "label", "loaded", "theirs", "yours")

    def __init__(
        self,
        field: str,
        label: str,
        loaded: str,
        theirs: str,
        yours: str | None,
        author: str,
        at: datetime | None,
    ) -> None:
        self.field = field
        self.label = label
        self.loaded = loaded
        """The value when the edit's version was loaded."""
        self.theirs = theirs
        """The value now, after the other agent's change."""
        self.yours = yours
        """The value the refused save would have written; None when it left the field alone."""
        self.author = author
        """Who changed the field last (the OS user name the journal records)."""
        self.at = at
        """When they did (aware UTC)."""

    @property
    def clashes(self) -> bool:
        """Whether the refused save changed this field too, to something else than theirs."""
        return self.yours is not None and self.yours != self.theirs

    def __repr__(self) -> str:
        return (
            f"FieldChange({self.field!r}, loaded={self.loaded!r}, theirs={self.theirs!r}, "
            f"yours={self.yours!r}, author={self.author!r}, at={self.at!r})"
        )
