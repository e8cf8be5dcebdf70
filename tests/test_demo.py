"""Demo data: deterministic, valid, searchable, and never written over a real database."""

from __future__ import annotations

import hashlib
import sqlite3

import phonenumbers
import pytest

from helpdesk_tui.store.connect import to_url
from helpdesk_tui.store.contacts import create_contact
from helpdesk_tui.store.demo import generate
from helpdesk_tui.store.errors import StoreError
from helpdesk_tui.store.search_index import rebuild

from .conftest import DEMO_NOW

TABLES = ("contact", "identity", "ticket", "ticket_message", "activity", "custom_value")


def _digest(path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in (*TABLES, "search_doc", "search_phone", "search_term"):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_same_seed_gives_the_same_database_whatever_the_worker_count(tmp_path):
    one = tmp_path / "one.db"
    two = tmp_path / "two.db"
    generate(to_url(str(one)), contacts=700, seed=3, now=DEMO_NOW, workers=1)
    generate(to_url(str(two)), contacts=700, seed=3, now=DEMO_NOW, workers=2)
    assert _digest(one) == _digest(two)
    other = tmp_path / "other.db"
    generate(to_url(str(other)), contacts=700, seed=4, now=DEMO_NOW)
    assert _digest(other) != _digest(one)


def test_demo_rows_are_realistic_and_valid(demo_file):
    conn = sqlite3.connect(demo_file)
    contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    per_contact = conn.execute(
        "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM identity GROUP BY contact_id)"
    ).fetchone()
    assert per_contact == (1, 4)
    assert conn.execute("SELECT count(*) FROM identity").fetchone()[0] > contacts
    names = [row[0] for row in conn.execute("SELECT first_name || last_name FROM contact")]
    assert sum(not name.isascii() for name in names) > contacts // 10
    statuses = {row[0] for row in conn.execute("SELECT DISTINCT status FROM ticket")}
    assert statuses == {"new", "open", "pending", "resolved", "closed"}
    for table in ("activity", "custom_value", "sla_policy", "company"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    phones = [row[0] for row in conn.execute("SELECT normalized FROM identity WHERE kind='phone'")]
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(p)) for p in phones}
    assert len(regions) >= 8
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(p)) for p in phones)
    defaults = conn.execute(
        "SELECT count(*) FROM (SELECT contact_id, kind FROM identity GROUP BY contact_id, kind "
        "HAVING sum(is_default) != 1)"
    ).fetchone()[0]
    assert defaults == 0


def test_demo_index_matches_a_rebuild_from_the_tables(demo_file, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_file.read_bytes())
    before = _digest(copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("BEGIN")
    rebuild(conn)
    conn.execute("COMMIT")
    conn.close()
    assert _digest(copy) == before


def test_demo_refuses_a_database_with_contacts(db):
    create_contact(db, first_name="Real", last_name="Customer")
    with pytest.raises(StoreError, match="already has 1 contacts"):
        generate(db.url, contacts=10)


def test_demo_pins_are_unique_and_countries_are_codes(demo_file):
    from helpdesk_tui.store.countries import is_code
    from helpdesk_tui.store.search import search

    conn = sqlite3.connect(demo_file)
    pins = [row[0] for row in conn.execute("SELECT pin FROM contact")]
    assert len(set(pins)) == len(pins)
    assert all(len(pin) == 8 and pin.isdigit() for pin in pins)
    for pin, reference in conn.execute("SELECT pin, reference FROM contact LIMIT 20"):
        assert [hit.reference for hit in search(conn, f"pin:{pin}").hits] == [reference]
    countries = {row[0] for row in conn.execute("SELECT DISTINCT country FROM contact")}
    assert len(countries) >= 8 and all(is_code(country) for country in countries)
    conn.close()
