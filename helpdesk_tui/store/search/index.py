"""The search index: what makes search-as-you-type fast over a million contacts, on either engine.

Four plain-SQL tables, created by migration 0002 (SQLite) or 0006 (PostgreSQL) and kept current by
``index_contacts`` in the same transaction as every change to a contact, its identities or its
company:

- ``search_doc``: one row per live contact with its folded name, company, emails and handles. On
  SQLite it is the external content of ``search_fts``, an FTS5 word-prefix index (``prefix='1 2
  3'``); this module writes both explicitly (no triggers: a trigger per row made bulk loads five
  times slower). On PostgreSQL the row carries its words itself, as a ``tsvector`` under a GIN
  index (``terms``), one weight per column (``WEIGHTS``) so that ``company:`` can ask for a word
  in one column, as FTS5's column filter does. The words are split here, by ``folding.words``,
  exactly as a query's are, rather than by a server parser (PostgreSQL's would keep an address
  whole and, under the C locale, split at every letter outside ASCII). The ranker reads these
  rows too, so ranking never touches the ORM tables.
- ``search_phone``: phone numbers as keys for prefix range scans: ``r`` + the E.164 digits reversed
  (the last digits a caller reads out) and ``n`` + the national number (what people type).
- ``search_term`` / ``search_term_delete``: the vocabulary and each word's deletions within one or
  two edits (SymSpell), so a misspelt word finds its corrections with a few index lookups instead of
  a scan over every contact. Name and company words allow two edits (one when short); whole email
  local parts such as ``johnsmith`` allow one, which keeps the table to a few rows per address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from ..database.dbapi import Conn, Dialect, wrap
from ..kinds import PHONE_KINDS
from .folding import all_words, fold, words

SEARCH_TABLES = ("search_doc", "search_phone", "search_term", "search_term_delete")
SEARCH_INDEXES = ("ix_contact_reference_bytes",)
"""Indexes for the search path outside its tables, on one engine only (migration 0006)."""
DOC_COLUMNS = ("name", "company", "emails", "handles")
WEIGHTS = dict(zip(DOC_COLUMNS, "ABCD", strict=True))
"""The tsvector weight that marks a word's column on PostgreSQL."""

_LETTERS = re.compile(r"[^\W\d_]+")
MIN_TERM = 3
PREFIX = 8
CHUNK = 500
MAX_LEXEME = 500
STARTS = (1, 2, 3)
"""The lengths of word starts the PostgreSQL index holds as lexemes of their own."""


def max_edits(word: str) -> int:
    """How many edits a word may be away from a match: short words would match everything at 2."""
    return 1 if len(word) <= 4 else 2


def deletions(word: str, distance: int) -> set[str]:
    """The word's first ``PREFIX`` letters and every string made from them by deleting up to
    ``distance`` characters (SymSpell, with its prefix bound: a long word costs no more rows
    than an eight-letter one; the full words are compared afterwards)."""
    word = word[:PREFIX]
    found = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier if len(w) > 1 for i in range(len(w))}
        found |= frontier
    return found


@cache
def _country_codes() -> frozenset[str]:
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE  # noqa: PLC0415 - heavy, writes only

    return frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


def national_digits(e164: str) -> str:
    """The national significant number of an E.164 string (country codes are prefix-free)."""
    number = e164.split(";", 1)[0].lstrip("+")
    codes = _country_codes()
    for size in (1, 2, 3):
        if number[:size] in codes:
            return number[size:]
    return number


def phone_keys(e164: str) -> tuple[str, str]:
    """The two ``search_phone`` keys of a number: reversed digits, and national digits."""
    number = e164.split(";", 1)[0].lstrip("+")
    return "r" + number[::-1], "n" + national_digits(e164)


def leading_letters(word: str) -> str:
    """The letters a word starts with, before its first digit: ``lmorgan48`` → ``lmorgan``."""
    match = _LETTERS.match(word)
    return match.group(0) if match else ""


def vocabulary(docs: Iterable[Sequence[Any]]) -> dict[str, int]:
    """Words of ``search_doc`` rows worth correcting typos towards, with the edits each absorbs.

    Alphabetic words of three letters or more from names, companies and emails (whose dots and
    @ split them into words), each all-letter email local part as a whole, and the letters
    before the digits of one like ``lmorgan48``. A word met in several roles keeps the largest
    allowance, so the result does not depend on the order of the rows. Names, companies and
    domains repeat across contacts, so each distinct one is read once, and the texts are split
    all at once (``all_words``).
    """
    docs = list(docs)
    addresses = [address.partition("@") for doc in docs for address in doc[3].split()]
    local_parts = {local for local, _, _ in addresses}
    whole = {local for local in local_parts if len(local) > 4 and local.isalpha()}
    found = [(local, 1) for local in whole]
    for word in all_words(local_parts - whole):
        if len(word) >= MIN_TERM and word.isalpha():
            found.append((word, max_edits(word)))
        elif len(letters := leading_letters(word)) >= 4:
            found.append((letters, 1))
    texts = {doc[1] for doc in docs} | {doc[2] for doc in docs} | {d for _, _, d in addresses}
    found += [(w, max_edits(w)) for w in all_words(texts) if len(w) >= MIN_TERM and w.isalpha()]
    terms: dict[str, int] = {}
    merge_terms(terms, found)
    return terms


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def merge_terms(into: dict[str, int], terms: Mapping[str, int] | Iterable[tuple[str, int]]) -> None:
    """Merge vocabularies, keeping the larger edit allowance of a word seen twice."""
    for term, edits in terms.items() if isinstance(terms, Mapping) else terms:
        if into.get(term, -1) < edits:
            into[term] = edits


