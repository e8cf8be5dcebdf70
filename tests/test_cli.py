"""The command line as a user runs it: ``helpdesk-tui demo|search|show|contact add|contact edit``.

Most tests call ``cli.main`` in-process and read stdout/stderr with ``capsys``; a few run the real
console script in a subprocess. Every command gets ``--db`` pointing into ``tmp_path``, and
``HELPDESK_TUI_DB`` / ``XDG_DATA_HOME`` point into ``tmp_path`` too, so no test can reach the
user's own database.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpdesk_tui import cli, cli_common
from helpdesk_tui.cli import main
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.connect import sqlite_file, to_url
from helpdesk_tui.store.database.dbapi import wrap
from helpdesk_tui.store.database.engine import os_username
from helpdesk_tui.store.demo.generate import generate
from helpdesk_tui.store.search.index import index_contacts

SCRIPT = Path(sys.executable).with_name("helpdesk-tui")
DEMO_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
HEADERS = ["REF", "NAME", "COMPANY", "EMAIL", "PHONE", "OPEN", "SCORE"]
# An OSC 52 clipboard write, Rich markup and a right-to-left override, all in one name.
HOSTILE_FIRST = "Mallory\x1b]52;c;QUJD\x07[/]\u202eevil"
HOSTILE_LAST = "Hacker[/]"
FORBIDDEN = ("\x1b", "\x07", "\u202e")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Point every default location into tmp_path; fail if a command fell back to one of them."""
    fallback = tmp_path / "fallback" / "env-default.db"
    monkeypatch.setenv("HELPDESK_TUI_DB", str(fallback))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HELPDESK_TUI_REGION", "GB")
    monkeypatch.setenv("COLUMNS", "200")
    yield fallback
    assert not fallback.exists(), "a command ignored --db and used $HELPDESK_TUI_DB"
    assert not (tmp_path / "xdg-data").exists(), "a command used the default database"


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 demo contacts, generated once for this module; copy before writing."""
    path = tmp_path_factory.mktemp("cli-demo") / "demo.db"
    generate(to_url(str(path)), contacts=300, seed=2, now=DEMO_NOW)
    return path


@pytest.fixture
def demo_copy(populated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(populated, copy)
    copy.chmod(0o660)
    return copy


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    """Where a test's database goes (the CLI creates it on first use)."""
    return tmp_path / "cli.db"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit status, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add_contact(capsys: pytest.CaptureFixture[str], db: Path, *options: str) -> dict:
    code, out, err = run(capsys, "contact", "add", "--db", db, "--json", *options)
    assert code == 0, err
    return json.loads(out)


def show_json(capsys: pytest.CaptureFixture[str], db: Path, reference: str) -> dict:
    code, out, err = run(capsys, "show", reference, "--db", db, "--json")
    assert code == 0, err
    return json.loads(out)


def search_json(capsys: pytest.CaptureFixture[str], db: Path, query: str, *options: str) -> list:
    code, out, err = run(capsys, "search", query, "--db", db, "--json", *options)
    assert code == 0, err
    return json.loads(out)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def methods(contact: dict) -> dict[str, bool]:
    """A contact's method values, each with whether it is the default of its kind."""
    return {i["value"]: i["is_default"] for i in contact["identities"]}


# --- demo ----------------------------------------------------------------------------------------


def test_demo_prints_a_summary_and_refuses_to_fill_the_same_file_twice(capsys, dbfile):
    code, out, _ = run(capsys, "demo", "--db", dbfile, "--contacts", 300, "--seed", 2, "--json")
    assert code == 0
    summary = json.loads(out)
    assert set(summary) == {
        "contacts",
        "companies",
        "identities",
        "tickets",
        "activities",
        "custom_values",
        "seconds",
    }
    assert summary["contacts"] == 300
    assert summary["companies"] > 0 and summary["identities"] >= 300 and summary["tickets"] > 0
    assert query(dbfile, "SELECT count(*) FROM contact") == [(300,)]

    code, out, err = run(capsys, "demo", "--db", dbfile, "--contacts", 300, "--seed", 2)
    assert code == 1
    assert out == ""
    assert "already has 300 contacts" in err and "needs a new database" in err
    assert query(dbfile, "SELECT count(*) FROM contact") == [(300,)]


# --- search --------------------------------------------------------------------------------------


