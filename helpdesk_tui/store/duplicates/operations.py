"""Possible duplicates: the likeliest pairs not dismissed, and "not duplicates" for a pair.

Finding the pairs reads the blocks of ``blocking`` on one plain connection, then names the
pairs kept (references, names, companies) with one read of those contacts only. A dismissal
is one row (ordered ids, who, when) written in a unit of work with its Event, so ``u`` and
``helpdesk-tui undo`` take it back like any change; a dismissed pair is left out of every later
computation.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from sqlmodel import select

from ..contacts.merge_plan import load_contact
from ..contacts.methods import display_name
from ..database.dbapi import Conn
from ..database.engine import Database
from ..errors import InvalidInput
from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import DuplicateDismissal, stored_id
from .blocking import find_pairs, pair_ids, pair_key, score_of, scored
from .views import DuplicatePair, Duplicates, PairContact, ScanCounts

DEFAULT_LIMIT = 50
CHUNK = 500
_FIELDS = ("contact_a_id", "contact_b_id", "author", "dismissed_at")


def _dismissed(conn: Conn) -> set[tuple[int, int]]:
    return {
        (row[0], row[1])
        for row in conn.execute("SELECT contact_a_id, contact_b_id FROM duplicate_dismissal")
    }


def _named(conn: Conn, ids: Sequence[int]) -> dict[int, PairContact]:
    """The pairs' contacts as people know them, read a chunk of ids at a time."""
    found: dict[int, PairContact] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            "SELECT c.id, c.reference, c.first_name, c.last_name, co.name FROM contact c "
            f"LEFT JOIN company co ON co.id = c.company_id WHERE c.id IN ({marks})",
            chunk,
        ):
            name = " ".join(part for part in (row[2], row[3]) if part) or row[1]
            found[row[0]] = PairContact(row[1], name, row[4] or "")
    return found


def find_duplicates(db: Database, limit: int = DEFAULT_LIMIT) -> Duplicates:
    """The ``limit`` likeliest pairs of live contacts not dismissed, best first (ties by the
    contacts' ids), with how many pairs there were in all and what finding them cost; only
    contacts the agent's teams may see (``agents.scope``) are paired."""
    counts = ScanCounts()
    seen = db.scope.contacts("c.id")
    with db.raw() as conn:
        found = find_pairs(conn, counts, seen)
        for a, b in _dismissed(conn):
            found.pop(pair_key(a, b), None)
        best = heapq.nlargest(
            max(0, limit), found.items(), key=lambda item: (score_of(item[1]), -item[0])
        )
        ranked = [(scored(packed), pair_ids(key)) for key, packed in best]
        named = _named(conn, sorted({contact for _, pair in ranked for contact in pair}))
    pairs = tuple(
        DuplicatePair(named[a], named[b], score, reasons)
        for (score, reasons), (a, b) in ranked
        if a in named and b in named
    )
    return Duplicates(pairs, len(found), counts)


def dismiss_in(unit: Unit, first: str, second: str) -> bool:
    """Mark the contacts referenced ``first`` and ``second`` "not duplicates", in ``unit``;
    False (nothing written) when they are marked already. One contact twice is
    ``InvalidInput`` (field ``contact``); an unknown reference ``NotFound``."""
    session = unit.session
    a, b = load_contact(session, first), load_contact(session, second)
    if a.id == b.id:
        raise InvalidInput("contact", f"{a.reference} is one contact: name two different ones")
    low, high = sorted((a, b), key=lambda contact: stored_id(contact.id))
    pair = (stored_id(low.id), stored_id(high.id))
    exists = session.exec(
        select(DuplicateDismissal).where(
            DuplicateDismissal.contact_a_id == pair[0], DuplicateDismissal.contact_b_id == pair[1]
        )
    ).first()
    if exists is not None:
        return False
    row = DuplicateDismissal(contact_a_id=pair[0], contact_b_id=pair[1], author=unit.author)
    session.add(row)
    session.flush()
    record(
        unit,
        "duplicate_dismissal",
        row.id,
        "create",
        f"marked {display_name(low)} ({low.reference}) and {display_name(high)} "
        f"({high.reference}) as not duplicates",
        after=snapshot(row, _FIELDS),
    )
    return True


def dismiss(db: Database, first: str, second: str) -> bool:
    """``dismiss_in`` as a unit of work of its own (the duplicates view's ``x``, the CLI)."""
    with db.unit() as unit:
        return dismiss_in(unit, first, second)
