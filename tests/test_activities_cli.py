"""``helpdesk-tui activity``, ``company`` and ``view`` as a script runs them, on both engines:
JSON with the fields scripts rely on, one sentence and the store's exit status for every
refusal (changing nothing), and strangers' text defanged in the human output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database, os_username
from helpdesk_tui.store.models import Event
from helpdesk_tui.store.tickets.operations import open_ticket

from .conftest import FORBIDDEN, HOSTILE_TEXT, run_cli

pytestmark = pytest.mark.both_engines


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No command may fall back to a default database."""
    monkeypatch.setenv("HELPDESK_TUI_DB", str(tmp_path / "fallback" / "never.db"))
    monkeypatch.setenv("COLUMNS", "200")


def ok_json(capsys, db, *argv: object):
    code, out, err = run_cli(capsys, *argv, "--db", db.url, "--json")
    assert code == 0, err
    return json.loads(out)


def _events(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        return [
            (e.entity, e.action) for e in session.exec(select(Event).order_by(col(Event.id))).all()
        ]


@pytest.fixture
def people(db):
    ann = create_contact(db, first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    bob = create_contact(db, first_name="Bob", company="Acme")
    olga = create_contact(db, first_name="Olga", company="Initech", create_company=True)
    return ann, bob, olga


def test_activity_add_and_list_for_a_contact_and_its_company(capsys, db, people):
    ann, *_ = people
    made = ok_json(
        capsys,
        db,
        "activity",
        "add",
        "--contact",
        ann.reference.lower(),
        "--kind",
        "Site-Visit",
        "--summary",
        "Fixed it",
        "--body",
        "Toner",
        "--when",
        "2026-11-20T10:00:00+00:00",
    )
    assert (made["kind"], made["contact"], made["company"], made["author"]) == (
        "site visit",
        ann.reference,
        "Acme",
        os_username(),
    )
    assert made["occurred"].startswith("2026-11-20T10:00") and made["version"] == 1
    ok_json(
        capsys, db, "activity", "add", "--company", "acme", "--kind", "meeting", "--summary", "QBR"
    )
    listed = ok_json(capsys, db, "activity", "list", "--company", "ACME")
    assert [a["summary"] for a in listed["activities"]] == ["QBR", "Fixed it"]
    assert listed["has_more"] is False
    mine = ok_json(capsys, db, "activity", "list", "--contact", ann.reference, "--limit", "1")
    assert [a["id"] for a in mine["activities"]] == [made["id"]]
    code, out, err = run_cli(
        capsys, "activity", "list", "--company", "Acme", "--db", db.url, "--limit", "1"
    )
    assert code == 0 and out.splitlines()[0].split()[:3] == ["ID", "WHEN", "KIND"]
    assert "--offset 1 for more" in err


def test_activity_edit_and_remove_your_own(capsys, db, people):
    """The CLI acts as the OS user: what they logged is theirs to change, mallory's is not."""
    ann, *_ = people
    me = Database(db.url, author=os_username(), region="GB")
    mallory = Database(db.url, author="mallory", region="GB")
    made = log_activity(me, contact=ann.reference, kind="call", summary="first")
    theirs = log_activity(mallory, contact=ann.reference, kind="call", summary="theirs")
    me.dispose()
    mallory.dispose()
    edited = ok_json(
        capsys, db, "activity", "edit", made.id, "--summary", "second", "--kind", "email"
    )
    assert (edited["summary"], edited["kind"], edited["version"]) == ("second", "email", 2)
    code, out, err = run_cli(
        capsys, "activity", "edit", made.id, "--summary", "x", "--if-version", "1", "--db", db.url
    )
    assert (code, out) == (4, "") and "was changed" in err
    code, out, err = run_cli(capsys, "activity", "remove", theirs.id, "--db", db.url)
    assert (code, out) == (1, "") and "was logged by mallory" in err
    code, out, err = run_cli(capsys, "activity", "edit", made.id, "--db", db.url)
    assert code == 2 and "needs --kind" in err
    code, out, err = run_cli(capsys, "activity", "remove", made.id, "--db", db.url)
    assert code == 0 and "removed activity" in out
    listed = ok_json(capsys, db, "activity", "list", "--contact", ann.reference)
    assert [a["summary"] for a in listed["activities"]] == ["theirs"]
    assert _events(db)[-1] == ("activity", "delete")


def test_company_show_set_and_primary(capsys, db, people):
    ann, bob, _ = people
    open_ticket(db, subject="Printer", contact=ann.reference, group="Hardware")
    log_activity(db, contact=bob.reference, kind="call", summary="called")
    primary = ok_json(capsys, db, "company", "primary", "acme", "--contact", bob.reference)
    assert (primary["reference"], primary["is_primary"]) == (bob.reference, True)
    saved = ok_json(
        capsys, db, "company", "set", "ACME", "--set", "notes=VIP", "--set", "active=no"
    )
    assert (saved["notes"], saved["active"], saved["version"]) == ("VIP", False, 2)
    shown = ok_json(capsys, db, "company", "show", "acme")
    assert [(c["reference"], c["is_primary"]) for c in shown["contacts"]] == [
        (bob.reference, True),
        (ann.reference, False),
    ]
    assert shown["tickets_by_group"] == [{"group": "Hardware", "open": 1, "closed": 0}]
    assert [t["subject"] for t in shown["recent_tickets"]] == ["Printer"]
    assert [a["summary"] for a in shown["activities"]] == ["called"]
    code, out, err = run_cli(capsys, "company", "show", "Acme", "--db", db.url)
    assert code == 0, err
    assert f"*  {bob.reference}" in out and "Hardware  1     0" in out and "Notes:" in out


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (
            ["activity", "add", "--contact", "{ann}", "--kind", "lunch", "--summary", "x"],
            1,
            "call, site visit, meeting, email, note, other",
        ),
        (
            ["activity", "add", "--contact", "{ann}", "--kind", "call", "--summary", " "],
            1,
            "needs a summary",
        ),
        (
            ["activity", "add", "--contact", "C-404", "--kind", "call", "--summary", "x"],
            1,
            "no contact with reference C-404",
        ),
        (
            ["activity", "add", "--company", "Nope", "--kind", "call", "--summary", "x"],
            1,
            "no company named",
        ),
        (
            [
                "activity",
                "add",
                "--contact",
                "{ann}",
                "--kind",
                "call",
                "--summary",
                "x",
                "--when",
                "soon",
            ],
            1,
            "is not a date",
        ),
        (["activity", "add", "--kind", "call", "--summary", "x"], 2, "required"),
        (["company", "show", "Nope"], 1, "no company named"),
        (["company", "set", "Acme", "--set", "notes=x", "--if-version", "0"], 4, "was changed"),
        (["company", "set", "Acme", "--set", "name=initech"], 4, "is called that already"),
        (["company", "set", "Acme", "--set", "colour=red"], 1, "not a company field"),
        (["company", "set", "Acme", "--set", "notes"], 2, "field=value"),
        (["company", "primary", "Acme", "--contact", "{olga}"], 1, "is not a contact of Acme"),
        (["view", "save", "x", "kind:pigeon"], 1, "not a kind of contact method"),
        (["view", "delete", "Has open tickets"], 1, "cannot be deleted"),
    ],
)
def test_refusals_are_one_sentence_with_the_exit_status_and_change_nothing(
    capsys, db, people, argv, status, said
):
    ann, _, olga = people
    before = _events(db)
    names = {"ann": ann.reference, "olga": olga.reference}
    code, out, err = run_cli(capsys, *[a.format(**names) for a in argv], "--db", db.url)
    assert (code, out) == (status, "")
    sentence = err.strip().splitlines()[-1]
    assert said in sentence and sentence.startswith("helpdesk-tui") and "Traceback" not in err
    assert _events(db) == before


