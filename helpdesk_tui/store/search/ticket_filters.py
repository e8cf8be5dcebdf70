"""``has:``: contacts kept, or listed, by their tickets, on either engine.

``has:open`` keeps the contacts with an open ticket (new, open, pending); ``has:unassigned``
those with an open ticket nobody is assigned. With any other part of a query it is a condition
on each source's SQL, as ``kind:`` is (``condition``): a candidate's tickets are a few rows of
``ix_ticket_contact_status``. Alone it lists the contacts whose open tickets changed last
(``listed``), read status by status off ``ix_ticket_status_updated`` and
``ix_ticket_unassigned_updated`` (migration 0010), each already in the order wanted, and merged
here: ``status IN (…) ORDER BY updated_at`` would have sorted every open ticket first. With
``kind:`` of a kind few contacts have, those contacts' tickets are read instead
(``listed_with_kind``): walking the open tickets for them could read every one.

Only a search that asks ``has:`` runs any of this: the search as typed on Home pays nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..database.dbapi import Conn
from ..kinds import OPEN_STATUSES

UNASSIGNED = "unassigned"
_OPEN = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
"""The open statuses as SQL literals: the enum's own values, never typed text."""
FIRST_READ = 2
"""Tickets read per status at first, per contact wanted (a contact may have several)."""


def condition(has: str, column: str) -> str:
    """SQL keeping the contacts (by their id in ``column``) with an open ticket, or with an
    open ticket nobody is assigned when ``has`` is ``unassigned``."""
    nobody = " AND ticket.assignee_id IS NULL" if has == UNASSIGNED else ""
    return (
        f" AND EXISTS (SELECT 1 FROM ticket WHERE ticket.contact_id = {column} "
        f"AND ticket.status IN ({_OPEN}){nobody})"
    )


def listed(conn: Conn, has: str, scope: str, params: Sequence[str], limit: int) -> list[int]:
    """The ``limit`` contacts whose open (or open and unassigned) tickets were updated last,
    latest first, kept to ``scope`` (SQL on ``ticket.contact_id``: ``kind:``).

    Each status's newest ``batch`` tickets are read off its index; a status that filled its
    batch may hold more tickets older than its last one read, so only the rows newer than the
    newest such last one are sure to be in order. When they name fewer than ``limit`` contacts,
    the batches are read again four times larger (a contact with many open tickets, a kind
    few contacts have).
    """
    nobody = " AND ticket.assignee_id IS NULL" if has == UNASSIGNED else ""
    # The order names the index's leading columns, fixed by the WHERE: PostgreSQL does not take
    # IS NULL for an equality that leaves the rest in order, and walked all 7,625 open tickets
    # of ix_ticket_status_updated for the unassigned ones instead (5.6 → 0.1 ms at 100k).
    # CROSS JOIN makes SQLite read the tickets first, whatever it guesses without statistics.
    leading = "ticket.assignee_id DESC, " if has == UNASSIGNED else ""
    sql = (
        "SELECT ticket.contact_id, ticket.updated_at FROM ticket CROSS JOIN contact "
        f"WHERE ticket.status = ?{nobody} AND contact.id = ticket.contact_id "
        f"AND contact.merged_into_id IS NULL{scope} "
        f"ORDER BY {leading}ticket.status DESC, ticket.updated_at DESC LIMIT ?"
    )
    batch = FIRST_READ * limit
    while True:
        read = conn.fetch_each([(sql, (status, *params, batch)) for status in OPEN_STATUSES])
        horizon = max((rows[-1][1] for rows in read if len(rows) == batch), default=None)
        merged = sorted((row for rows in read for row in rows), key=lambda row: row[1])
        found: dict[int, None] = {}
        for contact_id, updated in reversed(merged):
            if (horizon is not None and updated <= horizon) or len(found) == limit:
                break
            found.setdefault(contact_id)
        if horizon is None or len(found) == limit:
            return list(found)
        batch *= 4


def listed_with_kind(conn: Conn, has: str, kind: str, limit: int) -> list[int]:
    """``listed`` for the contacts with a contact method of a rare ``kind``: their open
    tickets are found from the identity index, and only theirs are sorted."""
    nobody = " AND ticket.assignee_id IS NULL" if has == UNASSIGNED else ""
    rows = conn.execute(
        "SELECT ticket.contact_id FROM identity "
        "JOIN ticket ON ticket.contact_id = identity.contact_id "
        "JOIN contact ON contact.id = ticket.contact_id "
        f"WHERE identity.kind = ? AND ticket.status IN ({_OPEN}){nobody} "
        "AND contact.merged_into_id IS NULL "
        "GROUP BY ticket.contact_id ORDER BY max(ticket.updated_at) DESC LIMIT ?",
        (kind, limit),
    )
    return [row[0] for row in rows]
