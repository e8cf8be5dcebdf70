"""Filters as agents type them, searched: numbers with spaces, company names, quotes, ``kind:``."""

from __future__ import annotations

import pytest

from helpdesk_tui.store.kinds import KINDS
from helpdesk_tui.store.search import keys as search_keys
from helpdesk_tui.store.search.searcher import search

from .test_search import _create

pytestmark = pytest.mark.both_engines


@pytest.fixture
def koch(db):
    """Jon at Koch Media with a WhatsApp number; namesakes and near-namesakes elsewhere."""
    return _create(
        db,
        (
            (
                "Jon",
                "Berg",
                "Koch Media",
                [
                    ("email", "jon.berg@kochmedia.example"),
                    ("phone", "+44 7400 084175"),
                    ("whatsapp", "+44 7400 084175"),
                ],
            ),
            ("Maria", "Schmidt", "Koch Media", [("twitter", "@mschmidt")]),
            ("Anna", "Koch", "Media Markt", [("phone", "+356 2133 5618")]),
            ("Jon", "Koch", "Acme Ltd", [("email", "jon@acme.example")]),
            ("Jonas", "Weber", "Kochhaus", [("twitter", "@jweber")]),
            ("Tom", "Hill", "John Lewis", []),
            ("Ann", "Lewis", "John Deere", []),
        ),
    )


def _names(db, query, **kwargs):
    with db.raw() as conn:
        return [hit.name for hit in search(conn, query, **kwargs).hits]


def test_a_phone_filter_takes_a_number_with_spaces(db, koch):
    assert _names(db, "phone:+44 7400 084175") == ["Jon Berg"]
    assert _names(db, "phone:356 18") == ["Anna Koch"]


def test_a_company_filter_takes_several_words(db, koch):
    # not Ann Lewis at John Deere: "lewis" is part of the company asked for
    assert _names(db, "company:john lewis") == ["Tom Hill"]


def test_words_after_a_company_name_are_free_text(db, koch):
    # no company is called "Koch Media Jon": the company is Koch Media, and Jon is sought there
    assert _names(db, "company:koch media jon") == ["Jon Berg"]
    assert _names(db, "company:koch media maria") == ["Maria Schmidt"]


def test_a_result_says_how_a_company_of_several_words_was_read(db, koch):
    with db.raw() as conn:
        assert search(conn, "company:koch media jon").read_as == 'jon company:"koch media"'
        assert search(conn, "company:koch media").read_as == ""


def test_a_quoted_value_is_taken_as_it_stands(db, koch):
    assert _names(db, 'company:"koch media" jon') == ["Jon Berg"]
    assert _names(db, 'company:"koch media jon"') == []
    assert _names(db, 'email:"jon.berg@kochmedia.example"') == ["Jon Berg"]


def test_kind_keeps_the_contacts_with_such_a_method(db, koch):
    assert _names(db, "kind:whatsapp jon") == ["Jon Berg"]
    assert _names(db, "kind:whats jon") == ["Jon Berg"]


@pytest.mark.parametrize("rare", [search_keys.RARE_KIND, 1])
def test_kind_alone_lists_the_newest_contacts_with_such_a_method(db, koch, monkeypatch, rare):
    # a rare kind is read from the identity index, a common one by scanning the newest
    # contacts: both readings list the same contacts
    monkeypatch.setattr(search_keys, "RARE_KIND", rare)
    assert _names(db, "kind:twitter") == ["Jonas Weber", "Maria Schmidt"]
    assert _names(db, "kind:twitter", limit=1) == ["Jonas Weber"]
    assert _names(db, "kind:wechat") == []


def test_kind_finds_the_one_contact_beyond_a_page_of_namesakes(db, koch):
    # three newer Jons without WhatsApp: a page of two Jons holds none with it
    _create(db, [("Jon", name, "", []) for name in ("Ames", "Bell", "Cole")])
    assert _names(db, "kind:whatsapp jon", limit=2) == ["Jon Berg"]


def test_an_unknown_kind_says_which_kinds_there_are(db, koch):
    with db.raw() as conn:
        result = search(conn, "kind:fax jon")
    assert (result.hits, result.strategy) == ((), "invalid")
    assert all(kind in result.error for kind in KINDS)
