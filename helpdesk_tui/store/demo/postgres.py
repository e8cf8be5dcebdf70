"""Demo data into PostgreSQL: the rows a SQLite build makes, loaded with COPY in one transaction.

Worker processes build each chunk as for SQLite (the same seeds, ``store.demo.plan``) and write it
out as COPY text, ``tsvector`` literals included, so the per-row work runs in parallel. The main
process does only what needs the chunks in contact order, exactly as the SQLite build does it:
it renames the addresses an earlier chunk handed out (``rename_addresses``; the search row and
its words follow), makes each company's first contact its primary one, numbers identities,
tickets and their messages, activities and custom values on from the chunks before, and streams
every table to the server.

It all happens in one transaction, so a failure leaves the database as it found it: the tables
are emptied (the database has no contacts; a SQLite build replaces its file the same way), their
keys, indexes and foreign keys dropped, each chunk copied in ``FREEZE``-ing (rows written frozen,
so the first reads do not rewrite every page to set hint bits), then the vocabulary and its
deletions, then every key, index and foreign key built once, and sequences moved past the
loaded ids. Once committed, the tables are vacuumed and analyzed: the planner knows them before
the first search, and autovacuum, which would otherwise wake to a million new rows and spend
ten seconds of two cores on them just as the first agents search, finds nothing to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from ..database.connect import connect_postgres
from ..database.dbapi import PgConn
from ..database.failures import where
from ..errors import StoreError
from ..search.index import DOC_COLUMNS, column_terms, deletions, merge_terms, terms, vocabulary
from .plan import (
    WORKER,
    Progress,
    Run,
    address_keys,
    address_terms,
    fixed_rows,
    rename_addresses,
)
from .rows import Generator

COLUMNS = {
    "contact": "id, first_name, last_name, company_id, reference, pin, title, sla_policy_id, "
    "country, created_at, last_activity_at, updated_at, alias, description, address, city, "
    "state, postcode, fax, ignore_emails, active, version, is_primary",
    "identity": "id, contact_id, kind, value, normalized, is_default, created_at, version",
    "search_doc": "contact_id, name, company, emails, handles, phones, terms",
    "search_phone": "key, contact_id",
    "ticket": "id, reference, subject, group_name, status, priority, assignee_id, contact_id, "
    "company_id, requester_name, channel, created_at, updated_at, first_response_at, "
    "resolved_at, first_response_due_at, resolution_due_at, time_spent_minutes, requester, "
    "version",
    "ticket_message": "id, ticket_id, author, body, created_at, from_customer, internal, "
    "message_id",
    "activity": "id, contact_id, company_id, kind, summary, author, occurred_at, body, version",
    "custom_value": "id, contact_id, key, value, source, imported_at, version",
    "search_term": "term, edits",
    "search_term_delete": "del, term",
}
NUMBERED = ("identity", "activity", "custom_value")
"""Tables whose ids the main process hands out, in load order (as SQLite's rowids go)."""
MAINTENANCE_MEMORY = "256MB"
"""For building the indexes after the load: the GIN index sorts its words in memory."""

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r"[\\\t\n\r]")


def _line(row: Sequence[Any]) -> str:
    """One row as a line of COPY text (``_lines`` for many)."""
    return "\t".join([_field(value) for value in row])


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


def _lines(rows: list[tuple], tail: tuple = ()) -> list[str]:
    """Rows as lines of COPY text (without their newline): tab-separated, ``\\N`` for NULL,
    each followed by the values of ``tail``, the same for every row.

    Values are written with ``str`` (PostgreSQL reads ``True``/``False`` as booleans) and
    escaped only when one of them holds a backslash, tab or line break: counting those
    characters over the whole block is C-speed, escaping every value took twice as long.
    """
    end = "\t" + _line(tail) if tail else ""
    lines = ["\t".join(["\\N" if v is None else str(v) for v in row]) + end for row in rows]
    if not rows:
        return lines
    text = "\n".join(lines)
    if (
        text.count("\t") == len(rows) * (len(rows[0]) + len(tail) - 1)
        and text.count("\n") == len(rows) - 1
        and text.count("\\") == sum(row.count(None) for row in rows) + end.count("\\")
        and "\r" not in text
    ):
        return lines
    return [_line(row) + end for row in rows]


