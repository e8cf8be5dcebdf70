"""Deterministic, realistic demo data, fast enough for a million contacts.

Worker processes build chunks of rows (``store.demo.rows``) and write each into a part file; the
main process makes their emails unique and copies parts into the new database in chunk order with
``INSERT … SELECT`` (C speed, no Python per row), then builds the indexes once while a thread
makes the search words beside it (``store.demo.words``), and finally moves the finished file into
place. The database is built in a private folder beside
its final path (``store.demo.files``) and appears there only when complete, so an interrupted run
leaves nothing half-made behind; that is also why the build may skip the write-ahead log and
fsync until the end.

The same seed, size and anchor date always give the same database, whatever the worker count,
and on either engine: a PostgreSQL URL is loaded from the same chunks with COPY
(``store.demo.postgres``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..database.bulk import indexes_deferred, insert_rows
from ..database.connect import configure_sqlite, is_sqlite, sqlite_file, to_url
from ..database.files import make_folder
from ..database.upkeep import mark_checked
from ..errors import StoreError
from ..search.index import DOC_COLUMNS, merge_terms, vocabulary
from .files import clear_leftovers, new_file, private_folder, publish
from .plan import (
    MAX_CONTACTS,
    WORKER,
    Progress,
    Run,
    address_keys,
    address_terms,
    fixed_rows,
    plan,
    rename_addresses,
)
from .rows import TABLES, Generator
from .words import COPY_DOCS, Words

RANDOM_KEY_INDEXES = (
    "ux_identity_kind_normalized",
    "ux_search_phone_key",
    "ux_contact_pin",
    "ix_contact_last_activity",
    "ix_contact_company_id",
    "ix_ticket_company_id",
    "ix_ticket_status_updated",
    "ix_ticket_unassigned_updated",
    "ix_ticket_group",
    "ix_ticket_created",
    "ix_ticket_assignee_created",
    "ix_activity_company_id",
    "ix_custom_value_company_id",
)

PART_SCHEMA = {
    "contact": "id, first_name, last_name, company_id, reference, pin, title, sla_policy_id, "
    "country, created_at, last_activity_at",
    "identity": "contact_id, kind, value, normalized, is_default",
    "search_doc": "contact_id INTEGER PRIMARY KEY, name, company, emails, handles, phones",
    "search_phone": "key, contact_id",
    "ticket": "id, subject, group_name, status, priority, assignee_id, contact_id, company_id, "
    "requester_name, channel, created_at, updated_at, first_response_at, resolved_at, "
    "first_response_due_at, resolution_due_at, time_spent_minutes",
    "activity": "contact_id, company_id, kind, summary, author, occurred_at",
    "custom_value": "contact_id, key, value, source, imported_at",
}

COPY = {
    "contact": """INSERT INTO contact (id, first_name, last_name, company_id, reference, pin,
        title, sla_policy_id, country, created_at, last_activity_at, updated_at, is_primary,
        alias, description, address, city, state, postcode, fax, ignore_emails, active, version)
        SELECT id, first_name, last_name, company_id, reference, pin, title, sla_policy_id,
        country, created_at, last_activity_at, :now,
        id IN (SELECT value FROM json_each(:primaries)), '', '', '', '', '', '', '', 0, 1, 1
        FROM part.contact""",
    "identity": """INSERT INTO identity (contact_id, kind, value, normalized, is_default,
        created_at, version)
        SELECT contact_id, kind, value, normalized, is_default, :now, 1 FROM part.identity""",
    "search_doc": "INSERT INTO search_doc SELECT * FROM part.search_doc",
    "words": COPY_DOCS,
    "search_phone": "INSERT INTO search_phone (key, contact_id) SELECT * FROM part.search_phone",
    "ticket": """INSERT INTO ticket (id, reference, subject, group_name, status, priority,
        assignee_id, contact_id, company_id, requester_name, channel, created_at, updated_at,
        first_response_at, resolved_at, first_response_due_at, resolution_due_at,
        time_spent_minutes, requester, version)
        SELECT id + :tickets, 'T-' || (1000000 + id + :tickets), subject, group_name, status,
        priority, assignee_id, contact_id, company_id, requester_name, channel, created_at,
        updated_at, first_response_at, resolved_at, first_response_due_at, resolution_due_at,
        time_spent_minutes, '', 1 FROM part.ticket""",
    "ticket_message": """INSERT INTO ticket_message (ticket_id, author, body, created_at,
        from_customer, internal, message_id)
        SELECT id + :tickets, requester_name, subject || '.' || char(10) || char(10) ||
        'Thanks, ' || requester_name, created_at, 1, 0, '' FROM part.ticket""",
    "activity": """INSERT INTO activity (contact_id, company_id, kind, summary, author,
        occurred_at, body, version) SELECT contact_id, company_id, kind, summary, author,
        occurred_at, '', 1 FROM part.activity""",
    "custom_value": """INSERT INTO custom_value (contact_id, key, value, source, imported_at,
        version) SELECT contact_id, key, value, source, imported_at, 1 FROM part.custom_value""",
}


@dataclass(frozen=True)
class DemoSummary:
    """What was generated, for the CLI to print."""

    contacts: int
    companies: int
    identities: int
    tickets: int
    activities: int
    custom_values: int
    seconds: float


@dataclass(frozen=True)
class _Part:
    """A chunk built by a worker: its file, row counts and vocabulary."""

    index: int
    path: Path
    counts: dict[str, int]
    terms: dict[str, int]
    addresses: list[tuple[int, str]]
    """(position, ``kind:normalized``) of the identities that may need renaming
    (``address_keys``)."""
    firsts: dict[int, int]
    """Company id → its first contact in the part."""


def _build_part(index: int, start: int, size: int, pins: list[int]) -> _Part:
    """In a worker: generate one chunk and write it to its own part file."""
    gen = Generator(f"{WORKER['seed']}:{index}", WORKER["now"], WORKER["phones"])
    rows = gen.chunk(start, size, WORKER["companies"], pins)
    path = WORKER["folder"] / f"part-{index:05d}.db"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for table in TABLES:
            columns = PART_SCHEMA[table]
            conn.execute(f"CREATE TABLE {table} ({columns})")
            insert_rows(conn, table, columns.count(",") + 1, rows[table])
        conn.execute("COMMIT")
    finally:
        conn.close()
    counts = {table: len(found) for table, found in rows.items()}
    terms = vocabulary(rows["search_doc"])
    firsts: dict[int, int] = {}
    for row in rows["contact"]:
        if row[3] is not None:
            firsts.setdefault(row[3], row[0])
    return _Part(index, path, counts, terms, address_keys(rows["identity"]), firsts)


def _write_fixed(conn: sqlite3.Connection, stamp: str, companies: list[tuple]) -> None:
    """The small tables every contact points into (``demo_plan.fixed_rows``)."""
    for table, (columns, rows) in fixed_rows(stamp, companies).items():
        marks = ",".join("?" * (columns.count(",") + 1))
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _copy_part(
    conn: sqlite3.Connection,
    part: _Part,
    now: str,
    tickets: int,
    seen: set[str],
    companies: set[int],
) -> dict[str, int]:
    """Append one part to the database in its own transaction, then delete the part; returns
    the vocabulary its renamed addresses add. The first contact of a company that no part
    before had (``companies``, updated) is the company's primary one."""
    primaries = [contact for company, contact in part.firsts.items() if company not in companies]
    companies.update(part.firsts)
    conn.execute("ATTACH DATABASE ? AS part", (str(part.path),))
    try:
        # Renames are written to the part, which is thrown away: no journal, no fsync.
        conn.execute("PRAGMA part.journal_mode = OFF")
        conn.execute("PRAGMA part.synchronous = OFF")
        conn.execute("PRAGMA part.cache_size = -65536")
        conn.execute("BEGIN")
        terms = _unique_addresses(conn, part, seen)
        values = {"now": now, "tickets": tickets, "primaries": json.dumps(primaries)}
        for statement in COPY.values():
            conn.execute(statement, values)
        conn.execute("COMMIT")
    finally:
        conn.execute("DETACH DATABASE part")
        part.path.unlink()
    return terms