def test_search_json_rows_carry_what_an_agent_needs(capsys, demo_copy):
    ((surname,),) = query(
        demo_copy,
        "SELECT last_name FROM contact WHERE last_name GLOB '[A-Z][a-z][a-z][a-z]*' "
        "ORDER BY id LIMIT 1",
    )
    rows = search_json(capsys, demo_copy, surname.lower())
    assert rows
    for row in rows:
        assert {"reference", "name", "company", "emails", "phones", "score"} <= set(row)
        assert row["reference"].startswith("C-")
        assert isinstance(row["emails"], list) and isinstance(row["phones"], list)
    assert surname.casefold() in rows[0]["name"].casefold()
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_search_limit_bounds_the_rows(capsys, demo_copy):
    everything = search_json(capsys, demo_copy, "gmail", "--limit", "50")
    assert len(everything) > 3
    first_three = search_json(capsys, demo_copy, "gmail", "--limit", "3")
    assert [r["reference"] for r in first_three] == [r["reference"] for r in everything[:3]]


def test_search_table_shows_headers_and_rows(capsys, demo_copy):
    expected = search_json(capsys, demo_copy, "baker")
    code, out, err = run(capsys, "search", "baker", "--db", demo_copy)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == HEADERS
    assert len(lines) == 1 + len(expected)
    for line, row in zip(lines[1:], expected, strict=True):
        assert line.startswith(row["reference"])
        assert row["name"] in line


def test_search_without_a_match_exits_0_and_says_so_on_stderr(capsys, demo_copy):
    code, out, err = run(capsys, "search", "zzqxjvw", "--db", demo_copy)
    assert (code, out) == (0, "")
    assert "no contact matches 'zzqxjvw'" in err
    # The query is echoed back cleaned: an escape sequence in it never reaches the terminal.
    code, out, err = run(capsys, "search", "\x1b]52;c;QUJD\x07zzqxjvw", "--db", demo_copy)
    assert (code, out) == (0, "")
    assert "zzqxjvw" in err and not any(ch in err for ch in FORBIDDEN)
    # --json stays machine-readable: an empty list.
    assert search_json(capsys, demo_copy, "zzqxjvw") == []


@pytest.mark.parametrize(
    "typed",
    ["Fetherstonehaugh", "Featherstonhaugh", "Featherstonehau", "Phillipa Feather", "Phlippa"],
)
def test_search_finds_a_misspelt_name_first(capsys, demo_copy, typed):
    philippa = add_contact(
        capsys,
        demo_copy,
        "--first",
        "Philippa",
        "--last",
        "Featherstonehaugh",
        "--email",
        "pfh@example.net",
    )
    rows = search_json(capsys, demo_copy, typed)
    assert rows and rows[0]["reference"] == philippa["reference"]


def test_search_finds_a_contact_by_the_last_digits_of_a_phone(capsys, demo_copy):
    philippa = add_contact(
        capsys, demo_copy, "--first", "Philippa", "--last", "Doe", "--phone", "020 7946 0857"
    )
    rows = search_json(capsys, demo_copy, "0857")
    assert rows and rows[0]["reference"] == philippa["reference"]
    assert rows[0]["phones"] == ["020 7946 0857"]


# --- show ----------------------------------------------------------------------------------------


def _busiest_contact(db: Path) -> tuple[str, int]:
    [(reference, tickets)] = query(
        db,
        "SELECT c.reference, count(t.id) FROM contact c JOIN ticket t ON t.contact_id = c.id "
        "WHERE c.merged_into_id IS NULL GROUP BY c.id ORDER BY count(t.id) DESC, c.id LIMIT 1",
    )
    return reference, tickets


def test_show_json_has_fields_methods_and_tickets(capsys, demo_copy):
    reference, tickets = _busiest_contact(demo_copy)
    detail = show_json(capsys, demo_copy, reference)
    contact = detail["contact"]
    assert contact["reference"] == reference
    assert contact["first_name"] or contact["last_name"]
    assert contact["identities"]
    assert detail["ticket_count"] == tickets
    stored = {
        r
        for (r,) in query(
            demo_copy,
            "SELECT t.reference FROM ticket t JOIN contact c "
            "ON c.id = t.contact_id WHERE c.reference = ?",
            reference,
        )
    }
    assert {t["reference"] for t in detail["tickets"]} == stored


def test_show_table_has_fields_methods_and_tickets(capsys, demo_copy):
    reference, tickets = _busiest_contact(demo_copy)
    detail = show_json(capsys, demo_copy, reference)
    contact = detail["contact"]
    code, out, err = run(capsys, "show", reference, "--db", demo_copy)
    assert code == 0 and err == ""
    lines = out.splitlines()
    name = " ".join(p for p in (contact["first_name"], contact["last_name"]) if p)
    assert lines[0] == f"{name}  {reference}  PIN {contact['pin']}"
    assert "Contact methods:" in lines
    for identity in contact["identities"]:
        mark = "*" if identity["is_default"] else " "
        assert f"  {mark} {identity['kind']:<9} {identity['value']}" in lines
    assert f"Tickets ({tickets}):" in lines
    for ticket in detail["tickets"][:20]:
        assert any(line.startswith(f"  {ticket['reference']}  ") for line in lines)


