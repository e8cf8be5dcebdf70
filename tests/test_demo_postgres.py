"""Demo data on PostgreSQL: the same rows as on SQLite, the same search answers, an index equal to
a rebuild, and nothing half-loaded after a failure."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime

import psycopg
import pytest

from helpdesk_tui.bench.queries import CLASSES, build
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.connect import connect, to_url
from helpdesk_tui.store.database.dbapi import libpq_url, wrap
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.demo import plan as demo_plan
from helpdesk_tui.store.demo.generate import generate
from helpdesk_tui.store.demo.postgres import _lines
from helpdesk_tui.store.errors import StoreError
from helpdesk_tui.store.search.index import SEARCH_TABLES, rebuild
from helpdesk_tui.store.search.searcher import search

from .conftest import DEMO_NOW

CONTACTS = 3_000
CHUNK = 500
"""Several chunks, so that addresses two chunks both invent are renamed (on both engines)."""
SEED = 5
PER_CLASS = 40
TABLES = (
    "agent",
    "sla_policy",
    "sla_target",
    "company",
    "contact",
    "identity",
    "ticket",
    "ticket_message",
    "activity",
    "custom_value",
    "event",
    *SEARCH_TABLES,
)
INDEX = {
    "search_doc": "contact_id, name, company, emails, handles, phones, terms::text",
    "search_phone": "key, contact_id",
    "search_term": "term, edits",
    "search_term_delete": "del, term",
}


@pytest.fixture(scope="module")
def both(pg_server, tmp_path_factory):
    """The same seed generated into a SQLite file and a PostgreSQL database, in small chunks;
    their URLs."""
    path = tmp_path_factory.mktemp("demo-both") / "demo.db"
    name = pg_server.create_database()
    urls = to_url(str(path)), pg_server.url(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_plan, "CHUNK", CHUNK)
        for url in urls:
            generate(url, contacts=CONTACTS, seed=SEED, now=DEMO_NOW)
    yield urls
    pg_server.drop_database(name)


def _pg(url: str) -> psycopg.Connection:
    conn = psycopg.connect(libpq_url(url))
    conn.execute("SET TimeZone = 'UTC'")
    return conn


def _value(value):
    """One engine's value as the other stores it: times as SQLite's text, booleans as 0/1."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        return value[:19]  # SQLite's text may carry microseconds
    return value


def _digest(rows) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(_value(v) for v in row)).encode())
    return digest.hexdigest()


def test_both_engines_hold_the_same_rows(both):
    lite_url, pg_url = both
    lite = sqlite3.connect(lite_url.removeprefix("sqlite:///"))
    with _pg(pg_url) as pg:
        for table in TABLES:
            (count,) = lite.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert pg.execute(f"SELECT count(*) FROM {table}").fetchone() == (count,), table
        assert pg.execute("SELECT count(*) FROM contact").fetchone() == (CONTACTS,)
        for table in ("contact", "identity", "company", "ticket", "ticket_message", "activity"):
            columns = ", ".join(r[1] for r in lite.execute(f"PRAGMA table_info({table})"))
            select = f"SELECT {columns} FROM {table} ORDER BY id"
            assert _digest(pg.execute(select)) == _digest(lite.execute(select)), table
        for table, indexed in INDEX.items():
            columns = indexed.replace(", terms::text", "")
            select = f"SELECT {columns} FROM {table} ORDER BY {columns}"
            assert sorted(pg.execute(select)) == sorted(lite.execute(select)), table
        renamed = "SELECT count(*) FROM identity WHERE normalized LIKE '%\\_2@%' ESCAPE '\\'"
        assert lite.execute(renamed).fetchone()[0] > 0, "the chunks renamed no address"
    lite.close()


def test_every_query_class_ranks_the_same_contacts_first_on_both(both):
    lite_url, pg_url = both
    with sqlite3.connect(lite_url.removeprefix("sqlite:///")) as drawing:
        queries = build(drawing, per_class=PER_CLASS, seed=11)
    assert {q.kind for q in queries} == set(CLASSES)
    lite, pg = connect(lite_url), connect(pg_url)
    try:
        differ = []
        for query in queries:
            ours = [(h.contact_id, h.score) for h in search(lite, query.text).hits[:5]]
            theirs = [(h.contact_id, h.score) for h in search(pg, query.text).hits[:5]]
            if ours != theirs:
                differ.append((query.kind, query.text, ours, theirs))
    finally:
        lite.close()
        pg.close()
    assert len(queries) >= len(CLASSES) * PER_CLASS * 0.9
    assert differ == []


def test_the_loaded_index_equals_a_rebuild_row_for_row(both):
    _, pg_url = both
    with _pg(pg_url) as conn:
        loaded = {
            t: conn.execute(f"SELECT {c} FROM {t} ORDER BY 1, 2").fetchall()
            for t, c in INDEX.items()
        }
        conn.execute("DELETE FROM search_term_delete")
        conn.execute("DELETE FROM search_term")
        rebuild(wrap(conn))
        for table, columns in INDEX.items():
            rebuilt = conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            assert rebuilt == loaded[table], table
        conn.rollback()


def test_ids_go_on_after_the_loaded_ones_and_a_second_load_is_refused(pg_url):
    generate(pg_url, contacts=300, seed=2, now=DEMO_NOW)
    db = Database(pg_url, author="tester", region="GB")
    try:
        made = create_contact(
            db, first_name="New", last_name="Caller", identities=[("email", "new@caller.example")]
        )
        assert made.id == 301
        with pytest.raises(StoreError, match="already has 301 contacts; demo data needs a new"):
            generate(pg_url, contacts=10)
    finally:
        db.dispose()


class Interrupted(Exception):
    """What the progress callback raises halfway through, as Ctrl-C would."""


def test_a_failure_mid_load_leaves_the_database_as_it_was(pg_url):
    with _pg(pg_url) as conn:
        schema = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        keys = conn.execute("SELECT conname FROM pg_constraint ORDER BY 1").fetchall()
    loaded = []

    def progress(done: int, total: int) -> None:
        loaded.append(done)
        if len(loaded) == 2:
            raise Interrupted

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_plan, "CHUNK", 200)
        with pytest.raises(Interrupted):
            generate(pg_url, contacts=1_000, seed=3, now=DEMO_NOW, progress=progress)
    assert loaded == [200, 400]
    with _pg(pg_url) as conn:
        for table in TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        assert (
            conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
            == schema
        )
        assert conn.execute("SELECT conname FROM pg_constraint ORDER BY 1").fetchall() == keys
    assert generate(pg_url, contacts=1_000, seed=3, now=DEMO_NOW).contacts == 1_000


def test_copy_lines_carry_any_text_the_rows_hold(pg_url):
    odd = ("tab\there", None, "back\\slash \\N", "line\nbreak\r", True, 7)
    plain = ("plain", "Zoë", "", "", False, 0)
    tail = ("a\tb", None)
    with _pg(pg_url) as conn:
        conn.execute(
            "CREATE TEMP TABLE t (a text, b text, c text, d text, e bool, f int, g text, h text)"
        )
        for rows in ([odd, plain], [plain]):  # escaped, and written as it stands
            conn.execute("TRUNCATE t")
            with conn.cursor() as cursor, cursor.copy("COPY t FROM STDIN") as copy:
                copy.write("".join(line + "\n" for line in _lines(rows, tail)))
            found = conn.execute("SELECT * FROM t ORDER BY f DESC").fetchall()
            assert found == [(*row, *tail) for row in rows]
