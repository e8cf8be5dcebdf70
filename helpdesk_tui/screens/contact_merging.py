"""Merging from a contact's screen: ``m`` (pick the other contact, preview, merge), and the
identity conflict of a save (a new contact method another contact owns: move it here, merge
the two contacts, or cancel).

A mixin of ContactScreen, which owns the state it reads and changes (``contact``, ``pending``,
``ops``, ``errors``). A merge works on the contacts as saved, so unsaved edits are dropped first,
after a yes; once merged, the screen shows the survivor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from ..messages import MethodMoved, SaveRefused
from ..store.contacts.fields import AddIdentity
from ..store.database.failures import sentence
from ..store.errors import IdentityConflict, StaleEdit
from ..text import clean
from .confirm import ConfirmScreen
from .conflict import conflict_rows
from .identity_conflict import ConflictChoice, IdentityConflictScreen
from .merge_picker import start_merge
from .merge_preview import MergePreviewScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.contacts.fields import IdentityOp
    from ..store.contacts.merge import Merged
    from ..store.contacts.views import ContactDetail, ContactView

    _Base = Screen[object]
else:
    _Base = object

DISCARD_FIRST = (
    "A merge works on the contacts as saved: discard your unsaved edits to this contact first?"
)


def _pending_add(ops: tuple[IdentityOp, ...], conflict: IdentityConflict) -> AddIdentity | None:
    """The pending new method a conflict is about (its ``field`` is ``identity:new:N``)."""
    index = conflict.field.rsplit(":", 1)[-1]
    if conflict.field.startswith("identity:new:") and index.isdigit() and int(index) < len(ops):
        op = ops[int(index)]
        if isinstance(op, AddIdentity) and op.kind == conflict.kind:
            return op
    return None


def _without(ops: tuple[IdentityOp, ...], op: AddIdentity | None) -> tuple[IdentityOp, ...]:
    if op is None or op not in ops:
        return ops
    index = ops.index(op)
    return ops[:index] + ops[index + 1 :]


class ContactMerging(_Base):
    """``action_merge``, ``offer_identity_choice`` and what comes of them."""

    if TYPE_CHECKING:
        app: HelpdeskApp
        reference: str
        detail: ContactDetail | None
        contact: ContactView | None
        pending: dict[str, str]
        ops: tuple[IdentityOp, ...]
        errors: dict[str, str]
        dirty: bool
        draft_version: int | None

        def discard_draft(self) -> None: ...
        def edits_version(self) -> int: ...
        def show_contact(self, reference: str) -> None: ...
        def action_save(self, create_company: bool = False, version: int | None = None) -> None: ...

    def action_merge(self) -> None:
        """Merge this contact with another: pick it, then the preview (this one on the left,
        surviving unless the agent swaps)."""
        contact = self.contact
        if contact is None:
            return
        go = lambda: start_merge(  # noqa: E731 - the step after an optional question
            self.app, contact.reference, contact.name, self.land_on_survivor
        )
        if self.dirty:
            self._discard_then(go)
        else:
            go()

    def _discard_then(self, then: Callable[[], object]) -> None:
        """Ask before dropping the unsaved edits a merge would leave behind; then ``then``."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.discard_draft()
                self.draft_version = None
                self.pending, self.ops, self.errors = {}, (), {}
                then()

        self.app.push_screen(ConfirmScreen(DISCARD_FIRST, "Discard"), answered)

    def land_on_survivor(self, merged: Merged) -> None:
        """After a merge: show the survivor (this contact read again, or the other one)."""
        self.show_contact(merged.survivor.reference)

    def offer_identity_choice(self, conflict: IdentityConflict) -> None:
        """A save refused because a new method belongs to another contact: ask what to do."""
        if self.contact is None:
            return
        op = _pending_add(self.ops, conflict)
        here = f"{self.contact.name} ({self.contact.reference})"

        def chosen(choice: ConflictChoice | None) -> None:
            if choice is ConflictChoice.MOVE:
                self.move_method(conflict, self.edits_version(), op)
            elif choice is ConflictChoice.MERGE:
                self._merge_with_owner(conflict, op)

        self.app.push_screen(IdentityConflictScreen(conflict, here), chosen)

    def _merge_with_owner(self, conflict: IdentityConflict, op: AddIdentity | None) -> None:
        """The preview of merging the method's owner into this contact. The new method is
        dropped from the pending edits (the merge brings it), and put back if the preview is
        closed without merging; other unsaved edits are dropped first, after a yes."""

        def done(merged: Merged | None) -> None:
            if merged is not None:
                self.land_on_survivor(merged)
            elif op is not None and op not in self.ops and self.contact is not None:
                self.ops = (*self.ops, op)

        def go() -> None:
            self.ops = _without(self.ops, op)
            self.app.push_screen(
                MergePreviewScreen(self.reference, conflict.owner_reference),
                done,
            )

        if self.pending or _without(self.ops, op):
            self._discard_then(go)
        else:
            go()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def move_method(self, conflict: IdentityConflict, version: int, op: AddIdentity | None) -> None:
        """Move the method to this contact ("move it here") in a thread, presenting the version
        the edits were made on."""
        try:
            moved = self.app.store.merging.move_identity(
                conflict.kind, conflict.value, self.reference, version
            )
        except StaleEdit as error:
            self.post_message(
                SaveRefused(str(error), stale=True, conflict=tuple(conflict_rows(error)))
            )
            return
        except Exception as error:  # moved or removed meanwhile, a locked database: said
            self.post_message(MethodMoved(error=f"Nothing was moved: {sentence(error)}"))
            return
        said = (
            f"Moved {conflict.kind} {conflict.value} from {conflict.owner_name} "
            f"({conflict.owner_reference}) to {moved.name} ({moved.reference})."
        )
        self.post_message(MethodMoved(moved, said, op=op))

    def on_method_moved(self, message: MethodMoved) -> None:
        """The method is this contact's now: its pending addition goes, and the rest of what
        ctrl+s was asked to save is saved (on the version the move made)."""
        if message.contact is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        self.notify(clean(message.said, 400), markup=False)
        self.ops = _without(self.ops, message.op)
        self.errors = {}
        self.draft_version = None
        if self.detail is not None:
            self.detail = replace(self.detail, contact=message.contact)
        if self.dirty:
            self.action_save()
