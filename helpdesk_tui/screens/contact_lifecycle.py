"""``D`` on a contact's screen: deactivate or reactivate it, delete it (its tickets reassigned
to a contact picked in the same flow), restore or purge a deleted one.

A mixin of ContactScreen, which owns the state it reads (``contact``, ``detail``, ``dirty``).
``D`` first asks the store (in a thread) whether the agent is an admin, so the dialog says
which choices are theirs before anyone is picked; then the choice runs in a thread worker
that posts ``LifecycleApplied``. A deactivation, reactivation or restore reads the contact
again; after a delete or a purge the agent lands on Home, told how to undo (or that nothing
can). A change refused by the store (someone deleted it meanwhile, a role taken away) is one
sentence, and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from ..key_holding import Release
from ..messages import LifecycleApplied, LifecycleOffered
from ..store.contacts.lifecycle import LifecycleAction
from ..store.database.failures import sentence
from ..text import clean
from .confirm import ConfirmScreen
from .contact_picker import ContactPickerScreen, PickedContact
from .lifecycle_dialog import LifecycleOffer, LifecycleScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.contacts.lifecycle import LifecycleDone
    from ..store.contacts.views import ContactDetail, ContactView

    _Base = Screen[None]
else:
    _Base = object

LIFECYCLE_BINDING = Binding(
    "D",
    "lifecycle",
    "Deactivate/delete",
    show=False,
    tooltip="Deactivate or delete this contact (restore or purge a deleted one)",
    id="lifecycle",
)
"""Listed in ``?`` (Textual merges only ``BINDINGS`` of DOM classes: ContactScreen adds it)."""

UNSAVED = "This contact has unsaved edits: save them (ctrl+s) or drop them (r) first."


def _plural(count: int) -> str:
    return f"{count} ticket" if count == 1 else f"{count} tickets"


def applied(done: LifecycleDone) -> str:
    """What was done, in the sentence the agent is shown."""
    who = f"{done.name} ({done.reference})" if done.name else done.reference
    if done.action is LifecycleAction.PURGE:
        return f"Purged {done.reference}: it is gone for good (a purge cannot be undone)."
    moved = ""
    if done.tickets_moved:
        moved = f"; {_plural(done.tickets_moved)} moved to {done.reassigned_to}"
    return f"{done.action.value.capitalize()}d {who}{moved}. Press u to undo it."


class ContactLifecycle(_Base):
    """``action_lifecycle`` and what comes of it. The keys typed while whether the agent is
    an admin is read wait for the dialog (``key_holding``)."""

    _lifecycle_keys: Release | None = None

    if TYPE_CHECKING:
        app: HelpdeskApp
        reference: str
        detail: ContactDetail | None
        contact: ContactView | None
        dirty: bool

        def load(self, offer_draft: bool = False) -> object: ...

    def action_lifecycle(self) -> None:
        """``D``: the dialog of what can become of this contact."""
        if self.contact is None:
            return
        if self.dirty:
            self.notify(UNSAVED, severity="warning", markup=False)
            return
        self._lifecycle_keys = self.app.hold_keys()  # D and a choice typed at once
        self.offer_lifecycle()

    @work(thread=True, exclusive=True, group="lifecycle-offer", exit_on_error=False)
    def offer_lifecycle(self) -> None:
        """Whether the agent is an admin, read in a thread."""
        try:
            admin = self.app.store.lifecycle.is_admin()
            agent = self.app.store.database.author
        except Exception as error:  # a locked or broken database: said
            self.post_message(LifecycleOffered(error=sentence(error)))
            return
        self.post_message(LifecycleOffered(admin=admin, agent=agent))

    def on_lifecycle_offered(self, message: LifecycleOffered) -> None:
        release, self._lifecycle_keys = self._lifecycle_keys, None
        opened = False
        try:
            opened = self._offer(message)
        finally:
            if release is not None:
                release(opened)

    def _offer(self, message: LifecycleOffered) -> bool:
        """The dialog, if it can be offered; whether it was."""
        contact, detail = self.contact, self.detail
        if message.error or contact is None or detail is None:
            if message.error:
                self.notify(clean(message.error, 400), severity="error", markup=False)
            return False
        offer = LifecycleOffer(
            contact.reference,
            contact.name,
            contact.active,
            contact.deleted_at is not None,
            detail.ticket_count,
            message.admin,
            message.agent,
        )
        self.app.push_screen(LifecycleScreen(offer), lambda chosen: self._chosen(offer, chosen))
        return True

    def _chosen(self, offer: LifecycleOffer, action: LifecycleAction | None) -> None:
        if action is None:
            return
        who = f"{offer.name} ({offer.reference})"
        if action is LifecycleAction.PURGE:
            question = (
                f"Purge {who} for good? Their contact methods, activities and data go too. "
                "This cannot be undone: u will not bring them back."
            )
            self._confirmed(question, "Purge", action)
        elif action is LifecycleAction.DELETE and offer.tickets:
            self._reassign(offer)
        else:
            self.apply_lifecycle(action, offer.reference)

    def _confirmed(self, question: str, label: str, action: LifecycleAction, to: str = "") -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.apply_lifecycle(action, self.reference, to or None)

        self.app.push_screen(ConfirmScreen(question, label), answered)

    def _reassign(self, offer: LifecycleOffer) -> None:
        """Pick the contact that gets the tickets, then confirm the delete naming both."""
        tickets = _plural(offer.tickets)

        def picked(heir: PickedContact | None) -> None:
            if heir is None:
                return
            question = (
                f"Delete {offer.name} ({offer.reference}) and move their {tickets} to "
                f"{heir.name} ({heir.reference})? u undoes both."
            )
            self._confirmed(question, "Delete", LifecycleAction.DELETE, heir.reference)

        title = f"Who gets the {tickets} of {offer.name} ({offer.reference})? Then it is deleted."
        self.app.push_screen(
            ContactPickerScreen(title, exclude=offer.reference),
            picked,  # type: ignore[arg-type]  # LiveSearch hides the screen's result type
        )

    @work(thread=True, exclusive=True, group="lifecycle", exit_on_error=False)
    def apply_lifecycle(
        self, action: LifecycleAction, reference: str, reassign_to: str | None = None
    ) -> None:
        """Do it, in a thread."""
        try:
            done = self.app.store.lifecycle.apply(action, reference, reassign_to)
        except Exception as error:  # refused (a role, the contact's state), or the database
            self.post_message(LifecycleApplied(error=f"Nothing was changed: {sentence(error)}"))
            return
        self.post_message(LifecycleApplied(done))

    def on_lifecycle_applied(self, message: LifecycleApplied) -> None:
        done = message.done
        if done is None:
            self.notify(clean(message.error, 600), severity="error", markup=False, timeout=15)
            return
        self.notify(clean(applied(done), 600), markup=False, timeout=15)
        if done.action in (LifecycleAction.DELETE, LifecycleAction.PURGE):
            self.app.action_search()
        else:
            self.load()