def test_views_save_list_and_delete(capsys, db):
    code, out, err = run_cli(
        capsys,
        "view",
        "save",
        "Acme WA",
        "kind:whatsapp company:acme",
        "--has-open",
        "--db",
        db.url,
    )
    assert code == 0, err
    assert "saved the view 'Acme WA'" in out
    listed = ok_json(capsys, db, "view", "list")
    mine = [v for v in listed if not v["shipped"]]
    assert mine == [
        {
            "name": "Acme WA",
            "query": "kind:whatsapp company:acme",
            "has_open_tickets": True,
            "has_unassigned_tickets": False,
            "shipped": False,
            "version": 1,
        }
    ]
    assert {"WhatsApp contacts", "Has open tickets"} <= {v["name"] for v in listed}
    code, _, err = run_cli(capsys, "view", "delete", "Acme WA", "--db", db.url)
    assert code == 0 and "deleted the view 'Acme WA'" in err
    assert all(v["shipped"] for v in ok_json(capsys, db, "view", "list"))


def test_strangers_text_is_defanged_in_show_and_lists(capsys, db, people):
    ann, *_ = people
    log_activity(db, contact=ann.reference, kind="note", summary=HOSTILE_TEXT, body=HOSTILE_TEXT)
    open_ticket(db, subject=HOSTILE_TEXT, contact=ann.reference, group=HOSTILE_TEXT)
    for argv in (["company", "show", "Acme"], ["activity", "list", "--contact", ann.reference]):
        code, out, err = run_cli(capsys, *argv, "--db", db.url)
        assert code == 0, err
        assert not any(ch in out for ch in FORBIDDEN), argv
        assert "[@click=app.quit]" in out
    assert ok_json(capsys, db, "activity", "list", "--company", "Acme")["activities"][0][
        "summary"
    ] == " ".join(HOSTILE_TEXT.split())