def add_terms(conn: Conn, terms: Mapping[str, int]) -> None:
    """Add words to the vocabulary with their deletions; a known word costs one lookup.

    Deletions go in sorted, so a bulk load appends to the index instead of seeking all over it.
    """
    ordered = sorted(terms)
    new: list[str] = []
    for start in range(0, len(ordered), CHUNK):
        batch = ordered[start : start + CHUNK]
        marks = ",".join("?" * len(batch))
        known = dict(
            conn.execute(f"SELECT term, edits FROM search_term WHERE term IN ({marks})", batch)
        )
        new += [t for t in batch if known.get(t, -1) < terms[t]]
    conn.executemany(
        "INSERT INTO search_term(term, edits) VALUES (?, ?) "
        "ON CONFLICT(term) DO UPDATE SET edits = excluded.edits",
        [(t, terms[t]) for t in new],
    )
    conn.executemany(
        "INSERT INTO search_term_delete(del, term) VALUES (?, ?) ON CONFLICT DO NOTHING",
        sorted((d, t) for t in new for d in deletions(t, terms[t])),
    )


def terms(name: str, company: str, emails: str, handles: str) -> str:
    """A ``search_doc`` row's words as a PostgreSQL ``tsvector`` literal: each word, and each
    of its starts (``start_lexeme``), with its column's weight (``WEIGHTS``) at the column's
    position (1 to 4; positions only carry the weights).

    Each column is written on its own, and PostgreSQL merges a word written in several (and a
    start written twice) into one lexeme. So the columns that repeat across contacts, names and
    companies, are written once each and cached; a bulk load writes a million of these.
    """
    parts = (
        _repeated("name", name),
        _repeated("company", company),
        column_terms("emails", emails),
        column_terms("handles", handles),
    )
    return " ".join(part for part in parts if part)


def start_lexeme(start: str) -> str:
    """The lexeme standing for every word that starts with ``start`` (of ``STARTS`` letters),
    as FTS5's ``prefix='1 2 3'`` index has them. GIN answers ``'co':*`` by first collecting
    the contacts of every word starting so, half the index, before it can intersect anything
    (50 ms at 1M contacts); one lexeme is a posting list it skips through. Words never hold
    ``_`` (``folding.words``), so a start never reads as a word."""
    return "_" + start


def column_terms(column: str, text: str) -> str:
    """One column's part of a ``tsvector`` literal (``terms``): its words (letters and digits
    only, so none needs quoting; PostgreSQL refuses any over ``MAX_LEXEME``, and nobody types
    one that long), then their starts."""
    position = f"{DOC_COLUMNS.index(column) + 1}{WEIGHTS[column]}"
    found = dict.fromkeys(word for word in words(text) if len(word) <= MAX_LEXEME)
    starts = dict.fromkeys(start for word in found for start in _starts(word))
    return " ".join([f"'{lexeme}':{position}" for lexeme in (*found, *starts)])


_repeated = lru_cache(maxsize=65536)(column_terms)


@lru_cache(maxsize=65536)
def _starts(word: str) -> tuple[str, ...]:
    """The start lexemes of a word (``start_lexeme``); words repeat across addresses."""
    return tuple(start_lexeme(word[:size]) for size in STARTS if len(word) >= size)


def _write_docs(conn: Conn, chunk: list[int], marks: str, docs: list[tuple[Any, ...]]) -> None:
    """Replace the ``search_doc`` rows of ``chunk`` (and their FTS5 entries on SQLite)."""
    if conn.dialect is Dialect.POSTGRESQL:
        conn.execute(f"DELETE FROM search_doc WHERE contact_id IN ({marks})", chunk)
        conn.executemany(
            """INSERT INTO search_doc(contact_id, name, company, emails, handles, phones, terms)
               VALUES (?, ?, ?, ?, ?, ?, ?::tsvector)""",
            [(*doc, terms(*doc[1:5])) for doc in docs],
        )
        return
    conn.execute(
        f"""INSERT INTO search_fts(search_fts, rowid, name, company, emails, handles)
            SELECT 'delete', contact_id, name, company, emails, handles FROM search_doc
            WHERE contact_id IN ({marks})""",
        chunk,
    )
    conn.execute(f"DELETE FROM search_doc WHERE contact_id IN ({marks})", chunk)
    conn.executemany(
        """INSERT INTO search_doc(contact_id, name, company, emails, handles, phones)
           VALUES (?, ?, ?, ?, ?, ?)""",
        docs,
    )
    conn.execute(
        f"""INSERT INTO search_fts(rowid, name, company, emails, handles)
            SELECT contact_id, name, company, emails, handles FROM search_doc
            WHERE contact_id IN ({marks})""",
        chunk,
    )