def _unique_addresses(conn: sqlite3.Connection, part: _Part, seen: set[str]) -> dict[str, int]:
    """Rename the part's addresses and handles that an earlier part already handed out
    (``rename_addresses``); the contact's search row follows. Returns the vocabulary the renamed
    addresses add (``address_terms``)."""
    addresses = part.addresses
    renamed = rename_addresses([key for _, key in addresses], seen)
    changes = [
        (addresses[at][0] + 1, addresses[at][1].partition(":")[2], new, value, column)
        for at, new, value, column in renamed
    ]
    conn.executemany(
        "UPDATE part.identity SET value = ?, normalized = ? WHERE rowid = ?",
        [(value, new, rowid) for rowid, _, new, value, _ in changes],
    )
    for column in DOC_COLUMNS[2:]:
        conn.executemany(
            f"UPDATE part.search_doc SET {column} = trim(replace(' ' || {column} || ' ', ?, ?)) "
            "WHERE contact_id = (SELECT contact_id FROM part.identity WHERE rowid = ?)",
            [
                (f" {old.lower()} ", f" {new.lower()} ", rowid)
                for rowid, old, new, _, where in changes
                if where == column
            ],
        )
    return address_terms([new.lower() for _, _, new, _, column in changes if column == "emails"])


def _target(url: str) -> Path:
    """The file demo data goes to: new, or an existing database without contacts."""
    path = sqlite_file(url)
    if path is None:
        raise StoreError("demo data is generated into a SQLite file (--db PATH)")
    if not path.exists() or path.stat().st_size == 0:
        return path
    with path.open("rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{path} is not a database; demo data will not replace it")
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        count = (
            conn.execute("SELECT count(*) FROM contact").fetchone()[0] if "contact" in tables else 0
        )
    finally:
        conn.close()
    if "contact" not in tables and tables:
        raise StoreError(f"{path} is some other database; demo data will not replace it")
    if count:
        raise StoreError(f"{path} already has {count} contacts; demo data needs a new database")
    return path


