"""``helpdesk-tui duplicates`` and ``duplicates dismiss`` as a script runs them, on both
engines: the pairs in words and JSON, a pair dismissed and undone, refusals in one sentence,
strangers' names defanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database

from .conftest import FORBIDDEN, HOSTILE_TEXT, run_cli

pytestmark = pytest.mark.both_engines


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """No command may fall back to a default database."""
    monkeypatch.setenv("HELPDESK_TUI_DB", str(tmp_path / "fallback" / "never.db"))
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def pair(db: Database) -> tuple[str, str]:
    """Two contacts holding one number, one as a phone, one as WhatsApp."""
    a = create_contact(
        db, first_name="Jon", last_name="Smith", company="Acme", create_company=True,
        identities=[("phone", "+44 20 7946 0001")],
    )  # fmt: skip
    b = create_contact(
        db, first_name="John", last_name="Smith", company="Acme",
        identities=[("whatsapp", "020 7946 0001")],
    )  # fmt: skip
    return a.reference, b.reference


def _cli(capsys, db: Database, *argv: object) -> tuple[int, str, str]:
    return run_cli(capsys, *argv, "--db", db.url)


def test_duplicates_lists_the_pair_with_score_and_reasons(capsys, db, pair):
    code, out, err = _cli(capsys, db, "duplicates")
    assert code == 0
    assert pair[0] in out and pair[1] in out
    assert "one phone number, written differently; similar names at one" in out
    assert "1 of 1 pairs" in err


def test_duplicates_json_names_both_contacts_and_the_reasons(capsys, db, pair):
    code, out, _ = _cli(capsys, db, "duplicates", "--json", "--limit", "5")
    assert code == 0
    found = json.loads(out)
    assert found["found"] == 1
    (only,) = found["pairs"]
    assert only["reasons"] == ["same_phone", "similar_name_company"]
    assert 0 < only["score"] <= 100
    assert (only["a"]["reference"], only["a"]["name"], only["a"]["company"]) == (
        pair[0],
        "Jon Smith",
        "Acme",
    )
    assert only["b"]["reference"] == pair[1]


def test_dismiss_hides_the_pair_until_undone(capsys, db, pair):
    code, _, err = _cli(capsys, db, "duplicates", "dismiss", pair[1], pair[0])
    assert code == 0
    assert "marked as not duplicates" in err
    code, _, err = _cli(capsys, db, "duplicates", "dismiss", pair[0], pair[1])
    assert "already marked" in err
    _, out, err = _cli(capsys, db, "duplicates", "--json")
    assert json.loads(out)["pairs"] == []
    assert _cli(capsys, db, "undo", "--yes")[0] == 0
    _, out, _ = _cli(capsys, db, "duplicates", "--json")
    assert len(json.loads(out)["pairs"]) == 1


def test_dismissing_an_unknown_contact_is_one_sentence(capsys, db, pair):
    code, out, err = _cli(capsys, db, "duplicates", "dismiss", pair[0], "C-99999999")
    assert code != 0
    assert "C-99999999" in err and "Traceback" not in err
    assert out == ""


def test_hostile_names_are_defanged(capsys, db, pair):
    from sqlmodel import select

    from helpdesk_tui.store.models import Contact

    with db.write() as session:
        for row in session.exec(select(Contact)).all():
            row.last_name = HOSTILE_TEXT
    for argv in (("duplicates",), ("duplicates", "--json")):
        code, out, _ = _cli(capsys, db, *argv)
        assert code == 0
        assert "Boom" in out
        assert not any(bad in out for bad in FORBIDDEN)
