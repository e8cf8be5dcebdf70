"""Search fills the page: a slip that happens to start other words still finds its contact."""

from __future__ import annotations

import pytest

from helpdesk_tui.store.search.searcher import search

from .test_search import _create

pytestmark = pytest.mark.both_engines


@pytest.fixture
def prefixes(db):
    """Contacts whose words start with what a slip for another contact's name spells. (A
    dropped last letter, "Mars" for Marsh, is no such case: it starts the name it was meant
    for, and the prefix finds it.)"""
    _create(
        db,
        (
            ("Jon", "Smith", "Acme Ltd", [("email", "jon.smith@acme.example")]),
            ("Jon", "Novák", "Smihtová Logistika s.r.o.", []),
            ("Jon", "Dvořák", "Smihtová Logistika s.r.o.", []),
            ("Jon", "Černý", "Smihtová Logistika s.r.o.", []),
            ("Ruth", "Dahl", "", [("email", "ruth.dahl@example.no")]),
            ("Priya", "Dhaliwal", "", []),
            ("Harpreet", "Dhaliwal", "", []),
            ("Aman", "Dhaliwal", "", []),
        ),
    )


def _top5(db, query, **kwargs):
    with db.raw() as conn:
        return [hit.name for hit in search(conn, query, **kwargs).hits[:5]]


@pytest.mark.parametrize(
    ("query", "intended"),
    [
        # "smiht" (a swap) starts Smihtová, where three Jons work
        ("jon smiht", "Jon Smith"),
        # "dhal" (a swap) starts Dhaliwal, three of them
        ("dhal", "Ruth Dahl"),
    ],
)
def test_a_slip_that_starts_other_words_still_finds_its_contact(db, prefixes, query, intended):
    assert intended in _top5(db, query)


def test_the_typo_step_tops_up_only_a_page_with_room(db, prefixes):
    # a page of three already holds the three Dhaliwals: nothing to top up
    with db.raw() as conn:
        result = search(conn, "dhal", limit=3)
        assert result.strategy == "exact"
        assert {hit.name for hit in result.hits} == {
            "Priya Dhaliwal",
            "Harpreet Dhaliwal",
            "Aman Dhaliwal",
        }
        assert search(conn, "dhal").strategy == "exact+typo"
