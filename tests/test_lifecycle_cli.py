"""``helpdesk-tui contact deactivate|reactivate|delete|restore`` and ``purge`` as a script runs
them, on both engines: each done in one line (or JSON) with the operation to undo it by, and
every refusal one sentence with its own exit status, strangers' text defanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database, os_username
from helpdesk_tui.store.errors import ErrorCode
from helpdesk_tui.store.models import Agent, Contact, Event, Ticket
from helpdesk_tui.store.tickets.operations import open_ticket

from .conftest import FORBIDDEN, HOSTILE_TEXT, run_cli

pytestmark = pytest.mark.both_engines


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No command may fall back to a default database."""
    monkeypatch.setenv("HELPDESK_TUI_DB", str(tmp_path / "fallback" / "never.db"))
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def me(db: Database) -> Iterator[Database]:
    """The database as the account running the CLI writes it: its first agent, so an admin."""
    mine = Database(db.url, author=os_username(), region="GB")
    yield mine
    mine.dispose()


@pytest.fixture
def pair(me: Database):
    """Ann, with a ticket, and Bea, whose name is a stranger's hostile text."""
    ann = create_contact(me, first_name="Ann", last_name="Lee")
    bea = create_contact(me, first_name="Bea", last_name="Roe")
    open_ticket(me, subject="Printer on fire", contact=ann.reference)
    with me.write() as session:  # as an import could have written it, unchecked
        session.get(Contact, bea.id).last_name = HOSTILE_TEXT
    return ann, bea


def cli(capsys, db: Database, *argv: object) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, "--db", db.url)


def _state(db: Database, reference: str) -> tuple[bool, bool] | None:
    """(active, deleted) of a contact; None once purged."""
    with db.read() as session:
        contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
        return None if contact is None else (contact.active, contact.deleted_at is not None)


def test_deactivate_and_reactivate_say_so_and_how_to_undo(capsys, db, pair):
    _, bea = pair
    code, out, err = cli(capsys, db, "contact", "deactivate", bea.reference.lower())
    assert (code, err) == (0, "")
    assert out.startswith("deactivated Bea Boom") and "undo it with: helpdesk-tui undo " in out
    assert not any(mark in out for mark in FORBIDDEN)
    assert _state(db, bea.reference) == (False, False)
    code, _, err = cli(capsys, db, "contact", "deactivate", bea.reference)
    assert code == ErrorCode.REFUSED.exit_status == 8
    assert "deactivated already" in err and err.count("\n") == 1
    code, out, _ = cli(capsys, db, "contact", "reactivate", bea.reference, "--json")
    shown = json.loads(out)
    assert (code, shown["action"], shown["contact"]["active"]) == (0, "reactivate", True)


def test_delete_needs_the_tickets_reassigned_and_undo_reverses_it(capsys, db, pair):
    ann, bea = pair
    code, out, err = cli(capsys, db, "contact", "delete", ann.reference)
    assert (code, out) == (ErrorCode.REFUSED.exit_status, "")
    assert "has 1 ticket" in err and "reassign" in err and err.count("\n") == 1
    code, out, err = cli(
        capsys, db, "contact", "delete", ann.reference, "--reassign-to", bea.reference, "--json"
    )
    done = json.loads(out)
    assert (code, done["tickets_moved"], done["reassigned_to"]) == (0, 1, bea.reference)
    assert done["contact"]["deleted_at"]
    with db.read() as session:
        assert session.exec(select(Ticket.contact_id)).one() == bea.id
    code, _, err = cli(capsys, db, "undo", done["operation_id"], "--yes")
    assert code == 0, err
    assert _state(db, ann.reference) == (True, False)


def test_restore_and_purge_and_their_refusals(capsys, db, pair):
    _, bea = pair
    code, _, err = cli(capsys, db, "purge", bea.reference)
    assert code == 2 and "cannot be undone" in err and _state(db, bea.reference) == (True, False)
    code, _, err = cli(capsys, db, "purge", bea.reference, "--yes")
    assert code == ErrorCode.REFUSED.exit_status and "not deleted" in err
    code, _, err = cli(capsys, db, "contact", "restore", bea.reference)
    assert code == ErrorCode.REFUSED.exit_status and "not deleted" in err
    assert cli(capsys, db, "contact", "delete", bea.reference)[0] == 0
    code, out, _ = cli(capsys, db, "contact", "restore", bea.reference)
    assert code == 0 and out.startswith("restored ")
    assert cli(capsys, db, "contact", "delete", bea.reference)[0] == 0
    code, out, err = cli(capsys, db, "purge", bea.reference, "--yes")
    assert (code, err) == (0, "")
    assert "purged" in out and "cannot be undone" in out
    assert not any(mark in out for mark in FORBIDDEN)
    assert _state(db, bea.reference) is None
    with db.read() as session:
        purge = session.exec(select(Event).where(Event.action == "purge")).one()
    code, _, err = cli(capsys, db, "undo", purge.operation_id, "--yes")
    assert code == ErrorCode.REFUSED.exit_status
    assert "purge is the one change undo cannot reverse" in err


def test_an_agent_who_is_no_admin_is_refused_delete_in_one_sentence(capsys, db, pair):
    _, bea = pair
    with db.write() as session:  # the account running the CLI loses its admin role
        agent = session.exec(select(Agent).where(Agent.username == os_username())).one()
        agent.role = "agent"
    for argv in (("contact", "delete", bea.reference), ("purge", bea.reference, "--yes")):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (ErrorCode.FORBIDDEN.exit_status, "")
        assert "only an admin may" in err and err.count("\n") == 1
    assert cli(capsys, db, "contact", "deactivate", bea.reference)[0] == 0


def test_a_deleted_contacts_address_is_free_and_restore_then_refused_naming_its_holder(
    capsys, db, me
):
    ann = create_contact(me, first_name="Ann", identities=[("email", "ann@example.com")])
    code, _, err = cli(capsys, db, "contact", "add", "--first", "Bob", "--email", "ann@example.com")
    assert code == ErrorCode.CONFLICT.exit_status and f"Ann ({ann.reference})" in err
    assert cli(capsys, db, "contact", "delete", ann.reference)[0] == 0
    code, out, err = cli(
        capsys, db, "contact", "add", "--first", "Bob", "--email", "ann@example.com", "--json"
    )
    assert (code, err) == (0, "")
    bob = json.loads(out)["reference"]
    code, out, err = cli(capsys, db, "contact", "restore", ann.reference)
    assert (code, out) == (ErrorCode.CONFLICT.exit_status, "")
    assert f"belongs to Bob ({bob}) now" in err and "nothing was restored" in err
    assert err.count("\n") == 1
    assert _state(db, ann.reference) == (True, True)
