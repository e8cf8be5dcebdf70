"""``Store.tickets``: the one way the TUI and the CLI list, read and change tickets.

A small class of its own so that ``store.service`` stays the door without growing past what
one module should hold. It imports nothing heavy: ``Store`` makes it at once, and a search
that never touches a ticket must not load SQLAlchemy for it. Each method opens the database
on first use (``ready``), runs one read or one unit of work, and raises only ``StoreError``s
(``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..database.failures import translated

if TYPE_CHECKING:
    from ..contacts.views import TicketRow
    from ..database.engine import Database
    from .choices import AgentChoice
    from .views import TicketDetail, TicketListRow, TicketPage, TicketQuery


class TicketDoor:
    """Ticket lists, a ticket with its thread, and the changes agents make to tickets.

    References are read as agents type them (``t-1000042``, ``1000042``); contacts by their
    reference, companies by name or reference. Changes present the version the agent loaded and
    raise ``StaleEdit`` when someone saved the ticket since; bad input raises ``InvalidInput``
    (``field``, ``choices``), ``ContactUnavailable`` or ``NotFound`` (``field``).
    """

    def __init__(self, ready: Callable[[], Database], where: str) -> None:
        self._ready = ready
        self._where = where

    def page(self, query: TicketQuery) -> TicketPage:
        """One page of a ticket list (a contact's, a company's or all; a sub-view; sorted)."""
        from .reads import list_tickets  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return list_tickets(db, query)

    def recent(self, contact: str = "", company: str = "") -> tuple[TicketListRow, ...]:
        """The five newest tickets of a contact or a company."""
        from .reads import recent_tickets  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return recent_tickets(db, contact=contact, company=company)

    def most_urgent(self, contact: str) -> tuple[TicketRow, ...]:
        """A contact's open tickets whose next SLA target comes first (the SLA tab's)."""
        from ..contacts.reads import most_urgent_tickets  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return most_urgent_tickets(db, contact)

    def groups(self) -> tuple[str, ...]:
        """The groups tickets are in, for the group picker (``choices.ticket_groups``)."""
        from .choices import ticket_groups  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return ticket_groups(db)

    def assignees(self) -> tuple[AgentChoice, ...]:
        """The agents a ticket can be assigned to, for the assignee picker."""
        from .choices import assignable_agents  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return assignable_agents(db)

    def get(self, reference: str) -> TicketDetail:
        """A ticket and its thread, oldest message first."""
        from .reads import get_ticket  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return get_ticket(db, reference)

    def open(
        self,
        *,
        subject: str,
        contact: str = "",
        requester_name: str = "",
        requester: str = "",
        group: str = "",
        priority: str = "normal",
        assignee: str | None = None,
        body: str = "",
        channel: str = "phone",
    ) -> TicketDetail:
        """Open a ticket (``operations.open_ticket_in``): assignee None is the agent acting,
        '' nobody; ``body`` is the customer's first message."""
        from .operations import open_ticket  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return open_ticket(
                db,
                subject=subject,
                contact=contact,
                requester_name=requester_name,
                requester=requester,
                group=group,
                priority=priority,
                assignee=assignee,
                body=body,
                channel=channel,
            )

    def set(
        self,
        reference: str,
        version: int,
        *,
        status: str | None = None,
        priority: str | None = None,
        group: str | None = None,
        assignee: str | None = None,
    ) -> TicketDetail:
        """Change status, priority, group or assignee (None leaves one; assignee '' is
        nobody) of the ticket loaded at ``version``."""
        from .operations import set_ticket  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return set_ticket(
                db,
                reference,
                version,
                status=status,
                priority=priority,
                group=group,
                assignee=assignee,
            )

    def move(self, reference: str, version: int, to_contact: str) -> TicketDetail:
        """Give the ticket loaded at ``version`` to another contact (its company follows)."""
        from .operations import move_ticket  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return move_ticket(db, reference, version, to_contact)

    def reply(self, reference: str, body: str) -> TicketDetail:
        """Add the agent's reply to the customer (the first one stamps the first response)."""
        from .operations import add_message  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return add_message(db, reference, body)

    def note(self, reference: str, body: str) -> TicketDetail:
        """Add an internal note, which the customer never sees."""
        from .operations import add_message  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return add_message(db, reference, body, internal=True)
