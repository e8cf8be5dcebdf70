"""``helpdesk-tui search`` as an agent runs it: the filters it explains, and what it says back."""

from __future__ import annotations

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.kinds import KINDS
from helpdesk_tui.store.query import FILTER_HELP

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
            ("Jon", "Berg", "Koch Media", [("whatsapp", "+44 7400 084175")]),
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


def test_a_kind_filter_finds_its_contacts(capsys, dbfile):
    code, out, _ = run(capsys, "search", "kind:whatsapp", "--db", dbfile)
    assert code == 0
    assert [line.split()[1:3] for line in out.splitlines()[1:]] == [["Jon", "Berg"]]