def test_show_lists_the_fields_a_contact_has(capsys, dbfile):
    ada = add_contact(
        capsys,
        dbfile,
        "--first",
        "Ada",
        "--last",
        "Lovelace",
        "--title",
        "Countess",
        "--company",
        "Analytical Engines",
        "--create-company",
    )
    code, out, _ = run(capsys, "show", ada["reference"], "--db", dbfile)
    assert code == 0
    lines = out.splitlines()
    assert "  First name:       Ada" in lines
    assert "  Last name:        Lovelace" in lines
    assert "  Title:            Countess" in lines
    assert "  Company:          Analytical Engines" in lines
    assert "Tickets (0):" in lines


def test_show_takes_a_reference_in_any_case_and_without_its_prefix(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada")
    digits = ada["reference"].removeprefix("C-")
    for typed in (f"c-{digits}", digits, f"c{digits}"):
        assert show_json(capsys, dbfile, typed)["contact"]["reference"] == ada["reference"]
        code, out, _ = run(capsys, "show", typed, "--db", dbfile)
        assert code == 0 and out.startswith(f"Ada  {ada['reference']}  PIN ")
    code, out, _ = edit(capsys, dbfile, digits, "--set", "title=Countess")
    assert (code, out) == (0, f"saved Ada ({ada['reference']}, version 2)\n")


@pytest.mark.parametrize("as_json", [False, True])
def test_show_unknown_reference_exits_1_with_nothing_on_stdout(capsys, demo_copy, as_json):
    code, out, err = run(
        capsys, "show", "C-404", "--db", demo_copy, *(["--json"] if as_json else [])
    )
    assert (code, out) == (1, "")
    assert err == "helpdesk-tui: no contact with reference C-404\n"


# --- contact add ---------------------------------------------------------------------------------


def test_contact_add_with_email_and_phone(capsys, dbfile):
    ada = add_contact(
        capsys,
        dbfile,
        "--first",
        "Ada",
        "--last",
        "Lovelace",
        "--email",
        "ada@example.com",
        "--phone",
        "020 7946 0123",
    )
    assert (ada["first_name"], ada["last_name"], ada["version"]) == ("Ada", "Lovelace", 1)
    assert ada["reference"].startswith("C-")
    found = {(i["kind"], i["normalized"], i["is_default"]) for i in ada["identities"]}
    assert found == {("email", "ada@example.com", True), ("phone", "+442079460123", True)}
    assert show_json(capsys, dbfile, ada["reference"])["contact"] == ada

    code, out, err = run(capsys, "contact", "add", "--db", dbfile, "--first", "Grace")
    assert code == 0 and err == ""
    assert out.startswith("created Grace (C-") and out.endswith(", version 1)\n")


def test_contact_add_company_must_exist_unless_created(capsys, dbfile):
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", "Bob", "--company", "Acme Ltd"
    )
    assert (code, out) == (1, "")
    assert "no company named 'Acme Ltd'" in err
    assert query(dbfile, "SELECT count(*) FROM contact") == [(0,)]

    bob = add_contact(capsys, dbfile, "--first", "Bob", "--company", "Acme Ltd", "--create-company")
    assert bob["company"] == "Acme Ltd" and bob["company_reference"]
    # Now it exists: named in any case, it is found, not created again.
    carol = add_contact(capsys, dbfile, "--first", "Carol", "--company", "acme ltd")
    assert carol["company_reference"] == bob["company_reference"]
    assert query(dbfile, "SELECT name FROM company") == [("Acme Ltd",)]


def test_contact_add_refuses_an_invalid_email(capsys, dbfile):
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", "Bob", "--email", "not-an-email"
    )
    assert (code, out) == (1, "")
    assert err == "helpdesk-tui: email not-an-email: not an email address: missing @\n"
    assert query(dbfile, "SELECT count(*) FROM contact") == [(0,)]


