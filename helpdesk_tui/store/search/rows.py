"""What a search reads once it has its candidates: their folded index rows for the
ranking, and the display fields of the few dozen it shows.

Plain driver SQL that both engines run, like the rest of the search path; a few queries over at
most a few hundred ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..database.dbapi import Conn
from ..kinds import OPEN_STATUSES, PHONE_KINDS
from .hits import SearchHit, SearchResult
from .ranking import Doc

CHUNK = 500


def read_docs(conn: Conn, ids: Sequence[int]) -> dict[int, Doc]:
    """The ``search_doc`` rows of ``ids``: what the ranking scores, without the ORM tables."""
    docs: dict[int, Doc] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT contact_id, name, company, emails, handles, phones FROM search_doc "
            f"WHERE contact_id IN ({marks})",
            chunk,
        ):
            docs[row[0]] = row[1:]
    return docs


FoundBy = Callable[[int, list[tuple[str, str]]], int | None]
"""Which of a contact's methods (kind, normalized value) the query found it by, if any."""


def shown(lifecycle: str, active: object, deleted_at: object) -> bool:
    """Whether a contact in this state is shown for ``is:`` (``query.IS``; "": only live,
    active contacts, as every search but ``is:`` shows)."""
    if lifecycle == "deleted":
        return deleted_at is not None
    return deleted_at is None and bool(active) == (lifecycle != "inactive")


def read_hits(
    conn: Conn,
    ranked: list[tuple[int, float]],
    found_by: FoundBy | None = None,
    lifecycle: str = "",
) -> tuple[SearchHit, ...]:
    """Read the display fields of the ranked contacts (a few dozen rows, three queries sent
    together: ``Conn.fetch_each``); with ``found_by`` (the ranking's ``Scorer.matched``), each
    says which contact method it was found by, and shows that email or phone instead of the
    default one. Deactivated and deleted contacts are left out unless ``is:`` asks for them
    (``lifecycle``): their rows are read here anyway, so hiding them costs no query."""
    if not ranked:
        return ()
    ids = [contact_id for contact_id, _ in ranked]
    marks = ",".join("?" * len(ids))
    open_marks = ",".join("?" * len(OPEN_STATUSES))
    people, methods, open_tickets = conn.fetch_each(
        [
            (
                f"""SELECT c.id, c.reference, c.first_name, c.last_name, COALESCE(co.name, ''),
                           c.active, c.deleted_at
                    FROM contact c LEFT JOIN company co ON co.id = c.company_id
                    WHERE c.id IN ({marks})""",
                ids,
            ),
            (
                f"SELECT contact_id, kind, value, normalized FROM identity "
                f"WHERE contact_id IN ({marks}) ORDER BY is_default DESC, kind != 'phone', id",
                ids,
            ),
            (
                f"SELECT contact_id, count(*) FROM ticket WHERE contact_id IN ({marks}) "
                f"AND status IN ({open_marks}) GROUP BY contact_id",
                [*ids, *OPEN_STATUSES],
            ),
        ]
    )
    contacts = {row[0]: row[1:6] for row in people if shown(lifecycle, row[5], row[6])}
    identities: dict[int, list[tuple[str, str, str]]] = {}
    for contact_id, kind, value, normalized in methods:
        identities.setdefault(contact_id, []).append((kind, value, normalized))
    open_counts = dict(open_tickets)
    hits = []
    for contact_id, score in ranked:
        if contact_id not in contacts:
            continue
        reference, first, last, company, active = contacts[contact_id]
        own = identities.get(contact_id, [])
        name = " ".join(p for p in (first, last) if p)
        emails = tuple(dict.fromkeys(value for kind, value, _ in own if kind == "email"))
        phones = tuple(dict.fromkeys(value for kind, value, _ in own if kind in PHONE_KINDS))
        found = found_by(contact_id, [(k, n) for k, _, n in own]) if found_by else None
        matched_kind, matched_value = own[found][:2] if found is not None else ("", "")
        hits.append(
            SearchHit(
                contact_id=contact_id,
                reference=reference,
                name=name,
                company=company,
                email=matched_value if matched_kind == "email" else next(iter(emails), ""),
                phone=matched_value if matched_kind in PHONE_KINDS else next(iter(phones), ""),
                open_tickets=open_counts.get(contact_id, 0),
                score=round(score, 1),
                emails=emails,
                phones=phones,
                active=bool(active),
                matched_kind=matched_kind,
                matched_value=matched_value,
            )
        )
    return tuple(hits)


def recent(conn: Conn, limit: int = 50, visible: str = "") -> SearchResult:
    """The most recently active contacts (live and active ones), so an agent can browse as well
    as search; kept to ``visible`` (SQL on ``contact.id``: the agent's teams)."""
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM contact WHERE merged_into_id IS NULL AND active "
            f"AND deleted_at IS NULL{visible} ORDER BY last_activity_at DESC LIMIT ?",
            (limit,),
        )
    ]
    return SearchResult("", read_hits(conn, [(i, 0.0) for i in ids]), "recent")
