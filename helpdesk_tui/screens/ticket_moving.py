"""Change a ticket's contact (``c``), from a ticket list or the ticket screen: pick the contact
(Home's search in a dialog), confirm with both contacts named, then move it in a worker.

A mixin of the screens that offer it; the outcome comes back as ``TicketChanged`` or
``TicketRefused``, which each screen shows its own way (a list reloads, the ticket screen shows
the ticket as stored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from ..messages import TicketChanged, TicketRefused
from ..store.database.failures import sentence
from ..store.errors import ContactUnavailable, StaleEdit, Unavailable
from .confirm import ConfirmScreen
from .contact_picker import ContactPickerScreen, PickedContact

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.tickets.views import TicketListRow

    _Base = Screen[object]
else:
    _Base = object


def unavailable(error: ContactUnavailable, name: str) -> str:
    """Why the contact takes no ticket, in one sentence, from the error's reason."""
    if error.reason == Unavailable.MERGED:
        into = f" into {error.merged_into}" if error.merged_into else ""
        return f"{name} was merged{into}: pick that contact instead. Nothing was moved."
    return f"{name} is deactivated and takes no tickets. Nothing was moved."


def stale_sentence(error: StaleEdit) -> str:
    """Who changed the ticket since it was loaded, and what, from the journal's fields."""
    changes = "; ".join(
        f"{change.label} {change.loaded or '(none)'} → {change.theirs or '(none)'}"
        for change in error.changes
    )
    who = error.changed_by or "another agent"
    what = f" ({changes})" if changes else ""
    return (
        f"{error.reference} was changed by {who}{what} after you loaded it: nothing was saved. "
        "It is shown as it is now; make your change again if it still applies."
    )


class TicketMoving(_Base):
    """``move_ticket(row)``: picker, confirmation, move."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    def move_ticket(self, row: TicketListRow) -> None:
        """Ask which contact the ticket goes to (not its own), then confirm naming both."""
        ticket = f"{row.reference} ({row.subject})"
        before = row.requester or "no contact"
        if row.contact_reference:
            before = f"{row.contact_name} ({row.contact_reference})"

        def picked(contact: PickedContact | None) -> None:
            if contact is None:
                return
            after = f"{contact.name} ({contact.reference})"
            self.app.push_screen(
                ConfirmScreen(f"Move {ticket} from {before} to {after}?", "Move  y"),
                lambda yes: self._move(row, contact) if yes else None,
            )

        self.app.push_screen(
            ContactPickerScreen(
                f"Move {row.reference} to which contact?",
                exclude=row.contact_reference or None,
            ),
            picked,  # type: ignore[arg-type]
        )  # (mypy reads the picker's result type from LiveSearch's Screen[object] base)

    def _move(self, row: TicketListRow, contact: PickedContact) -> None:
        self.run_move(row.reference, row.version, contact)

    @work(thread=True, exclusive=True, group="ticket-change", exit_on_error=False)
    def run_move(self, reference: str, version: int, contact: PickedContact) -> None:
        """Move in a thread; the outcome comes back as a message."""
        try:
            moved = self.app.store.tickets.move(reference, version, contact.reference)
        except ContactUnavailable as error:
            self.post_message(TicketRefused(unavailable(error, contact.name), field="contact"))
        except StaleEdit as error:
            self.post_message(TicketRefused(stale_sentence(error), current=error.current))
        except Exception as error:  # a missing contact, a locked database: said, nothing moved
            self.post_message(TicketRefused(f"Nothing was moved: {sentence(error)}"))
        else:
            said = f"Moved {reference} to {contact.name} ({contact.reference})."
            self.post_message(TicketChanged(moved, said))