def test_contact_add_names_the_kinds_when_one_is_unknown(capsys, dbfile):
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", "Bob", "--add", "foo=1"
    )
    assert (code, out) == (1, "")
    assert err == (
        "helpdesk-tui: foo 1: unknown kind of contact method 'foo' (kinds: email, phone, sms, "
        "whatsapp, twitter, facebook, wechat, other)\n"
    )
    bob = add_contact(capsys, dbfile, "--first", "Bob", "--add", "WhatsApp=+44 7911 123456")
    assert [(i["kind"], i["normalized"]) for i in bob["identities"]] == [
        ("whatsapp", "+447911123456")
    ]


def test_messages_name_fields_by_their_labels(capsys, dbfile):
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", "Bob", "--title", "x" * 101
    )
    assert (code, out) == (1, "")
    assert err == "helpdesk-tui: Title: too long (101 characters, at most 100)\n"


@pytest.mark.parametrize("names", [[], ["--first", "", "--last", "   "]])
def test_contact_add_refuses_an_empty_name(capsys, dbfile, names):
    code, out, err = run(capsys, "contact", "add", "--db", dbfile, *names)
    assert (code, out) == (1, "")
    assert "a contact needs a first or last name" in err
    assert query(dbfile, "SELECT count(*) FROM contact") == [(0,)]


def test_contact_add_refuses_an_email_another_contact_owns(capsys, dbfile):
    ada = add_contact(
        capsys, dbfile, "--first", "Ada", "--last", "Lovelace", "--email", "ada@example.com"
    )
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", "Eve", "--email", "ada@EXAMPLE.com"
    )
    assert (code, out) == (4, ""), "a conflict: the owner is named, a script can merge"
    assert err == (
        f"helpdesk-tui: email ada@EXAMPLE.com: already belongs to Ada Lovelace "
        f"({ada['reference']})\n"
    ), "one sentence, the address said once"
    assert query(dbfile, "SELECT first_name FROM contact") == [("Ada",)]


def test_contact_add_refuses_control_characters_in_a_name(capsys, dbfile):
    code, out, err = run(
        capsys, "contact", "add", "--db", dbfile, "--first", HOSTILE_FIRST, "--last", "Hacker"
    )
    assert (code, out) == (1, "")
    assert "control characters" in err
    assert not any(ch in err for ch in FORBIDDEN)
    assert query(dbfile, "SELECT count(*) FROM contact") == [(0,)]


# --- contact edit --------------------------------------------------------------------------------


def edit(capsys, db: Path, reference: str, *options: object) -> tuple[int, str, str]:
    return run(capsys, "contact", "edit", reference, "--db", db, *options)


def contact_events(db: Path) -> list[tuple[str, str]]:
    return query(db, "SELECT action, author FROM event WHERE entity = 'contact' ORDER BY id")


