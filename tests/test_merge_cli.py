"""``helpdesk-tui merge``, ``undo`` and ``history`` as a script runs them, on both engines: the
plan and the merge in words and JSON, the undo asked for and confirmed, histories by contact,
ticket and company, and every refusal one sentence with its own exit status, strangers' text
defanged."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.engine import Database, os_username
from helpdesk_tui.store.errors import ErrorCode
from helpdesk_tui.store.models import Contact
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
    ann = create_contact(
        me, first_name="Ann", last_name="Lee", company="Acme", create_company=True,
        identities=[("email", "ann@example.com")],
    )  # fmt: skip
    bea = create_contact(
        me,
        first_name="Bea",
        last_name="Lee",
        title="CTO",
        identities=[("email", "bea@example.com")],
    )
    ticket = open_ticket(me, subject="Printer on fire", contact=bea.reference)
    return ann, bea, ticket


def cli(capsys, db: Database, *argv: object) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, "--db", db.url)


def _merged_into(db: Database, reference: str) -> int | None:
    with db.read() as session:
        query = select(Contact.merged_into_id).where(Contact.reference == reference)
        return session.exec(query).one()


def test_a_dry_run_shows_the_plan_in_words_and_json_and_writes_nothing(capsys, db, pair):
    ann, bea, _ = pair
    code, out, err = cli(capsys, db, "merge", ann.reference, bea.reference, "--take", "title=B")
    assert code == 0, err
    assert _merged_into(db, bea.reference) == ann.id
    undo = cli(capsys, db, "undo", "--yes")
    assert undo[0] == 0, undo[2]
    code, out, err = cli(capsys, db, "merge", ann.reference, bea.reference, "--dry-run")
    assert code == 0, err
    assert out.splitlines() == [
        f"merge {bea.reference} (Bea Lee) into {ann.reference} (Ann Lee)",
        "  First name:       Ann   (not Bea)",
        "  Title:            (empty)   (not CTO)",
        "  Company:          Acme   (not (empty))",
        f"moves to {ann.reference}: 1 ticket, 1 contact method",
    ]
    args = ("merge", bea.reference, ann.reference, "--keep", ann.reference.lower())
    code, out, _ = cli(capsys, db, *args, "--take", "title=a", "--dry-run", "--json")
    plan = json.loads(out)
    assert (plan["a"]["reference"], plan["keep"]) == (bea.reference, ann.reference)
    assert {f["name"]: f["taken"] for f in plan["fields"]} == {
        "first_name": "b",
        "title": "a",
        "company": "b",
    }
    assert plan["moves"]["tickets"] == 1 and plan["a_holds"]["identities"] == 1
    assert _merged_into(db, bea.reference) is None


def test_a_merge_says_what_moved_and_how_to_undo_it(capsys, db, pair):
    ann, bea, ticket = pair
    args = ("merge", ann.reference, bea.reference, "--take", "title=B", "--json")
    code, out, err = cli(capsys, db, *args)
    assert code == 0, err
    merged = json.loads(out)
    assert merged["merged"] == bea.reference
    assert (merged["survivor"]["reference"], merged["survivor"]["title"]) == (ann.reference, "CTO")
    assert merged["moved"] == {
        "tickets": 1,
        "identities": 1,
        "activities": 0,
        "custom_values": 0,
        "contracts": 0,
    }
    code, out, _ = cli(capsys, db, "history", bea.reference, "--json")
    history = json.loads(out)
    assert history["operations"][0]["operation_id"] == merged["operation_id"]
    assert history["operations"][0]["undoable"] is True
    code, out, _ = cli(capsys, db, "ticket", "show", ticket.reference, "--json")
    assert json.loads(out)["contact"] == ann.reference


def test_undo_asks_first_and_a_script_must_say_yes(capsys, db, pair, monkeypatch):
    ann, bea, _ = pair
    code, out, _ = cli(capsys, db, "merge", ann.reference, bea.reference)
    operation = out.split("helpdesk-tui undo ")[1].strip()
    assert out.startswith(f"merged {bea.reference} into {ann.reference} (Ann Lee): moved 1 ticket")
    code, out, err = cli(capsys, db, "undo")
    assert (code, out) == (1, "")
    assert err.startswith(f"would undo: merged Bea Lee ({bea.reference}) into Ann Lee")
    assert f"operation {operation})" in err and "confirm with --yes" in err
    assert _merged_into(db, bea.reference) == ann.id

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, err = cli(capsys, db, "undo", operation)
    assert code == 0, err
    assert _merged_into(db, bea.reference) is None
    redo = out.split("helpdesk-tui undo ")[1].strip()
    code, out, err = cli(capsys, db, "undo", redo, "--yes", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["description"].startswith(f"redid merged Bea Lee ({bea.reference})")
    assert done["undone"]["is_undo"] is True and done["rows"] == 4
    assert _merged_into(db, bea.reference) == ann.id


def test_history_of_a_contact_a_ticket_and_a_company(capsys, db, pair):
    _, bea, ticket = pair
    code, out, err = cli(capsys, db, "history", ticket.reference.lower())
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"history of ticket {ticket.reference} (Printer on fire), newest first:"
    assert lines[1].endswith(
        f"opened {ticket.reference} for Bea Lee ({bea.reference}): Printer on fire"
    )
    assert lines[2].startswith("    undo: helpdesk-tui undo ")
    code, out, _ = cli(capsys, db, "history", "ACME", "--json")
    company = json.loads(out)
    assert company["subject"].startswith("company Acme (CO-")
    assert [op["actions"] for op in company["operations"]] == [["create", "create"]]
    code, out, err = cli(capsys, db, "history", "C-99")
    assert (code, out) == (1, "")
    assert err == "helpdesk-tui: no contact with reference C-99\n"


def test_refusals_are_one_sentence_each_with_its_own_exit_status(capsys, db, pair):
    ann, bea, _ = pair
    itself = ("merge", ann.reference, ann.reference)
    keep = ("merge", ann.reference, bea.reference, "--keep", "C-1")
    field = ("merge", ann.reference, bea.reference, "--take", "shoe=B")
    cases = [
        (itself, ErrorCode.REFUSED, "cannot be merged into itself"),
        (keep, ErrorCode.ERROR, "--keep must name"),
        (field, ErrorCode.ERROR, "not a contact field"),
        (("undo", "nope", "--yes"), ErrorCode.ERROR, "no operation 'nope' in the journal"),
    ]
    for argv, status, said in cases:
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (status.exit_status, ""), err
        assert said in err and err.count("\n") == 1
    code, _, err = cli(capsys, db, "merge", ann.reference, bea.reference, "--take", "title=C")
    assert code == 2 and "--take takes FIELD=A or FIELD=B" in err
    assert cli(capsys, db, "merge", ann.reference, bea.reference)[0] == 0
    code, _, err = cli(
        capsys, db, "merge", create_contact(db, first_name="Cy").reference, bea.reference
    )
    assert code == ErrorCode.REFUSED.exit_status
    assert f"{bea.reference} was merged into Ann Lee ({ann.reference}) already" in err


def test_undo_of_a_changed_operation_names_who_changed_what(capsys, db, pair):
    ann, _, _ = pair
    code, out, _ = cli(capsys, db, "contact", "edit", ann.reference, "--set", "city=York", "--json")
    assert code == 0
    edit = json.loads(cli(capsys, db, "history", ann.reference, "--json")[1])["operations"][0]
    other = Database(db.url, author="bob", region="GB")
    update_contact(other, ann.reference, json.loads(out)["version"], {"city": "Leeds"})
    other.dispose()
    code, out, err = cli(capsys, db, "undo", edit["operation_id"], "--yes")
    assert (code, out) == (ErrorCode.CONFLICT.exit_status, "")
    assert "cannot undo 'edited city of Ann Lee'" in err
    assert f"contact {ann.reference} (Ann Lee) was changed by bob on " in err


def test_only_an_admin_may_merge(capsys, db):
    first = create_contact(db, first_name="Ann")  # "tester" is the first agent: the admin
    second = create_contact(db, first_name="Bea")
    code, out, err = cli(capsys, db, "merge", first.reference, second.reference)
    assert (code, out) == (ErrorCode.FORBIDDEN.exit_status, "")
    assert err == (
        f"helpdesk-tui: only an admin may merge contacts, and {os_username()} is not one: ask "
        "an admin (nothing was changed)\n"
    )


def test_a_contact_method_another_contact_holds_is_refused_naming_the_owner(capsys, db, pair):
    ann, bea, _ = pair
    code, out, err = cli(capsys, db, "contact", "edit", bea.reference, "--email", "ann@EXAMPLE.com")
    assert (code, out) == (ErrorCode.CONFLICT.exit_status, "")
    assert f"already belongs to Ann Lee ({ann.reference})" in err


def test_strangers_text_is_defanged_in_plans_merges_and_histories(capsys, db, me):
    evil = create_contact(me, first_name="Eve")
    plain = create_contact(me, first_name="Ann")
    with db.write() as session:  # as an import brings it in
        row = session.get(Contact, evil.id)
        row.first_name = row.title = HOSTILE_TEXT
    outputs = [
        cli(capsys, db, "merge", plain.reference, evil.reference, "--dry-run"),
        cli(capsys, db, "merge", plain.reference, evil.reference, "--take", "first_name=B"),
        cli(capsys, db, "history", evil.reference),
        cli(capsys, db, "undo"),
    ]
    for code, out, err in outputs:
        assert not any(bad in out + err for bad in FORBIDDEN), (code, out, err)
    assert all(code in (0, 1) for code, _, _ in outputs)
