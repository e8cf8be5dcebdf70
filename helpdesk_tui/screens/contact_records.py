"""The read-only tables of a contact (Customer Data, the SLA tab) as table rows.

Columns an agent acts on come first and the long text (a subject, a summary) last, where the
table cuts it at narrow widths.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..store.contacts.views import ContactDetail, SlaView
from ..store.sla import TicketDue, span

CUSTOM_COLUMNS = ("Key", "Value", "Source", "Imported")
TARGET_COLUMNS = ("Priority", "First response", "Resolution")
DUE_COLUMNS = ("Ticket", "Priority", "First response", "Resolution", "Subject")

Records = tuple[tuple[object, ...], ...]


def when(moment: datetime | None) -> str:
    """A timestamp in the server's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def span_minutes(minutes: int) -> str:
    """SLA targets as people say them (45 min, 8 h, 2 d)."""
    return span(timedelta(minutes=minutes))


def custom_records(detail: ContactDetail) -> Records:
    """Customer Data rows, with where each value came from."""
    return tuple((v.key, v.value, v.source, when(v.imported_at)) for v in detail.custom_values)


def target_records(sla: SlaView | None) -> Records:
    """The policy's targets per priority."""
    return tuple(
        (t.priority, span_minutes(t.first_response_minutes), span_minutes(t.resolution_minutes))
        for t in (sla.targets if sla else ())
    )


def due_records(due: tuple[TicketDue, ...]) -> Records:
    """Where each open ticket stands against its targets, breached first."""
    return tuple((d.reference, d.priority, d.first_response, d.resolution, d.subject) for d in due)
