"""``helpdesk-tui agents`` and ``teams`` as a script runs them, on both engines: lists in
words and JSON, changes by an admin, refusals with their exit status (7 not an admin, 8 the
last admin or a bad name), names defanged, and the CLI's reads kept to a limited agent's
teams like the TUI's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import select

from helpdesk_tui.store.agents.operations import add_agent
from helpdesk_tui.store.agents.teams import add_team, set_company, set_member
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database, os_username
from helpdesk_tui.store.errors import ErrorCode
from helpdesk_tui.store.models import Company
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
    create_contact(mine, first_name="Ann", company="Acme", create_company=True)
    yield mine
    mine.dispose()


def cli(capsys, db: Database, *argv: object) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, "--db", db.url)


def test_an_admin_adds_lists_and_removes_agents(capsys, db, me):
    assert cli(capsys, db, "agents", "add", "bob") == (0, "bob: agent\n", "")
    assert cli(capsys, db, "agents", "add", "carol", "--admin", "--json")[0] == 0
    code, out, _ = cli(capsys, db, "agents", "remove", "bob")
    assert (code, out) == (0, "bob: agent (removed)\n")
    code, out, _ = cli(capsys, db, "agents", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["AGENT", "ROLE", "ACTIVE", "TEAMS"]
    assert ["bob", "agent", "removed"] in [line.split() for line in lines]
    listed = json.loads(cli(capsys, db, "agents", "list", "--json")[1])
    assert {(a["username"], a["role"], a["active"]) for a in listed} == {
        ("bob", "agent", False),
        ("carol", "admin", True),
        (os_username(), "admin", True),
    }


def test_the_last_admin_and_bad_names_are_refused_with_exit_8(capsys, db, me):
    code, out, err = cli(capsys, db, "agents", "remove", os_username())
    assert (code, out) == (ErrorCode.REFUSED.exit_status, "")
    assert err == (
        f"helpdesk-tui: {os_username()} is the last admin: make another agent an admin first "
        "(agents add NAME --admin)\n"
    )
    for name in ("", "two words", HOSTILE_TEXT):
        code, out, err = cli(capsys, db, "agents", "add", name)
        assert (code, out) == (ErrorCode.REFUSED.exit_status, ""), name
        assert "is not an account name" in err
        assert not any(bad in err for bad in FORBIDDEN)


def test_a_non_admin_is_refused_with_exit_7(capsys, db):
    create_contact(db, first_name="Ann")  # "tester" is the first agent: the admin
    for argv in (("agents", "add", "eve"), ("teams", "add", "Mine")):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (ErrorCode.FORBIDDEN.exit_status, ""), argv
        assert f"and {os_username()} is not one: ask an admin" in err


def test_an_admin_builds_a_team_and_undo_takes_a_step_back(capsys, db, me):
    assert cli(capsys, db, "agents", "add", "bob")[0] == 0
    assert cli(capsys, db, "teams", "add", "Acme desk") == (
        0,
        "team 'Acme desk': no members; sees every company\n",
        "",
    )
    assert cli(capsys, db, "teams", "member", "Acme desk", "bob")[0] == 0
    code, out, _ = cli(capsys, db, "teams", "company", "Acme desk", "Acme")
    assert (code, out) == (0, "team 'Acme desk': bob; sees Acme\n")
    (team,) = json.loads(cli(capsys, db, "teams", "list", "--json")[1])
    assert team == {
        "name": "Acme desk",
        "members": ["bob"],
        "companies": ["Acme"],
        "unlimited": False,
    }
    assert cli(capsys, db, "undo", "--yes")[0] == 0  # the company goes: unlimited again
    code, out, _ = cli(capsys, db, "teams", "list")
    assert out.splitlines()[1].split() == ["Acme", "desk", "bob", "(every", "company)"]
    code, out, err = cli(capsys, db, "teams", "company", "Acme desk", "Nope")
    assert (code, out) == (1, "")
    assert "no company named 'Nope'" in err
    assert cli(capsys, db, "teams", "member", "Acme desk", "bob", "--remove")[0] == 0
    assert cli(capsys, db, "teams", "remove", "Acme desk", "--json")[0] == 0
    assert json.loads(cli(capsys, db, "teams", "list", "--json")[1]) == []


@pytest.fixture
def limited(db: Database) -> SimpleNamespace:
    """The account running the CLI is an agent in a team limited to Acme; "tester" is the
    admin; Ann is at Acme, Bea at Beta, each with a ticket."""
    ann = create_contact(db, first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    bea = create_contact(db, first_name="Bea", last_name="Lee", company="Beta", create_company=True)
    tickets = [
        open_ticket(db, subject=f"{who.first_name}'s printer", contact=ref)
        for who, ref in ((ann, ann.reference), (bea, bea.reference))
    ]
    add_agent(db, os_username())
    add_team(db, "Acme desk")
    set_member(db, "Acme desk", os_username())
    set_company(db, "Acme desk", "Acme")
    return SimpleNamespace(ann=ann, bea=bea, tickets=tickets)


def test_the_clis_reads_are_kept_to_the_agents_teams(capsys, db, limited):
    hits = json.loads(cli(capsys, db, "search", "lee", "--json")[1])
    assert [hit["name"] for hit in hits] == ["Ann Lee"]
    code, out, err = cli(capsys, db, "show", limited.bea.reference)
    assert (code, out) == (1, "")
    assert f"contact {limited.bea.reference} is outside the companies your teams" in err
    listed = json.loads(cli(capsys, db, "ticket", "list", "--json")[1])
    assert [row["subject"] for row in listed["tickets"]] == ["Ann's printer"]
    code, _, err = cli(capsys, db, "ticket", "show", limited.tickets[1].row.reference)
    assert code == 1 and "is outside the companies your teams may access" in err
    code, _, err = cli(capsys, db, "company", "show", "Beta")
    assert code == 1 and "company Beta is outside the companies your teams" in err
    assert cli(capsys, db, "company", "show", "Acme")[0] == 0


def test_strangers_text_is_defanged_in_team_lists_and_refused_as_a_team_name(capsys, db, me):
    with db.write() as session:  # a company's name as an import brings it in
        company = session.exec(select(Company)).one()
        company.name = HOSTILE_TEXT
    code, _, err = cli(capsys, db, "teams", "add", HOSTILE_TEXT)
    assert code == ErrorCode.REFUSED.exit_status and "printable" in err
    assert cli(capsys, db, "teams", "add", "Desk")[0] == 0
    code, out, _ = cli(capsys, db, "teams", "company", "Desk", company.reference)
    assert code == 0 and "Boom" in out
    assert not any(bad in out for bad in FORBIDDEN)
    for argv in (("teams", "list"), ("teams", "list", "--json")):
        code, out, err = cli(capsys, db, *argv)
        assert code == 0 and "Boom" in out
        assert not any(bad in out + err for bad in FORBIDDEN), argv
