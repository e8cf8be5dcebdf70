"""The CLI and the TUI on PostgreSQL, through the one door, as agents use them: add, show,
search and edit a contact; search, open, edit and save in the TUI; and upkeep that is the
server's job said in one sentence with its own exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.worker import Worker

from helpdesk_tui.cli import main
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.connect import RawPool
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import DatabaseProblem, ErrorCode
from helpdesk_tui.store.service import Store
from helpdesk_tui.widgets.field_list import FieldRow
from helpdesk_tui.widgets.result_list import ResultTable

from .conftest import make_app, settle

PASSWORD = "throwaway-secret"


@pytest.fixture(autouse=True)
def _no_fallback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A command that ignored --db would open this file instead; it must never appear."""
    fallback = tmp_path / "fallback.db"
    monkeypatch.setenv("HELPDESK_TUI_DB", str(fallback))
    monkeypatch.setenv("HELPDESK_TUI_REGION", "GB")
    monkeypatch.setenv("COLUMNS", "200")
    yield fallback
    assert not fallback.exists(), "a command ignored --db"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    return code, out, err


def test_the_cli_adds_shows_searches_and_edits_on_postgresql(capsys, pg_url):
    code, out, err = run(
        capsys,
        *("contact", "add", "--first", "Jonathan", "--last", "Smith", "--company", "Acme Ltd"),
        *("--create-company", "--email", "jon@acme.example", "--phone", "020 7946 0000"),
        *("--json", "--db", pg_url),
    )
    assert code == 0, err
    reference = json.loads(out)["reference"]

    code, out, err = run(capsys, "search", "jonathn smiht", "--json", "--db", pg_url)
    assert code == 0, err
    assert [row["reference"] for row in json.loads(out)] == [reference]

    code, out, err = run(capsys, "contact", "edit", reference, "--set", "title=CTO", "--db", pg_url)
    assert (code, out) == (0, f"saved Jonathan Smith ({reference}, version 2)\n"), err
    code, out, err = run(capsys, "show", reference.lower(), "--db", pg_url)
    assert code == 0, err
    assert out.splitlines()[0].startswith(f"Jonathan Smith  {reference}  PIN ")
    assert "Title:            CTO" in out
    assert "* phone     020 7946 0000" in out

    code, _, err = run(
        capsys, "contact", "edit", reference, "--set", "title=CEO", "--if-version", "1",
        "--db", pg_url,
    )  # fmt: skip
    assert code == 4, "a stale edit is a conflict on PostgreSQL too"
    assert "nothing was saved" in err


def test_helpdesk_tui_db_names_a_postgresql_database_as_db_does(capsys, monkeypatch, pg_url):
    spelt = "postgres://" + pg_url.split("://", 1)[1]
    code, out, err = run(capsys, "contact", "add", "--first", "Ann", "--db", spelt, "--json")
    assert code == 0, err
    monkeypatch.setenv("HELPDESK_TUI_DB", pg_url)
    code, out, err = run(capsys, "search", "ann", "--json")
    assert code == 0, err
    assert [row["name"] for row in json.loads(out)] == ["Ann"]


def test_a_database_missing_on_the_server_is_said_with_status_5(capsys, pg_server):
    code, out, err = run(capsys, "search", "ann", "--db", pg_server.url("nosuch"))
    assert (code, out) == (5, "")
    assert "nosuch does not exist on that server" in err


@pytest.mark.parametrize(
    ("command", "tool"),
    [
        (["check"], "`pg_amcheck --heapallindexed 'postgresql://helpdesk@127.0.0.1:"),
        (["check", "--full", "--json"], "`pg_amcheck --heapallindexed"),
        (["backup"], "`pg_dump --format=custom --file=helpdesk.dump 'postgresql://helpdesk@"),
    ],
)
def test_file_upkeep_on_postgresql_names_the_servers_tool_with_status_6(
    capsys, pg_url, command, tool
):
    code, out, err = run(capsys, *command, "--db", pg_url)
    assert (code, out) == (6, "")
    assert err.startswith("helpdesk-tui: ") and err.count("\n") == 1
    assert tool in err


async def test_the_tui_on_postgresql_searches_opens_edits_and_saves(pg_url):
    db = Database(pg_url, author="tester", region="GB")
    try:
        jon = create_contact(
            db,
            first_name="Jonathan",
            last_name="Smith",
            company="Acme Ltd",
            create_company=True,
            identities=[("email", "jon@acme.example")],
        )
        create_contact(db, first_name="Joanna", last_name="Smithers")
        create_contact(db, first_name="Peter", last_name="Jones")
        started: list[str] = []

        def hook(message) -> None:
            if isinstance(message, Worker.StateChanged):
                started.append(message.worker.group)

        app = make_app(db)
        app.upkeep_after = 0.01
        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            await settle(pilot)
            app.screen.query_one("#search", Input).focus()
            await pilot.press(*"jonathn smiht")
            await settle(pilot)
            assert app.screen.query_one(ResultTable).hits[0].reference == jon.reference
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ContactScreen)
            assert app.screen.reference == jon.reference
            await pilot.press("down", "down", "down", "e", "ctrl+u", *"Head of IT", "enter")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not app.screen.dirty
            assert app.screen.contact.title == "Head of IT"
        assert "upkeep" not in started, "the daily file check never runs on PostgreSQL"

        reopened = make_app(db)
        async with reopened.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            reopened.open_contact(jon.reference)
            await settle(pilot)
            assert reopened.screen.query_one("#field-title", FieldRow).value == "Head of IT"
    finally:
        db.dispose()


def test_a_connection_the_server_ended_is_said_once_then_replaced(pg_server, pg_url):
    """A server restart, or an administrator ending sessions, under a running app: the next
    search says so in one sentence (try again), and the one after works on a new connection."""
    with Store(pg_url, author="tester", region="GB") as store:
        ann = store.create(first_name="Ann", last_name="Lee")
        assert [hit.reference for hit in store.search("ann lee").hits] == [ann.reference]
        with pg_server.admin() as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (pg_url.rsplit("/", 1)[1],),
            ).fetchone()[0]
        assert ended >= 1
        with pytest.raises(DatabaseProblem, match="cannot reach the database server") as said:
            store.search("ann lee")
        assert said.value.code is ErrorCode.DATABASE and PASSWORD not in str(said.value)
        assert [hit.reference for hit in store.search("ann lee").hits] == [ann.reference]
        assert store.contact(ann.reference).contact.name == "Ann Lee"


def test_a_connection_ended_while_idle_is_replaced_before_the_next_search(
    pg_server, pg_url, monkeypatch
):
    """An agent comes back to the app after the server restarted over lunch: the pool checks a
    connection idle for a while before lending it, so that search simply works."""
    monkeypatch.setattr(RawPool, "PING_AFTER", 0.0)
    with Store(pg_url, author="tester", region="GB") as store:
        ann = store.create(first_name="Ann", last_name="Lee")
        assert [hit.reference for hit in store.search("ann lee").hits] == [ann.reference]
        with pg_server.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (pg_url.rsplit("/", 1)[1],),
            )
        assert [hit.reference for hit in store.search("ann lee").hits] == [ann.reference]