def test_contact_edit_sets_fields(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada", "--last", "Lovelace")
    code, out, err = edit(
        capsys, dbfile, ada["reference"], "--set", "first_name=Augusta", "--set", "title=Countess"
    )
    assert code == 0 and err == ""
    assert out == f"saved Augusta Lovelace ({ada['reference']}, version 2)\n"
    saved = show_json(capsys, dbfile, ada["reference"])["contact"]
    assert (saved["first_name"], saved["title"], saved["version"]) == ("Augusta", "Countess", 2)
    code, out, _ = run(capsys, "show", ada["reference"], "--db", dbfile)
    assert "  Title:            Countess" in out.splitlines()
    assert contact_events(dbfile) == [("create", os_username()), ("update", os_username())]


def test_contact_edit_refuses_an_unknown_field_listing_the_fields(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada")
    code, out, err = edit(capsys, dbfile, ada["reference"], "--set", "nosuchfield=1")
    assert (code, out) == (1, "")
    assert "nosuchfield: no such field" in err
    for field in ("first_name", "last_name", "title", "company", "ignore_emails"):
        assert field in err
    assert show_json(capsys, dbfile, ada["reference"])["contact"]["version"] == 1
    assert contact_events(dbfile) == [("create", os_username())]


def test_contact_edit_refuses_to_empty_the_only_name(capsys, dbfile):
    cher = add_contact(capsys, dbfile, "--first", "Cher")
    code, out, err = edit(capsys, dbfile, cher["reference"], "--set", "first_name=")
    assert (code, out) == (1, "")
    assert "a contact needs a first or last name" in err
    assert show_json(capsys, dbfile, cher["reference"])["contact"]["first_name"] == "Cher"
    assert contact_events(dbfile) == [("create", os_username())]


def test_contact_edit_adds_defaults_and_removes_methods_journalling_each(capsys, dbfile):
    ref = add_contact(capsys, dbfile, "--first", "Ada", "--email", "ada@example.com")["reference"]

    assert edit(capsys, dbfile, ref, "--add", "email=augusta@example.org")[0] == 0
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert methods(contact) == {"ada@example.com": True, "augusta@example.org": False}

    assert edit(capsys, dbfile, ref, "--default", "augusta@example.org")[0] == 0
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert methods(contact) == {"ada@example.com": False, "augusta@example.org": True}

    assert edit(capsys, dbfile, ref, "--remove", "ada@example.com")[0] == 0
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert methods(contact) == {"augusta@example.org": True}
    assert contact["version"] == 4

    code, out, err = edit(capsys, dbfile, ref, "--remove", "nobody@example.com")
    assert (code, out) == (1, "")
    assert f"{ref} has no contact method 'nobody@example.com'" in err

    code, out, err = edit(capsys, dbfile, ref, "--add", "email")
    assert (code, out) == (1, "")
    assert "--add takes KIND=VALUE" in err

    me = os_username()
    assert contact_events(dbfile) == [
        ("create", me),
        ("update", me),
        ("update", me),
        ("update", me),
    ]


def test_contact_edit_default_can_name_a_method_added_in_the_same_command(capsys, dbfile):
    ref = add_contact(capsys, dbfile, "--first", "Ada", "--email", "ada@example.com")["reference"]

    code, _, err = edit(
        capsys, dbfile, ref, "--add", "email=Aug@Example.ORG", "--default", "Aug@Example.ORG"
    )
    assert code == 0, err
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert methods(contact) == {"ada@example.com": False, "Aug@Example.ORG": True}

    # Named as it is stored (the domain in lower case), and a phone as typed differently.
    code, _, err = edit(
        capsys,
        dbfile,
        ref,
        "--email",
        "lady@example.net",
        "--phone",
        "020 7946 0000",
        "--default",
        "lady@EXAMPLE.net",
        "--default",
        "+442079460000",
    )
    assert code == 0, err
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert contact["version"] == 3, "one save for each command"
    assert methods(contact) == {
        "ada@example.com": False,
        "Aug@Example.ORG": False,
        "lady@example.net": True,
        "020 7946 0000": True,
    }


def test_contact_edit_refuses_an_email_another_contact_owns(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada", "--email", "ada@example.com")
    eve = add_contact(capsys, dbfile, "--first", "Eve")
    code, out, err = edit(capsys, dbfile, eve["reference"], "--email", "ada@example.com")
    assert (code, out) == (4, "")
    assert f"already belongs to Ada ({ada['reference']})" in err
    assert show_json(capsys, dbfile, eve["reference"])["contact"]["identities"] == []


def test_contact_edit_with_a_stale_version_is_refused(capsys, dbfile):
    ref = add_contact(capsys, dbfile, "--first", "Ada", "--last", "Lovelace")["reference"]
    assert edit(capsys, dbfile, ref, "--if-version", 1, "--set", "title=Countess")[0] == 0
    code, out, err = edit(capsys, dbfile, ref, "--if-version", 1, "--set", "title=Lady")
    assert (code, out) == (4, "")  # a conflict: re-read, then retry
    assert err == (
        f"helpdesk-tui: contact {ref} was changed by {os_username()} (edited title of Ada "
        "Lovelace) after version 1; it is at version 2 now: nothing was saved\n"
    )
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert (contact["title"], contact["version"]) == ("Countess", 2)
    assert [a for a, _ in contact_events(dbfile)] == ["create", "update"]


def test_contact_edit_that_changes_nothing_says_so_and_saves_nothing(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada", "--set", "country=IE", "--email", "a@b.ie")
    code, out, err = edit(
        capsys, dbfile, ada["reference"], "--set", "first_name=Ada", "--set", "country=Ireland"
    )
    assert (code, err) == (0, "")
    assert (
        out == f"nothing to change: Ada ({ada['reference']}) already has those values (version 1)\n"
    )
    code, out, err = edit(capsys, dbfile, ada["reference"], "--default", "a@b.ie", "--json")
    assert code == 0 and json.loads(out)["version"] == 1
    assert err.startswith("nothing to change: ")
    assert contact_events(dbfile) == [("create", os_username())]


def test_contact_edit_help_lists_the_fields_and_the_kinds(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["contact", "edit", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "  country         Country: a country's name or two-letter code (Ireland, IE)" in out
    assert "  is_primary      Primary contact: yes or no" in out
    for field in ("first_name", "last_name", "title", "company", "city", "ignore_emails"):
        assert f"\n  {field} " in out
    assert "email, phone, sms, whatsapp, twitter, facebook, wechat, other" in out


def test_country_is_typed_as_a_name_stored_as_a_code_and_shown_by_name(capsys, dbfile):
    ref = add_contact(capsys, dbfile, "--first", "Hans")["reference"]
    code, out, err = edit(capsys, dbfile, ref, "--set", "country=Narnia")
    assert (code, out) == (1, "")
    assert err == (
        "helpdesk-tui: Country: not a country: 'Narnia' (type a country name or its two-letter "
        "code, e.g. IE or Ireland)\n"
    )
    assert edit(capsys, dbfile, ref, "--set", "country=germany", "--phone", "030 901820")[0] == 0
    assert query(dbfile, "SELECT country FROM contact") == [("DE",)]
    contact = show_json(capsys, dbfile, ref)["contact"]
    assert (contact["country"], contact["country_name"]) == ("DE", "Germany")
    assert [i["normalized"] for i in contact["identities"]] == ["+4930901820"]
    code, out, _ = run(capsys, "show", ref, "--db", dbfile)
    assert "  Country:          Germany" in out.splitlines()


def test_contact_edit_json_reports_the_saved_contact(capsys, dbfile):
    ref = add_contact(capsys, dbfile, "--first", "Ada")["reference"]
    code, out, _ = edit(capsys, dbfile, ref, "--set", "city=London", "--json")
    assert code == 0
    saved = json.loads(out)
    assert (saved["reference"], saved["city"], saved["version"]) == (ref, "London", 2)


# --- hostile text --------------------------------------------------------------------------------


def test_hostile_name_is_shown_defanged_by_search_and_show(capsys, db):
    """A name with an OSC 52 clipboard write, markup and RLO that got in around the validation."""
    path = sqlite_file(db.url)
    mallory = create_contact(
        db, first_name="Mallory", last_name="Hacker", identities=[("email", "m@example.com")]
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "UPDATE contact SET first_name = ?, last_name = ? WHERE id = ?",
            (HOSTILE_FIRST, HOSTILE_LAST, mallory.id),
        )
        index_contacts(wrap(conn), [mallory.id])
        conn.execute("COMMIT")
    finally:
        conn.close()

    for argv in (["search", "Mallory"], ["search", mallory.reference], ["show", mallory.reference]):
        code, out, err = run(capsys, *argv, "--db", path)
        assert code == 0, err
        assert mallory.reference in out, argv
        assert not any(ch in out for ch in FORBIDDEN), argv
        assert "Mallory" in out and "[/]" in out and "\u2039RLO\u203a" in out, argv

    # --json keeps the stored text exactly, with the C0 controls escaped as JSON requires.
    code, out, _ = run(capsys, "show", mallory.reference, "--db", path, "--json")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert json.loads(out)["contact"]["first_name"] == HOSTILE_FIRST


UNSAFE = (
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
"""What ``--json`` never writes raw: C0 (ESC among them), DEL, C1 and the bidi controls."""


def _raw_unsafe(out: str) -> set[str]:
    return {ch for ch in out if ch in UNSAFE and ch != "\n"}


def test_to_json_escapes_controls_and_bidi_and_decodes_to_the_same_data():
    hostile = "".join(UNSAFE) + "\\" + "\u202e" + '"\u2066é李😀'
    value = {hostile: [hostile, {"nested": hostile}], "n": 1, "ok": "plain"}
    out = cli_common.to_json(value)
    assert _raw_unsafe(out) == set()
    assert json.loads(out) == value
    assert "\\u202e" in out and "\\u009b" in out and "\\u001b" in out
    assert "é李😀" in out, "other text stays readable"


def test_every_json_output_is_safe_on_a_terminal(capsys, db):
    """show, search and contact edit --json, on a contact whose stored text holds every
    character a terminal acts on."""
    path = sqlite_file(db.url)
    mallory = create_contact(db, first_name="Mallory", identities=[("email", "m@example.com")])
    hostile = "Mallory\x9b2J\x7f\u2067evil\u200f\x1b[31m"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("UPDATE contact SET last_name = ? WHERE id = ?", (hostile, mallory.id))
        index_contacts(wrap(conn), [mallory.id])
        conn.execute("COMMIT")
    finally:
        conn.close()
    outputs = {
        "show": (["show", mallory.reference], lambda data: data["contact"]["last_name"]),
        "search": (["search", "Mallory"], lambda data: data[0]["name"]),
        "edit": (
            ["contact", "edit", mallory.reference, "--set", "title=CEO"],
            lambda data: data["last_name"],
        ),
    }
    for name, (argv, stored) in outputs.items():
        code, out, err = run(capsys, *argv, "--db", path, "--json")
        assert code == 0, err
        assert _raw_unsafe(out) == set(), name
        assert hostile in stored(json.loads(out)), name


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u2060", "\u00ad", "\u3164", "\u115f", "\ufeff\u180e", "\ufe0f", "\u2800"],
)
def test_contact_add_refuses_a_name_of_only_invisible_characters(capsys, dbfile, invisible):
    code, out, err = run(capsys, "contact", "add", "--db", dbfile, "--first", invisible)
    assert (code, out) == (1, "")
    assert "a contact needs a first or last name" in err
    assert query(dbfile, "SELECT count(*) FROM contact") == [(0,)]


# --- usage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["search"],
        ["show"],
        ["contact"],
        ["contact", "add", "--bogus"],
        ["search", "x", "--limit", "many"],
        ["nosuchcommand"],
    ],
)
def test_bad_usage_exits_2(capsys, dbfile, argv):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--db", str(dbfile)])
    assert exit_.value.code == 2
    _, err = capsys.readouterr()
    assert "usage: helpdesk-tui" in err
    assert not dbfile.exists()


def test_db_before_the_command_is_used(capsys, dbfile):
    ada = add_contact(capsys, dbfile, "--first", "Ada", "--last", "Lovelace")
    code, out, _ = run(capsys, "--db", dbfile, "search", "Lovelace", "--json")
    assert code == 0
    assert [row["reference"] for row in json.loads(out)] == [ada["reference"]]


def test_search_refuses_a_negative_limit(capsys, dbfile):
    add_contact(capsys, dbfile, "--first", "Ada", "--last", "Lovelace")
    try:
        code, _, err = run(capsys, "search", "Lovelace", "--db", dbfile, "--limit", "-1")
    except SystemExit as exit_:
        code, err = exit_.code, ""
    assert code != 0
    assert "no contact matches" not in err


# --- the real console script ---------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    return {
        **os.environ,
        "HELPDESK_TUI_DB": str(tmp_path / "fallback" / "env-default.db"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "HELPDESK_TUI_REGION": "GB",
        "COLUMNS": "200",
    }


def test_console_script_adds_searches_and_shows(tmp_path, dbfile):
    env = _env(tmp_path)

    def script(*argv: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *map(str, argv), "--db", str(dbfile)],
            capture_output=True,
            check=False,
            text=True,
            env=env,
            timeout=60,
        )

    added = script(
        "contact",
        "add",
        "--first",
        "Ada",
        "--last",
        "Lovelace",
        "--json",
        "--email",
        "ada@example.com",
    )
    assert added.returncode == 0, added.stderr
    reference = json.loads(added.stdout)["reference"]

    found = script("search", "Lovlace", "--json")
    assert found.returncode == 0, found.stderr
    assert [row["reference"] for row in json.loads(found.stdout)] == [reference]

    shown = script("show", reference)
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0].startswith(f"Ada Lovelace  {reference}  PIN ")

    usage = script("search")
    assert usage.returncode == 2 and "usage:" in usage.stderr

    # The search path stays light: neither SQLAlchemy nor Textual is imported for it, nor
    # dataclasses (with inspect, about 5 ms of a whole-process search).
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from helpdesk_tui.cli import main\n"
            f"code = main(['search', 'Lovelace', '--db', {str(dbfile)!r}])\n"
            "heavy = {'sqlalchemy', 'sqlmodel', 'textual', 'alembic', 'dataclasses', 'inspect'}\n"
            "print(code, sorted(heavy & set(sys.modules)), file=sys.stderr)\n",
        ],
        capture_output=True,
        check=False,
        text=True,
        env=env,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stderr == "0 []\n"
    assert reference in probe.stdout
    assert not (tmp_path / "fallback").exists() and not (tmp_path / "xdg-data").exists()


def test_module_entry_point_survives_a_closed_pipe(tmp_path, demo_copy):
    """``helpdesk-tui search ... | head -c 1``: no traceback when the reader goes away."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "helpdesk_tui",
            "search",
            "",
            "--limit",
            "1000",
            "--json",
            "--db",
            str(demo_copy),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
    )
    assert process.stdout.read(1) == b"["
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 1)
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_reading_a_missing_database_says_so_instead_of_creating_it(capsys, tmp_path):
    missing = tmp_path / "typo.db"
    for args in (["search", "x"], ["show", "C-1"], ["contact", "edit", "C-1", "--set", "title=x"]):
        code, out, err = run(capsys, *args, "--db", missing)
        assert (code, out) == (5, "")
        assert "no database at" in err
    assert not missing.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "jon smi"],
        ["search", "jon smi", "--limit", "5", "--json"],
        ["--db", "x.db", "search", "--limit=7", "--", "-dash"],
        ["search", "--db=x.db", "ref:C-1"],
        ["search", "--", "--json"],
        ["search", "--json", "x", "--"],
    ],
)
def test_a_plain_search_reads_its_arguments_as_argparse_does(argv):
    quick = cli._plain_search(argv)
    assert quick is not None
    full = cli.build_parser().parse_args(argv)
    for name in ("query", "limit", "json"):
        assert getattr(quick, name) == getattr(full, name)
    assert getattr(quick, "db", None) == getattr(full, "db", None)


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "--help"],
        ["search"],
        ["search", "a", "b"],
        ["search", "a", "--limit", "0"],
        ["search", "a", "--limit", "x"],
        ["search", "a", "--bogus"],
        ["search", "a", "--db", "--json"],
        ["search", "a", "--limit", "5", "--limit", "6"],
        ["show", "C-1"],
        ["--json", "search", "x"],
        ["--limit", "5", "search", "x"],
        ["--", "search", "x"],
        ["search", "x", "--limit", "²"],
        ["--db", "a.db", "--db", "b.db", "search", "x"],
        ["search", "x", "--json", "--"],
    ],
)
def test_anything_else_is_left_to_argparse(argv):
    assert cli._plain_search(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "search", "x"],
        ["--limit", "5", "search", "x"],
        ["--", "search", "x"],
        ["search", "x", "--limit", "²"],
        ["search", "x", "--json", "--"],
    ],
)
def test_argparse_refuses_what_the_plain_search_leaves_to_it(capsys, argv):
    """--json and --limit are the search command's, ``--`` before it is no command, and one
    after an option that follows the query is an argument too many."""
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(argv)
    assert exit_.value.code == 2
    assert "usage: helpdesk-tui" in capsys.readouterr().err


WORDS = ("search", "x", "--db", "a.db", "--db=b.db", "--limit", "5", "--json", "--", "²")


def test_whatever_the_plain_search_reads_argparse_reads_alike(capsys):
    """Every argv of up to five of WORDS: where the quick path answers, argparse agrees."""
    parser = cli.build_parser()
    read = 0
    for length in range(6):
        for argv in itertools.product(WORDS, repeat=length):
            quick = cli._plain_search(list(argv))
            if quick is None:
                continue
            read += 1
            try:
                full = parser.parse_args(list(argv))
            except SystemExit:
                pytest.fail(f"argparse refuses {argv}: {capsys.readouterr().err}")
            assert (quick.query, quick.limit, quick.json, getattr(quick, "db", None)) == (
                full.query,
                full.limit,
                full.json,
                getattr(full, "db", None),
            ), argv
    assert read > 100


@pytest.mark.parametrize("columns", ["0", "-3"])
def test_a_width_of_zero_or_less_falls_back(monkeypatch, columns):
    """Like shutil, COLUMNS or a terminal that gives no width counts as unset."""
    monkeypatch.setenv("COLUMNS", columns)
    assert cli_common.terminal_width() > 0
    monkeypatch.setattr(cli_common.os, "get_terminal_size", lambda _: os.terminal_size((0, 24)))
    assert cli_common.terminal_width() == 120


TUI_WORDS = ("--demo", "--db", "a.db", "--db=b.db", "--db=", "-x", "--dem", "search", "--")


def test_whatever_the_plain_tui_start_reads_argparse_reads_alike(capsys):
    """Every argv of up to four of TUI_WORDS: where the TUI's quick path answers, argparse
    opens the TUI with the same database and demo flag."""
    parser = cli.build_parser()
    read = 0
    for length in range(5):
        for argv in itertools.product(TUI_WORDS, repeat=length):
            quick = cli._plain_tui(list(argv))
            if quick is None:
                continue
            read += 1
            try:
                full = parser.parse_args(list(argv))
            except SystemExit:
                pytest.fail(f"argparse refuses {argv}: {capsys.readouterr().err}")
            assert full.handler is cli.cmd_tui is quick.handler
            read_alike = (full.demo, getattr(full, "db", None))
            assert (quick.demo, getattr(quick, "db", None)) == read_alike, argv
    assert read > 8  # the plain spellings were read, not all left to argparse


@pytest.mark.parametrize("argv", [["--help"], ["--dem"], ["--db"], ["--db", "-x"], ["demo"]])
def test_the_tui_start_leaves_anything_else_to_argparse(argv):
    assert cli._plain_tui(argv) is None
