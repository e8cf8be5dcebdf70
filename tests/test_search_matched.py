"""Results say why they matched: the email, number or handle a contact was found by."""

from __future__ import annotations

import pytest

from helpdesk_tui.store.search.query import parse
from helpdesk_tui.store.search.ranking import Scorer, phone_score, rank
from helpdesk_tui.store.search.searcher import search

from .test_search import _create

pytestmark = pytest.mark.both_engines


@pytest.fixture
def jon(db):
    """Jon with a second address, a second number and a handle; Maria, found by her name."""
    return _create(
        db,
        (
            (
                "Jon",
                "Berg",
                "Koch Media",
                [
                    ("email", "jon.berg@kochmedia.example"),
                    ("email", "jberg@oldmail.example"),
                    ("phone", "+44 7400 084175"),
                    ("phone", "+44 20 7946 0958"),
                    ("twitter", "@jonnyb"),
                ],
            ),
            ("Maria", "Schmidt", "", [("email", "maria@kochmedia.example")]),
        ),
    )


def _first(db, query):
    with db.raw() as conn:
        return search(conn, query).hits[0]


@pytest.mark.parametrize(
    ("query", "kind", "value"),
    [
        ("oldmail", "email", "jberg@oldmail.example"),
        ("jberg@oldmail.example", "email", "jberg@oldmail.example"),
        ("email:oldmail", "email", "jberg@oldmail.example"),
        ("0958", "phone", "+44 20 7946 0958"),
        ("phone:020 7946 0958", "phone", "+44 20 7946 0958"),
        ("jonnyb", "twitter", "@jonnyb"),
        ("kind:twitter jon", "twitter", "@jonnyb"),
    ],
)
def test_a_contact_found_by_a_second_method_says_which(db, jon, query, kind, value):
    hit = _first(db, query)
    assert (hit.name, hit.matched_kind, hit.matched_value) == ("Jon Berg", kind, value)
    assert hit.secondary_match
    # the row shows the address or number it was found by; the defaults stay first
    assert hit.email == (value if kind == "email" else "jon.berg@kochmedia.example")
    assert hit.phone == (value if kind == "phone" else "+44 7400 084175")
    assert (hit.emails[0], hit.phones[0]) == ("jon.berg@kochmedia.example", "+44 7400 084175")


def test_a_contact_found_by_its_default_method_or_its_name_is_not_marked(db, jon):
    by_default = _first(db, "084175")
    assert (by_default.matched_kind, by_default.secondary_match) == ("phone", False)
    by_name = _first(db, "jon berg")
    assert (by_name.matched_kind, by_name.matched_value, by_name.secondary_match) == ("", "", False)
    assert by_name.email == "jon.berg@kochmedia.example"


def test_a_number_matching_at_its_end_ranks_above_one_matching_at_its_start(db):
    # typed "4567": Ada's number ends with it (what a caller reads out), Bo's national number
    # starts with it; Bo is newer, so a tie would put Bo first
    _create(
        db,
        (
            ("Ada", "End", "", [("phone", "+44 20 7946 4567")]),
            ("Bo", "Start", "", [("phone", "+49 4567 123456")]),
        ),
    )
    with db.raw() as conn:
        assert [h.name for h in search(conn, "4567").hits] == ["Ada End", "Bo Start"]


def test_phone_scores_rank_the_end_then_the_start_then_the_middle():
    assert phone_score("4567", "+442079464567") == 100
    assert phone_score("+44 20 79", "+442079464567") == 98
    assert phone_score("020 79", "+442079464567") == 95
    assert phone_score("7946", "+442079464567") == 85
    assert phone_score("8888", "+442079464567") == 0


def test_the_ranking_puts_an_end_match_first_whatever_engine_found_the_candidates():
    docs = {
        1: ("ada", "", "", "", "+442079464567"),
        2: ("bo", "", "", "", "+494567123456"),
        3: ("cy", "", "", "", "+33123456789"),
    }
    scorer = Scorer(parse("4567"))
    assert [i for i, _ in rank(scorer, dict.fromkeys(docs), docs, 10)] == [1, 2, 3]


def test_a_typos_guess_at_a_second_address_is_not_claimed(db):
    # "jhon smtih" reaches Nuala through the typo step; her second address, run together,
    # resembles it a little more than her name does, but it explains nothing
    _create(
        db,
        [
            (
                "Nuala",
                "Smith",
                "",
                [("email", "nualasmith773@hotmail.com"), ("email", "nsmith1@hotmail.com")],
            )
        ],
    )
    hit = _first(db, "jhon smtih")
    assert (hit.name, hit.matched_kind, hit.email) == ("Nuala Smith", "", hit.emails[0])