@dataclass
class _Chunk:
    """One chunk written by a worker as COPY lines; what the main process still changes
    (renamed addresses, primary contacts, ids) is kept apart or easy to patch."""

    index: int
    start: int
    counts: dict[str, int]
    terms: dict[str, int]
    contacts: list[str]
    """Lines ending in ``is_primary``."""
    firsts: dict[int, int]
    """Company id → its first contact in this chunk."""
    identities: list[str]
    """Lines without their id."""
    addresses: list[tuple[int, tuple]]
    """(position, row) of the identities that may need renaming, in contact order."""
    keys: list[str]
    """Their ``kind:normalized`` keys (``rename_addresses``)."""
    docs: list[tuple]
    doc_lines: list[str]
    phones: str
    tickets: list[str]
    """Lines without their id and reference."""
    messages: list[str]
    """Lines without their id and ticket id."""
    activities: list[str]
    custom_values: list[str]


def _build_chunk(index: int, start: int, size: int, pins: list[int]) -> _Chunk:
    """In a worker: generate one chunk (the rows SQLite's part file gets) as COPY lines."""
    gen = Generator(f"{WORKER['seed']}:{index}", WORKER["now"], WORKER["phones"])
    rows = gen.chunk(start, size, WORKER["companies"], pins)
    now = gen.stamp(WORKER["now"])
    firsts: dict[int, int] = {}
    for row in rows["contact"]:
        if row[3] is not None:
            firsts.setdefault(row[3], row[0])
    blank = ("",) * 7
    identities = rows["identity"]
    docs = rows["search_doc"]
    keys = address_keys(identities)
    tickets = _lines([row[1:] for row in rows["ticket"]], ("", 1))
    return _Chunk(
        index=index,
        start=start,
        counts={table: len(found) for table, found in rows.items()},
        terms=vocabulary(docs),
        contacts=_lines(rows["contact"], (now, *blank, False, True, 1, False)),
        firsts=firsts,
        identities=_lines(identities, (now, 1)),
        addresses=[(i, identities[i]) for i, _ in keys],
        keys=[key for _, key in keys],
        docs=docs,
        doc_lines=_lines([(*doc, terms(*doc[1:5])) for doc in docs]),
        phones="".join(line + "\n" for line in _lines(rows["search_phone"])),
        tickets=tickets,
        messages=[_message(line) for line in tickets],
        activities=_lines(rows["activity"], ("", 1)),
        custom_values=_lines(rows["custom_value"], (1,)),
    )


def _message(ticket: str) -> str:
    """The customer's message that opened a ticket, from the ticket's COPY line (whose fields
    are escaped already): by the requester, the subject and a greeting, when it was opened."""
    subject, _, _, _, _, _, _, requester, _, opened, *_ = ticket.split("\t")
    return f"{requester}\t{subject}.\\n\\nThanks, {requester}\t{opened}\tTrue\tFalse\t"


