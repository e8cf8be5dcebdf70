"""Starting a merge (``m``, on a contact or on Home's highlighted result): pick the other
contact with Home's search, then the preview; the screen that started it lands on the survivor.

The picker is the one ticket moving uses, refusing the contact the merge starts from with a
sentence about merging.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..store.database.failures import sentence
from ..store.kinds import AgentRole
from ..store.refusals import NotAllowed
from ..text import clean
from .contact_picker import ContactPickerScreen, PickedContact
from .merge_preview import MergePreviewScreen, not_admin_yet

if TYPE_CHECKING:
    from ..app import HelpdeskApp
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


def as_admin(app: HelpdeskApp, then: Callable[[], object]) -> None:
    """Run ``then`` if the agent is an admin, else say why ``m`` is refused: whether they are is
    read in a thread (the store's scope, read once per session), so that an agent who may not
    merge learns it before picking anyone or choosing fields. The keys typed meanwhile (``m``
    and a name at once) wait for what ``then`` opens (``key_holding``)."""
    release = app.hold_keys()

    def check() -> bool:
        try:
            scope = app.store.scope
        except Exception as error:  # a locked or broken database: said, nothing opened
            app.call_from_thread(app.notify, clean(sentence(error)), severity="error", markup=False)
            return False
        if scope.admin:
            app.call_from_thread(then)
            return True
        said = not_admin_yet(NotAllowed("merge", AgentRole.ADMIN.value, scope.agent))
        app.call_from_thread(app.notify, clean(said), severity="error", markup=False)
        return False

    def checked() -> None:
        opened = False
        try:
            opened = check()
        finally:
            app.call_from_thread(release, opened)

    app.run_worker(checked, thread=True, group="merge-check", exit_on_error=False)


def preview_merge(
    app: HelpdeskApp, left: str, right: str, landed: Callable[[Merged], object]
) -> None:
    """Show the preview of merging ``right`` into ``left`` (admins only); ``landed`` gets the
    merge once applied (not when the preview is closed)."""

    def done(merged: Merged | None) -> None:
        if merged is not None:
            landed(merged)

    as_admin(app, lambda: app.push_screen(MergePreviewScreen(left, right), done))


def start_merge(
    app: HelpdeskApp, reference: str, name: str, landed: Callable[[Merged], object]
) -> None:
    """Ask which contact to merge with contact ``reference`` (``name`` titles the picker),
    then preview the merge (admins only: refused before the picker)."""

    def picked(contact: PickedContact | None) -> None:
        if contact is not None:
            app.push_screen(MergePreviewScreen(reference, contact.reference), landing)

    def landing(merged: Merged | None) -> None:
        if merged is not None:
            landed(merged)

    picker = MergePickerScreen(f"Merge {name} ({reference}) with which contact?", exclude=reference)
    # (mypy reads the picker's result type from LiveSearch's Screen[object] base)
    as_admin(app, lambda: app.push_screen(picker, picked))  # type: ignore[arg-type]