def index_contacts(conn: Conn, contact_ids: Iterable[int]) -> None:
    """Bring the index of these contacts up to date (call inside the change's transaction).

    Merged and missing contacts leave the index; every other contact's row is rewritten whole.
    """
    ids = sorted(set(contact_ids))
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        contacts = conn.execute(
            f"""SELECT c.id, c.first_name, c.last_name, c.alias, COALESCE(co.name, '')
                FROM contact c LEFT JOIN company co ON co.id = c.company_id
                WHERE c.id IN ({marks}) AND c.merged_into_id IS NULL""",
            chunk,
        ).fetchall()
        identities: dict[int, list[tuple[str, str]]] = {}
        for contact_id, kind, normalized in conn.execute(
            # In id order: PostgreSQL hands rows back as they lie on disk, which an UPDATE
            # changes, and a contact's row must read the same after an undo puts it back.
            f"SELECT contact_id, kind, normalized FROM identity WHERE contact_id IN ({marks}) "
            "ORDER BY contact_id, id",
            chunk,
        ):
            identities.setdefault(contact_id, []).append((kind, normalized))
        conn.execute(f"DELETE FROM search_phone WHERE contact_id IN ({marks})", chunk)
        docs: list[tuple[Any, ...]] = []
        phones: list[tuple[str, int]] = []
        for contact_id, first, last, alias, company in contacts:
            own = identities.get(contact_id, [])
            doc = make_doc(contact_id, first, last, alias, company, own)
            docs.append(doc)
            phones.extend(
                (key, contact_id)
                for kind, normalized in own
                if kind in PHONE_KINDS
                for key in phone_keys(normalized)
            )
        _write_docs(conn, chunk, marks, docs)
        conn.executemany(
            "INSERT INTO search_phone(key, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            phones,
        )
        add_terms(conn, vocabulary(docs))


def drop_contacts(conn: Conn, contact_ids: Iterable[int]) -> None:
    """Take contacts out of the index before their rows are deleted (an undone creation):
    the word index removes an entry by the values it was made from, which must still be
    there (``search_doc`` goes with its contact by ``ON DELETE CASCADE``)."""
    for chunk in _chunks(sorted(set(contact_ids))):
        marks = ",".join("?" * len(chunk))
        if conn.dialect is Dialect.SQLITE:
            conn.execute(
                f"""INSERT INTO search_fts(search_fts, rowid, name, company, emails, handles)
                    SELECT 'delete', contact_id, name, company, emails, handles FROM search_doc
                    WHERE contact_id IN ({marks})""",
                chunk,
            )
        conn.execute(f"DELETE FROM search_doc WHERE contact_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM search_phone WHERE contact_id IN ({marks})", chunk)


def make_doc(
    contact_id: int,
    first: str,
    last: str,
    alias: str,
    company: str,
    identities: Iterable[tuple[str, str]],
) -> tuple[int, str, str, str, str, str]:
    """One ``search_doc`` row: folded name, company, emails, handles and the E.164 phones."""
    emails, handles, phones = [], [], []
    for kind, normalized in identities:
        if kind == "email":
            emails.append(fold(normalized))
        elif kind in PHONE_KINDS:
            phones.append(normalized)
        else:
            handles.append(fold(normalized))
    name = fold(f"{first} {last} {alias}".strip()) if alias else fold(f"{first} {last}".strip())
    return (contact_id, name, fold(company), " ".join(emails), " ".join(handles), " ".join(phones))


def reindex(session, contact_ids: Iterable[int]) -> None:
    """Re-index contacts inside an ORM write session, on its own connection and transaction."""
    session.flush()
    index_contacts(wrap(session.connection().connection.driver_connection), contact_ids)


def index_company(conn: Conn, company_id: int) -> None:
    """Re-index every contact of a company (its name is part of each contact's row)."""
    ids = [
        row[0] for row in conn.execute("SELECT id FROM contact WHERE company_id = ?", (company_id,))
    ]
    index_contacts(conn, ids)


def rebuild_fts(conn: Conn) -> None:
    """Rebuild the SQLite word index from ``search_doc`` in one pass (after a bulk load of docs).

    Merging sixteen segments at a time instead of FTS5's default four took a rebuild of a
    million contacts from 12 s to 8.5 s; day-to-day edits go back to the default.
    """
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16)")
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 4)")


def rebuild(conn: Conn) -> None:
    """Rebuild the whole index from the contact tables (migrations and bulk loads)."""
    for table in ("search_doc", "search_phone"):
        conn.execute(f"DELETE FROM {table}")
    if conn.dialect is Dialect.SQLITE:
        conn.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    last = 0
    while True:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM contact WHERE id > ? ORDER BY id LIMIT 5000", (last,)
            )
        ]
        if not ids:
            break
        index_contacts(conn, ids)
        last = ids[-1]
