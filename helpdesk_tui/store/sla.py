"""SLA maths: where each open ticket stands against its due dates, as text an agent reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .contacts.views import TicketRow


@dataclass(frozen=True)
class TicketDue:
    """An open ticket's first-response and resolution state."""

    reference: str
    subject: str
    priority: str
    first_response: str
    resolution: str
    breached: bool


def span(delta: timedelta) -> str:
    """A duration the way people say it: 45 min, 3 h, 2 d."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def _state(due: datetime | None, done: datetime | None, now: datetime) -> tuple[str, bool]:
    if due is None:
        return "no target", False
    if done is not None:
        return ("met" if done <= due else f"missed by {span(done - due)}"), done > due
    if now > due:
        return f"breached {span(now - due)} ago", True
    return f"due in {span(due - now)}", False


def due_states(tickets: Iterable[TicketRow], now: datetime) -> tuple[TicketDue, ...]:
    """The open tickets' SLA states at ``now``, breached ones first."""
    states = []
    for ticket in tickets:
        if not ticket.is_open:
            continue
        first, first_breached = _state(ticket.first_response_due_at, ticket.first_response_at, now)
        resolution, resolution_breached = _state(ticket.resolution_due_at, None, now)
        states.append(
            TicketDue(
                ticket.reference,
                ticket.subject,
                ticket.priority,
                first,
                resolution,
                first_breached or resolution_breached,
            )
        )
    return tuple(sorted(states, key=lambda s: not s.breached))