class _Loader:
    """The main process's side: chunks in contact order, into one open transaction."""

    def __init__(self, conn: PgConn, run: Run) -> None:
        self.conn = conn
        self.run = run
        self.seen: set[str] = set()
        self.companies: set[int] = set()
        self.terms: dict[str, int] = {}
        self.next = dict.fromkeys((*NUMBERED, "ticket", "ticket_message"), 1)
        self.counts = dict.fromkeys(COLUMNS, 0) | {"company": len(run.companies)}

    def copy(self, table: str, text: str) -> None:
        """Stream COPY text into ``table``, frozen (it was emptied in this transaction)."""
        with (
            self.conn.raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN WITH (FREEZE)") as copy,
        ):
            copy.write(text)

    def numbered(self, table: str, lines: list[str], head: str = "{0}") -> str:
        """Lines behind the ids the table has reached; ``head`` writes the leading columns
        from the id (``{0}``) and the id plus a million (``{1}``, for ticket references)."""
        first = self.next[table]
        end = self.next[table] = first + len(lines)
        ids, millions = range(first, end), range(first + 1_000_000, end + 1_000_000)
        return "".join(map((head + "\t{2}\n").format, ids, millions, lines))

    def add(self, chunk: _Chunk) -> None:
        """Load one chunk, after the chunks before it."""
        self.rename(chunk)
        self.counts = {table: n + chunk.counts.get(table, 0) for table, n in self.counts.items()}
        for company, contact in chunk.firsts.items():
            if company not in self.companies:
                self.companies.add(company)
                position = contact - chunk.start
                chunk.contacts[position] = chunk.contacts[position].rpartition("\t")[0] + "\tTrue"
        self.copy("contact", "".join(line + "\n" for line in chunk.contacts))
        self.copy("identity", self.numbered("identity", chunk.identities))
        self.copy("search_doc", "".join(line + "\n" for line in chunk.doc_lines))
        self.copy("search_phone", chunk.phones)
        self.next["ticket_message"] = self.next["ticket"]  # one message per ticket
        self.copy("ticket", self.numbered("ticket", chunk.tickets, "{0}\tT-{1}"))
        self.copy("ticket_message", self.numbered("ticket_message", chunk.messages, "{0}\t{0}"))
        self.copy("activity", self.numbered("activity", chunk.activities))
        self.copy("custom_value", self.numbered("custom_value", chunk.custom_values))

    def rename(self, chunk: _Chunk) -> None:
        """Rename what earlier chunks handed out, as SQLite's ``_unique_addresses`` does; the
        renamed contacts' search rows and the vocabulary follow. A renamed address or handle
        holds the words it held and one more (``_2``), so the row's ``tsvector`` keeps its
        words and gains the new value's (PostgreSQL merges the ones it already has)."""
        changed: dict[int, list[Any]] = {}
        added: dict[int, list[str]] = {}
        emails = []
        for found, new, value, column in rename_addresses(chunk.keys, self.seen):
            position, (contact_id, kind, _, old, is_default) = chunk.addresses[found]
            row = (contact_id, kind, value, new, is_default, self.run.stamp, 1)
            chunk.identities[position] = _line(row)
            at = contact_id - chunk.start
            doc = changed.setdefault(at, list(chunk.docs[at]))
            field = DOC_COLUMNS.index(column) + 1
            spaced = f" {doc[field]} ".replace(f" {old.lower()} ", f" {new.lower()} ")
            doc[field] = spaced.strip(" ")
            added.setdefault(at, []).append(column_terms(column, new.lower()))
            if column == "emails":
                emails.append(new.lower())
        for at, doc in changed.items():
            chunk.docs[at] = tuple(doc)
            kept = chunk.doc_lines[at].rpartition("\t")[2]
            chunk.doc_lines[at] = _line(doc) + "\t" + " ".join([kept, *added[at]])
        merge_terms(self.terms, chunk.terms)
        merge_terms(self.terms, address_terms(emails))

    def vocabulary(self) -> None:
        """The whole run's words and their deletions (``search_index.add_terms`` per row would
        take minutes at a million contacts)."""
        words = self.terms
        self.copy("search_term", "".join(f"{line}\n" for line in _lines(list(words.items()))))
        pairs = [(d, t) for t, edits in words.items() for d in deletions(t, edits)]
        self.copy("search_term_delete", "".join(f"{line}\n" for line in _lines(pairs)))


