"""Starting a merge (``m``, on a contact or on Home's highlighted result): pick the other
contact with Home's search, then the preview; the screen that started it lands on the survivor.

The picker is the one ticket moving uses, refusing the contact the merge starts from with a
sentence about merging.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .contact_picker import ContactPickerScreen, PickedContact
from .merge_preview import MergePreviewScreen

if TYPE_CHECKING:
    from textual.app import App

    from ..store.contacts.merge import Merged


class MergePickerScreen(ContactPickerScreen):
    """The contact picker, for the other contact of a merge."""

    def pick(self, reference: str) -> None:
        if reference == self.exclude:
            self._status(
                "That is the contact you are merging: pick the other one.", "bold $warning"
            )
            return
        super().pick(reference)


def preview_merge(app: App[Any], left: str, right: str, landed: Callable[[Merged], object]) -> None:
    """Show the preview of merging ``right`` into ``left``; ``landed`` gets the merge once
    applied (not when the preview is closed)."""

    def done(merged: Merged | None) -> None:
        if merged is not None:
            landed(merged)

    app.push_screen(MergePreviewScreen(left, right), done)


def start_merge(
    app: App[Any], reference: str, name: str, landed: Callable[[Merged], object]
) -> None:
    """Ask which contact to merge with contact ``reference`` (``name`` titles the picker),
    then preview the merge."""

    def picked(contact: PickedContact | None) -> None:
        if contact is not None:
            preview_merge(app, reference, contact.reference, landed)

    app.push_screen(
        MergePickerScreen(f"Merge {name} ({reference}) with which contact?", exclude=reference),
        picked,  # type: ignore[arg-type]
    )  # (mypy reads the picker's result type from LiveSearch's Screen[object] base)
