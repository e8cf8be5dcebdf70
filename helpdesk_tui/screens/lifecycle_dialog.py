"""``D`` on a contact: deactivate (or reactivate), delete, and for a deleted contact restore or
purge, each on its own key, with what it does said beside it.

The dialog only chooses; the contact screen acts (``screens.contact_lifecycle``): a delete of a
contact with tickets goes on to the contact picker for who gets them, a purge to a second
question. Choices only an admin has are shown to others with why they are refused, and their
key says so in the dialog rather than doing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..store.contacts.lifecycle import LifecycleAction
from ..store.refusals import NotAllowed
from ..text import content, join


@dataclass(frozen=True)
class LifecycleOffer:
    """What the dialog offers: the contact as people know it, its state, its tickets, and
    whether the agent (``agent``) is an admin."""

    reference: str
    name: str
    active: bool
    deleted: bool
    tickets: int
    admin: bool
    agent: str

    @property
    def choices(self) -> tuple[LifecycleAction, ...]:
        """The actions this contact's state allows, in the dialog's order."""
        if self.deleted:
            return (LifecycleAction.RESTORE, LifecycleAction.PURGE)
        first = LifecycleAction.DEACTIVATE if self.active else LifecycleAction.REACTIVATE
        return (first, LifecycleAction.DELETE)


KEYS = {
    LifecycleAction.DEACTIVATE: "a",
    LifecycleAction.REACTIVATE: "a",
    LifecycleAction.DELETE: "d",
    LifecycleAction.RESTORE: "r",
    LifecycleAction.PURGE: "p",
}


def _said(action: LifecycleAction, offer: LifecycleOffer) -> str:
    """What ``action`` does to this contact, in a sentence."""
    if action is LifecycleAction.DEACTIVATE:
        return (
            "Deactivate: kept for history, takes no new ticket, hidden from search (is:inactive)."
        )
    if action is LifecycleAction.REACTIVATE:
        return "Reactivate: back in search, and takes tickets again."
    if action is LifecycleAction.DELETE:
        plural = "ticket goes" if offer.tickets == 1 else "tickets go"
        moved = (
            f" Its {offer.tickets} {plural} to a contact you pick next." if offer.tickets else ""
        )
        return f"Delete: hidden from search until restored (is:deleted lists it).{moved}"
    if action is LifecycleAction.RESTORE:
        return "Restore: live again, back in search."
    return "Purge: removes it and its contact methods, activities and data for good. No undo."


class LifecycleScreen(ModalScreen[LifecycleAction | None]):
    """Dismisses with the action chosen, or None (escape: nothing changes)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Change nothing", id="cancel"),
        Binding(
            "a",
            "choose('a')",
            "Deactivate",
            show=False,
            tooltip="Deactivate the contact (or reactivate it)",
            id="deactivate",
        ),
        Binding(
            "d",
            "choose('d')",
            "Delete",
            show=False,
            tooltip="Delete it (admins; its tickets go to a contact you pick)",
            id="delete",
        ),
        Binding(
            "r", "choose('r')", "Restore", show=False, tooltip="Restore it (admins)", id="restore"
        ),
        Binding(
            "p",
            "choose('p')",
            "Purge",
            show=False,
            tooltip="Purge it for good (admins; asks again; no undo)",
            id="purge",
        ),
    ]
    HELP = "Each choice's key is shown beside it; escape changes nothing."

    def __init__(self, offer: LifecycleOffer) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        offer = self.offer
        state = "deleted" if offer.deleted else "active" if offer.active else "deactivated"
        with Vertical(classes="dialog lifecycle"):
            yield Static(
                join([(offer.name or offer.reference, "bold"), offer.reference, f"({state})"])
            )
            for action in offer.choices:
                refused = action.needs_admin and not offer.admin
                yield Static(
                    join(
                        [
                            (f" {KEYS[action]} ", "bold reverse"),
                            (_said(action, offer), "$text-muted" if refused else ""),
                            ("(admins only)" if refused else "", "italic"),
                        ],
                        separator=" ",
                        max_len=300,
                    ),
                    classes="choice",
                )
            yield Static(id="status")
            yield Static(content("escape changes nothing", "$text-muted"))

    def action_choose(self, key: str) -> None:
        """The choice on ``key``, if this contact's state offers one; an admin's choice, for an
        agent who is not one, says why not."""
        offer = self.offer
        for action in offer.choices:
            if KEYS[action] != key:
                continue
            if action.needs_admin and not offer.admin:
                refused = NotAllowed(action.value, "admin", offer.agent)
                self.query_one("#status", Static).update(
                    content(str(refused).capitalize(), "bold $error", max_len=300)
                )
                return
            self.dismiss(action)
