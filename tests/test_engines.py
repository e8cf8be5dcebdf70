"""The store on both engines: the write unit of work, contacts, and PostgreSQL's own failures
(a throwaway server, tests/postgres.py) turned into the store's errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.database.failures import translated, where
from helpdesk_tui.store.errors import (
    DatabaseBusy,
    DatabaseMissing,
    DatabaseProblem,
    NoAccess,
    StaleEdit,
)
from helpdesk_tui.store.models import Agent, Contact


def _names(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.exec(select(Agent.username).order_by(Agent.id)).all())


def test_a_write_commits_at_the_end_and_rolls_back_on_any_failure(any_db):
    with any_db.write() as session:
        session.add(Agent(username="kept"))
    with pytest.raises(RuntimeError), any_db.write() as session:
        session.add(Agent(username="dropped"))
        session.flush()
        raise RuntimeError("the operation failed half-way")
    assert _names(any_db) == ["kept"]


def _fail_at_commit(session) -> None:
    """Statements that pass but make the COMMIT itself fail (a constraint checked at commit)."""
    if session.connection().dialect.name == "sqlite":
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.execute(
            text(
                "INSERT INTO identity (contact_id, kind, value, normalized, is_default, "
                "created_at, version) VALUES (999, 'email', 'x@y.example', 'x@y.example', "
                "true, '2025-01-01', 1)"
            )
        )
    else:
        session.execute(text("CREATE TABLE trap (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)"))
        session.execute(text("INSERT INTO trap VALUES (1), (1)"))


def test_a_failed_commit_is_rolled_back_and_never_rides_along(any_db):
    with pytest.raises(Exception, match=r"(?i)foreign key|unique"), any_db.write() as session:
        session.add(Agent(username="half-written"))
        _fail_at_commit(session)
    with any_db.write() as session:
        session.add(Agent(username="next-save"))
    assert _names(any_db) == ["next-save"]


def test_contacts_are_created_edited_and_read_alike(any_db):
    contact = create_contact(
        any_db, first_name="Ann", last_name="Lee", identities=[("email", "Ann@Example.COM")]
    )
    saved = update_contact(any_db, contact.reference, contact.version, {"title": "CTO"})
    assert saved.version == contact.version + 1
    shown = get_contact(any_db, contact.reference).contact
    assert (shown.first_name, shown.title) == ("Ann", "CTO")
    assert [i.normalized for i in shown.identities] == ["Ann@example.com"]
    with pytest.raises(StaleEdit):
        update_contact(any_db, contact.reference, contact.version, {"title": "CEO"})


def test_a_company_is_found_whatever_the_case_of_its_letters(any_db):
    """The lookup a save makes for the company it names works on both engines: no collation
    only one engine has."""
    first = create_contact(any_db, first_name="Ann", company="Acme Ltd", create_company=True)
    again = create_contact(any_db, first_name="Bob", company="ACME LTD")
    umlaut = create_contact(any_db, first_name="Cy", company="Ärzte AG", create_company=True)
    lower = create_contact(any_db, first_name="Di", company="ärzte ag")
    assert (first.company, again.company) == ("Acme Ltd", "Acme Ltd")
    assert (umlaut.company, lower.company) == ("Ärzte AG", "Ärzte AG")


def _open(url: str) -> None:
    db = Database(url)
    try:
        with translated(where(url)), db.read() as session:
            session.execute(text("SELECT 1"))
    finally:
        db.dispose()


def test_a_wrong_password_is_refused_access_and_the_password_never_shown(pg_server, pg_url):
    url = pg_url.replace(":throwaway-secret@", ":wrong-secret@")
    with pytest.raises(NoAccess, match="user name and password") as failure:
        _open(url)
    assert "secret" not in str(failure.value) and ":***@" in str(failure.value)


def test_a_database_that_does_not_exist_is_missing(pg_server):
    with pytest.raises(DatabaseMissing, match="does not exist"):
        _open(pg_server.url("no_such_database"))


def test_a_server_that_is_not_there_cannot_be_reached(pg_server):
    url = pg_server.url("postgres").replace(f":{pg_server.port}/", ":1/")
    with pytest.raises(DatabaseProblem, match="cannot reach the database server"):
        _open(url)


def test_a_row_another_agent_holds_is_busy_after_the_lock_timeout(pg_url, monkeypatch):
    monkeypatch.setenv("HELPDESK_TUI_BUSY_TIMEOUT", "0.2")
    db = Database(pg_url, author="tester", region="GB")
    contact = create_contact(db, first_name="Ann", last_name="Lee")
    with db.write() as holder:
        holder.execute(select(Contact).with_for_update())
        with pytest.raises(DatabaseBusy, match="try again"), translated(where(pg_url)):
            update_contact(db, contact.reference, contact.version, {"title": "CTO"})
    assert update_contact(db, contact.reference, contact.version, {"title": "CTO"}).version == 2
    db.dispose()
