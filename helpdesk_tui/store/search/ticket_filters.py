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
from typing import Any

from ..database.dbapi import Conn
from ..kinds import OPEN_STATUSES

UNASSIGNED = "unassigned"
_OPEN = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
"""The open statuses as SQL literals: the enum's own values, never typed text."""
FIRST_READ = 1
"""Tickets read per status at first, per contact wanted."""
CHUNK = 500
"""Contacts asked about at once."""


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
    latest first, kept to live contacts and to ``scope`` (SQL on ``contact.id``: ``kind:``).

    Each status's newest tickets are read off its index, a batch at a time, and which of their
    contacts qualify is asked apart (``_qualifying``): a plain ordered read of one index is the
    simplest plan there is, where the same read joined to its conditions let PostgreSQL's
    planner trade the order for a hash join and a sort of every match (366 ms for
    ``kind:twitter has:unassigned`` at 1M; migration 0010's statistics keep the plain read in
    order too). A status that filled its batch may hold
    more tickets older than its last one read, so only the rows newer than the newest such last
    one (the horizon) are sure to be in order. When they name fewer than ``limit`` contacts (a
    contact with many open tickets, a kind few contacts have), only the status that set the
    horizon is read further, four times as far: the statuses' tickets change at different
    times, and reading every one further read thousands of rows for nothing.
    """
    nobody = " AND assignee_id IS NULL" if has == UNASSIGNED else ""
    # The order names the index's leading columns, fixed by the WHERE: PostgreSQL does not take
    # IS NULL for an equality that leaves the rest in order, and walked all 7,625 open tickets
    # of ix_ticket_status_updated for the unassigned ones instead (5.6 → 0.1 ms at 100k).
    leading = "assignee_id DESC, " if has == UNASSIGNED else ""
    sql = (
        f"SELECT contact_id, updated_at FROM ticket WHERE status = ?{nobody} "
        f"ORDER BY {leading}status DESC, updated_at DESC LIMIT ?"
    )
    batches = dict.fromkeys(OPEN_STATUSES, FIRST_READ * limit)
    read: dict[str, list[Any]] = {}
    qualifies: dict[int, bool] = {}
    while True:
        wanted = [status for status in OPEN_STATUSES if status not in read]
        rows = conn.fetch_each([(sql, (status, batches[status])) for status in wanted])
        read |= dict(zip(wanted, rows, strict=True))
        filled = {s: found[-1][1] for s, found in read.items() if len(found) == batches[s]}
        limiting = max(filled, key=lambda status: filled[status], default=None)
        horizon = filled[limiting] if limiting is not None else None
        merged = sorted((row for found in read.values() for row in found), key=lambda r: r[1])
        unknown = {row[0] for row in merged if row[0] is not None} - qualifies.keys()
        qualifies |= _qualifying(conn, sorted(unknown), scope, params)
        contacts: dict[int, None] = {}
        for contact_id, updated in reversed(merged):
            if (horizon is not None and updated <= horizon) or len(contacts) == limit:
                break
            if qualifies.get(contact_id, False):
                contacts.setdefault(contact_id)
        if limiting is None or len(contacts) == limit:
            return list(contacts)
        batches[limiting] *= 4
        del read[limiting]


def _qualifying(conn: Conn, ids: list[int], scope: str, params: Sequence[str]) -> dict[int, bool]:
    """Whether each contact of ``ids`` is live (not merged away) and in ``scope``."""
    found: dict[int, bool] = dict.fromkeys(ids, False)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for (contact_id,) in conn.execute(
            f"SELECT id FROM contact WHERE id IN ({marks}) AND merged_into_id IS NULL{scope}",
            (*chunk, *params),
        ):
            found[contact_id] = True
    return found


def listed_with_kind(conn: Conn, has: str, kind: str, limit: int, scope: str = "") -> list[int]:
    """``listed`` for the contacts with a contact method of a rare ``kind``: their open
    tickets are found from the identity index, and only theirs are sorted; kept to ``scope``
    (SQL on ``contact.id``: the agent's teams)."""
    nobody = " AND ticket.assignee_id IS NULL" if has == UNASSIGNED else ""
    rows = conn.execute(
        "SELECT ticket.contact_id FROM identity "
        "JOIN ticket ON ticket.contact_id = identity.contact_id "
        "JOIN contact ON contact.id = ticket.contact_id "
        f"WHERE identity.kind = ? AND ticket.status IN ({_OPEN}){nobody} "
        f"AND contact.merged_into_id IS NULL{scope} "
        "GROUP BY ticket.contact_id ORDER BY max(ticket.updated_at) DESC LIMIT ?",
        (kind, limit),
    )
    return [row[0] for row in rows]
