"""``helpdesk-tui ticket new|show|list|set|move|reply`` as a script runs them, on both engines:
JSON rows with the fields scripts rely on, one sentence and the store's exit status for every
refusal, and strangers' text defanged in the human output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import os_username
from helpdesk_tui.store.models import Contact, Event
from helpdesk_tui.store.tickets.operations import open_ticket

from .conftest import FORBIDDEN, HOSTILE_TEXT, run_cli

pytestmark = pytest.mark.both_engines

ROW_KEYS = {"reference", "subject", "status", "priority", "group", "assignee", "contact"}
ROW_KEYS |= {"created", "first_response_due", "resolution_due", "next_due", "version"}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No command may fall back to a default database."""
    monkeypatch.setenv("HELPDESK_TUI_DB", str(tmp_path / "fallback" / "never.db"))
    monkeypatch.setenv("COLUMNS", "200")


def ok_json(capsys, db, *argv: object):
    code, out, err = run_cli(capsys, "ticket", *argv, "--db", db.url, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def people(db):
    ann = create_contact(db, first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    bob = create_contact(db, first_name="Bob", company="Initech", create_company=True)
    return ann, bob


def test_a_ticket_from_new_to_moved_and_answered(capsys, db, people):
    ann, bob = people
    made = ok_json(
        capsys,
        db,
        "new",
        "--contact",
        ann.reference.lower(),
        "--subject",
        "Printer",
        "--priority",
        "high",
        "--group",
        "Hardware",
        "--body",
        "It smokes",
    )
    assert set(made) >= ROW_KEYS
    assert (made["contact"], made["company"], made["assignee"], made["version"]) == (
        ann.reference,
        "Acme",
        os_username(),
        1,
    )
    reference = made["reference"]
    assert reference.startswith("T-") and made["messages"][0]["kind"] == "customer"

    saved = ok_json(capsys, db, "set", reference.lower(), "--status", "PENDING")
    assert (saved["status"], saved["version"]) == ("pending", 2)
    moved = ok_json(capsys, db, "move", reference, "--to", bob.reference, "--if-version", "2")
    assert (moved["contact"], moved["company"]) == (bob.reference, "Initech")
    ok_json(capsys, db, "reply", reference, "--body", "Fixed?")
    noted = ok_json(capsys, db, "reply", reference, "--body", "called", "--internal")
    assert [m["kind"] for m in noted["messages"]] == ["customer", "reply", "note"]
    assert noted["first_response_at"] is not None

    shown = ok_json(capsys, db, "show", reference[2:])
    assert shown == noted
    with db.read() as session:
        actions = session.exec(
            select(Event.action).where(Event.entity == "ticket").order_by(col(Event.id))
        ).all()
    assert actions == ["create", "update", "move", "reply", "note"]

    code, out, err = run_cli(capsys, "ticket", "show", reference, "--db", db.url)
    assert code == 0, err
    assert "Status:          pending" in out and "--- note by" in out and "    called" in out


def test_list_pages_filters_and_sorts_with_json_rows(capsys, db, people):
    ann, _ = people
    for n, priority in enumerate(["low", "urgent", "normal"]):
        open_ticket(db, subject=f"ann {n}", contact=ann.reference, priority=priority)
    visitor = open_ticket(db, subject="walk-in", requester_name="Visitor V")
    listed = ok_json(capsys, db, "list", "--contact", ann.reference, "--limit", "2")
    assert [t["subject"] for t in listed["tickets"]] == ["ann 2", "ann 1"]
    assert (listed["has_more"], listed["total"], listed["total_capped"]) == (True, 3, False)
    assert set(listed["tickets"][0]) >= ROW_KEYS
    urgent_first = ok_json(capsys, db, "list", "--company", "ACME", "--sort", "priority")
    assert [t["priority"] for t in urgent_first["tickets"]] == ["urgent", "normal", "low"]
    everyone = ok_json(capsys, db, "list", "--status", "new,open", "--view", "open")
    assert everyone["tickets"][0]["reference"] == visitor.reference
    assert everyone["tickets"][0]["contact"] is None
    assert ok_json(capsys, db, "list", "--view", "unassigned")["tickets"] == []

    code, out, err = run_cli(
        capsys, "ticket", "list", "--db", db.url, "--limit", "2", "--offset", "1"
    )
    assert code == 0, err
    assert out.splitlines()[0].split()[:3] == ["REF", "STATUS", "PRIORITY"]
    assert len(out.splitlines()) == 3
    assert "tickets 2-3 of 4; --offset 3 for more" in err


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (["set", "{ticket}", "--status", "done"], 1, "new, open, pending, resolved, closed"),
        (["set", "{ticket}", "--priority", "p0"], 1, "urgent, high, normal, low"),
        (["set", "{ticket}", "--status", "open", "--if-version", "0"], 4, "was changed"),
        (["set", "T-999", "--status", "open"], 1, "no ticket with reference T-999"),
        (["set", "{ticket}"], 2, "needs --status"),
        (["move", "{ticket}", "--to", "{gone}"], 1, "is deactivated"),
        (["move", "{ticket}", "--to", "C-404"], 1, "no contact with reference C-404"),
        (["new", "--contact", "{ann}", "--subject", "  "], 1, "needs a subject"),
        (["new", "--contact", "C-404", "--subject", "x"], 1, "no contact with reference"),
        (["list", "--status", "nope"], 1, "is not one of"),
        (["list", "--view", "everything"], 2, "invalid choice"),
        (["reply", "{ticket}", "--body", ""], 1, "needs a body"),
    ],
)
def test_refusals_are_one_sentence_with_the_exit_status_and_change_nothing(
    capsys, db, people, argv, status, said
):
    ann, _ = people
    gone = create_contact(db, first_name="Gone")
    with db.write() as session:
        session.get(Contact, gone.id).active = False
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    names = {"ticket": ticket.reference, "gone": gone.reference, "ann": ann.reference}
    code, out, err = run_cli(capsys, "ticket", *[a.format(**names) for a in argv], "--db", db.url)
    assert (code, out) == (status, "")
    sentence = err.strip().splitlines()[-1]
    assert said in sentence and sentence.startswith("helpdesk-tui") and "Traceback" not in err
    shown = ok_json(capsys, db, "show", ticket.reference)
    assert (shown["version"], shown["contact"], len(shown["messages"])) == (1, ann.reference, 0)


def test_strangers_text_is_defanged_in_show_and_list(capsys, db, people):
    ann, _ = people
    ticket = open_ticket(
        db, subject=HOSTILE_TEXT, contact=ann.reference, body=f"hi\n{HOSTILE_TEXT}"
    )
    for argv in (["show", ticket.reference], ["list"]):
        code, out, err = run_cli(capsys, "ticket", *argv, "--db", db.url)
        assert code == 0, err
        assert not any(ch in out for ch in FORBIDDEN), argv
        assert "[@click=app.quit]" in out  # shown literally: plain text is never markup
    as_json = ok_json(capsys, db, "show", ticket.reference)
    assert as_json["subject"] == HOSTILE_TEXT
