"""``helpdesk-tui search`` as an agent runs it: the filters it explains, and what it says back."""

from __future__ import annotations

import json

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.kinds import KINDS
from helpdesk_tui.store.search.query import FILTER_HELP

from .test_search import _create


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """No default database location is reachable, and tables are as wide as the test says."""
    monkeypatch.setenv("HELPDESK_TUI_DB", str(tmp_path / "fallback" / "env-default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def dbfile(db, tmp_path):
    """The ``db`` fixture's file, with a few contacts, for ``--db``."""
    _create(
        db,
        (
            (
                "Jon",
                "Berg",
                "Koch Media",
                [
                    ("email", "jon.berg@kochmedia.example"),
                    ("email", "jberg@oldmail.example"),
                    ("whatsapp", "+44 7400 084175"),
                    ("twitter", "@jonnyb"),
                ],
            ),
            ("Anna", "Koch", "", [("email", "anna@koch.example")]),
        ),
    )
    return tmp_path / "helpdesk.db"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_help_lists_every_filter_with_examples(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    for name, meaning, examples in FILTER_HELP:
        assert name in out and meaning in out and examples in out
    assert all(kind in out for kind in KINDS)


def test_an_unknown_kind_is_an_error_that_names_the_kinds(capsys, dbfile):
    for extra in ((), ("--json",)):
        code, out, err = run(capsys, "search", "kind:fax jon", "--db", dbfile, *extra)
        assert (code, out) == (1, "")
        assert "kind:fax" in err and all(kind in err for kind in KINDS)


def test_the_reading_of_a_company_of_several_words_is_shown(capsys, dbfile):
    code, out, err = run(capsys, "search", "company:koch media jon", "--db", dbfile)
    assert code == 0 and "Jon Berg" in out
    assert err == 'helpdesk-tui: searched for jon company:"koch media"\n'


def test_a_kind_filter_finds_its_contacts(capsys, dbfile):
    code, out, _ = run(capsys, "search", "kind:whatsapp", "--db", dbfile)
    assert code == 0
    assert [line.split()[1:3] for line in out.splitlines()[1:]] == [["Jon", "Berg"]]


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("oldmail", "*jberg@oldmail.example"),
        ("jonnyb", "*twitter @jonnyb"),
        ("jon berg", None),
    ],
)
def test_the_table_marks_a_row_found_by_a_method_that_is_not_its_default(
    capsys, dbfile, query, marked
):
    code, out, _ = run(capsys, "search", query, "--db", dbfile)
    (row,) = out.splitlines()[1:]
    assert code == 0 and "Jon Berg" in row
    if marked:
        assert marked in row
    else:
        assert "*" not in row and "jon.berg@kochmedia.example" in row


def test_the_mark_survives_a_table_cut_to_80_columns(capsys, dbfile, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "search", "oldmail", "--db", dbfile)
    assert code == 0 and all(len(line) <= 80 for line in out.splitlines())
    assert "*jberg@" in out


def test_json_carries_the_method_a_row_was_found_by(capsys, dbfile):
    code, out, _ = run(capsys, "search", "oldmail", "--db", dbfile, "--json")
    (row,) = json.loads(out)
    assert code == 0
    assert (row["matched_kind"], row["matched_value"]) == ("email", "jberg@oldmail.example")
    assert row["email"] == "jberg@oldmail.example"
    assert row["emails"] == ["jon.berg@kochmedia.example", "jberg@oldmail.example"]