def load(url: str, run: Run, progress: Progress | None, workers: int | None) -> dict[str, int]:
    """Fill the PostgreSQL database at ``url`` (migrated first), which must have no contacts;
    returns row counts per table."""
    import psycopg  # noqa: PLC0415 - PostgreSQL only

    from ..database.engine import Database  # noqa: PLC0415 - the migration needs SQLAlchemy
    from ..database.schema import ensure  # noqa: PLC0415

    db = Database(url)
    try:
        ensure(db)
    finally:
        db.dispose()
    conn = PgConn(connect_postgres(url))
    try:
        tables = _emptied(conn, url)
        loader = _Loader(conn, run)
        with _keys_deferred(conn):
            for table, (columns, rows) in fixed_rows(run.stamp, run.companies).items():
                conn.copy(table, columns.split(", "), rows)
            with run.pool(workers, None) as pool:
                futures = [pool.submit(_build_chunk, *job) for job in run.jobs]
                for chunk in (future.result() for future in futures):
                    loader.add(chunk)
                    if progress:
                        progress(run.done(chunk.index), run.contacts)
            loader.vocabulary()
            conn.execute(
                "INSERT INTO event (at, author, entity, entity_id, action, description) "
                "VALUES (?, 'demo', 'database', NULL, 'demo', ?)",
                run.event,
            )
        _sequences(conn)
        if progress:  # its last chance to stop the load (by raising) leaving nothing
            progress(run.contacts, run.contacts)
        conn.commit()
        conn.raw.autocommit = True  # VACUUM runs outside a transaction
        conn.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
    except psycopg.errors.LockNotAvailable:
        raise StoreError(
            f"{where(url)} is in use; demo data needs a database nobody has open"
        ) from None
    finally:
        with suppress(psycopg.Error):
            conn.rollback()  # whatever a failure left open; nothing after the commit
        conn.close()
    return loader.counts


def _emptied(conn: PgConn, url: str) -> list[str]:
    """Refuse a database with contacts, else empty every table of it (a SQLite build
    replaces its whole file); the tables' quoted names."""
    conn.execute("SET LOCAL TimeZone = 'UTC'")  # the rows' times are UTC, written without zone
    conn.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_MEMORY}'")
    conn.execute("LOCK TABLE contact IN ACCESS EXCLUSIVE MODE")
    count = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    if count:
        raise StoreError(
            f"{where(url)} already has {count} contacts; demo data needs a new database"
        )
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename <> 'alembic_version' ORDER BY tablename"
        )
    ]
    conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
    return tables


@contextmanager
def _keys_deferred(conn: PgConn) -> Iterator[None]:
    """Drop every foreign key, key and index of the schema's tables now; build them again,
    from the definitions the server gives, when the block ends.

    Building an index once sorts; keeping it while rows pour in makes each row a descent into
    it (a random one, for PINs, addresses, phone keys and the GIN index's words), and a foreign
    key checks each row by a lookup, where adding it afterwards is one join.
    """
    keys = conn.execute(
        """SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                  format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,
                         pg_get_constraintdef(oid)),
                  contype = 'f'
           FROM pg_constraint
           WHERE connamespace = current_schema()::regnamespace AND contype IN ('f', 'p', 'u')
             AND conrelid <> 'alembic_version'::regclass
           ORDER BY contype = 'f' DESC, conname"""
    ).fetchall()
    indexes = conn.execute(
        """SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           WHERE t.relnamespace = current_schema()::regnamespace
             AND t.relname <> 'alembic_version'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                             AND c.contype IN ('p', 'u', 'x'))
           ORDER BY 1"""
    ).fetchall()
    for drop, _, _ in keys:  # foreign keys first: they need the keys they point at
        conn.execute(drop)
    for drop, _ in indexes:
        conn.execute(drop)
    yield
    for _, add, foreign in keys[::-1]:  # keys first, foreign keys last
        if not foreign:
            conn.execute(add)
    for _, create in indexes:
        conn.execute(create)
    for _, add, foreign in keys:
        if foreign:
            conn.execute(add)


def _sequences(conn: PgConn) -> None:
    """Move every id sequence past the ids loaded, so the next contact, ticket… gets a new one."""
    serial = conn.execute(
        "SELECT quote_ident(table_name), quote_ident(column_name), column_name "
        "FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'"
    ).fetchall()
    for table, column, name in serial:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(max({column}), 0) + 1, false) "
            f"FROM {table}",
            (table, name),
        )
