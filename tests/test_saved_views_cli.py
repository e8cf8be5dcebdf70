"""``helpdesk-tui search --view NAME [QUERY]``: a saved view's search from the command line,
its flags searched as ``has:``, narrowed by QUERY; an unknown view is one sentence."""

from __future__ import annotations

import json

import pytest

from .conftest import run_cli
from .test_search import _create
from .test_search_has import _ticket

pytestmark = pytest.mark.both_engines


@pytest.fixture
def callers(db):
    people = _create(
        db,
        (
            ("Jon", "Open", "Acme Ltd", []),
            ("Ann", "Unassigned", "", []),
            ("Jon", "Closed", "", []),
        ),
    )
    _ticket(db, people["Jon Open"], "open", 5, assignee="amara")
    _ticket(db, people["Ann Unassigned"], "new", 3)
    _ticket(db, people["Jon Closed"], "closed", 9)
    return people


def _names(capsys, db, *argv) -> list[str]:
    code, out, err = run_cli(capsys, "search", *argv, "--db", db.url, "--json")
    assert code == 0, err
    return [row["name"] for row in json.loads(out)]


def test_a_shipped_view_runs_its_search(capsys, db, callers):
    assert _names(capsys, db, "--view", "Has open tickets") == ["Jon Open", "Ann Unassigned"]
    assert _names(capsys, db, "--view", " Has  unassigned tickets ") == ["Ann Unassigned"]


def test_a_query_narrows_the_view(capsys, db, callers):
    assert _names(capsys, db, "--view", "Has open tickets", "jon") == ["Jon Open"]
    code, _, err = run_cli(
        capsys, "view", "save", "Acme open", "company:acme", "--has-open", "--db", db.url
    )
    assert code == 0, err
    assert _names(capsys, db, "--view", "Acme open") == ["Jon Open"]
    assert _names(capsys, db, "has:open", "--view", "Acme open") == ["Jon Open"]


def test_an_unknown_view_is_one_sentence(capsys, db, callers):
    code, out, err = run_cli(capsys, "search", "--view", "Nope", "--db", db.url)
    assert (code, out) == (1, "")
    assert err.strip() == "helpdesk-tui: you have no saved view called 'Nope': see view list"


def test_search_help_lists_has_and_the_view_option(capsys):
    code, out, _ = run_cli(capsys, "search", "--help")
    assert code == 0
    assert "has:open" in out and "has:unassigned" in out and "--view NAME" in out