def generate(
    url: str,
    contacts: int = 10_000,
    seed: int = 1,
    now: datetime | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> DemoSummary:
    """Create a database at ``url`` holding demo data: a SQLite file, or a PostgreSQL database
    without contacts (``store.demo.postgres``).

    ``now`` anchors every date (default: today, noon UTC), so a seed gives the same data all day.
    """
    if not 1 <= contacts <= MAX_CONTACTS:
        raise StoreError(f"demo contacts must be between 1 and {MAX_CONTACTS:,}")
    started = time.perf_counter()
    anchor = now or datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    if is_sqlite(url):
        counts = _generate_sqlite(url, contacts, seed, int(anchor.timestamp()), progress, workers)
    else:
        from .postgres import load  # noqa: PLC0415 - PostgreSQL only

        counts = load(url, plan(contacts, seed, int(anchor.timestamp())), progress, workers)
    return DemoSummary(
        contacts=contacts,
        companies=counts["company"],
        identities=counts["identity"],
        tickets=counts["ticket"],
        activities=counts["activity"],
        custom_values=counts["custom_value"],
        seconds=round(time.perf_counter() - started, 1),
    )


def _generate_sqlite(
    url: str, contacts: int, seed: int, now: int, progress: Progress | None, workers: int | None
) -> dict[str, int]:
    """Build the file in a private folder beside its place, then move it there. The workers
    start on the parts first: the new file's schema is made while they make the first ones."""
    path = _target(url)
    make_folder(str(path.parent))
    clear_leftovers(path)
    run = plan(contacts, seed, now)
    with private_folder(path.parent) as folder:
        building = new_file(folder / path.name)
        with run.pool(workers, folder) as pool:
            parts = [pool.submit(_build_part, *job) for job in run.jobs]
            _migrate(building)
            counts = _build(building, run, parts, progress)
        _target(url)  # an agent may have used the empty database meanwhile
        if progress:  # its last chance to stop the build (by raising) leaving nothing
            progress(run.contacts, run.contacts)
        publish(building, path)
    mark_checked(str(path))  # sound by construction: the first start need not check it
    return counts


def _migrate(building: Path) -> None:
    """Give the new, empty file the schema, with the migrations."""
    from ..database.engine import Database  # noqa: PLC0415 - the migration needs SQLAlchemy, rows do not
    from ..database.schema import ensure  # noqa: PLC0415

    db = Database(to_url(str(building)))
    try:
        ensure(db)
    finally:
        db.dispose()


def _build(
    building: Path, run: Run, parts: list[Future[_Part]], progress: Progress | None
) -> dict[str, int]:
    """Fill the migrated, empty file ``building`` with the ``parts`` the workers make beside
    it, in order; returns row counts per table."""
    counts = dict.fromkeys(TABLES, 0) | {"company": len(run.companies)}
    terms: dict[str, int] = {}
    seen: set[str] = set()
    companies: set[int] = set()
    conn = sqlite3.connect(building, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA threads = 2")
        conn.execute("BEGIN")
        _write_fixed(conn, run.stamp, run.companies)
        conn.execute("COMMIT")
        words = Words(conn, building.parent)
        try:
            with indexes_deferred(conn, RANDOM_KEY_INDEXES):
                for part in (future.result() for future in parts):
                    renamed = _copy_part(conn, part, run.stamp, counts["ticket"], seen, companies)
                    counts = {t: counts[t] + part.counts.get(t, 0) for t in counts}
                    merge_terms(terms, part.terms)
                    merge_terms(terms, renamed)
                    if progress:
                        progress(run.done(part.index), run.contacts)
                words.start(terms)
                conn.execute("BEGIN")
                conn.execute(
                    "INSERT INTO event (at, author, entity, entity_id, action, description) "
                    "VALUES (?, 'demo', 'database', NULL, 'demo', ?)",
                    run.event,
                )
            words.finish()
            conn.execute("COMMIT")
        finally:
            words.stop()
        configure_sqlite(conn)
    finally:
        conn.close()
    return counts
