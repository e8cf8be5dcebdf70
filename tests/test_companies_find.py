"""Finding companies by a fragment of their name through the store's door (``Store.companies``),
on both engines: what the palette, the Company field and the new-contact form list."""

from __future__ import annotations

import pytest

from helpdesk_tui.store.companies.operations import edit_company
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.service import Store

pytestmark = pytest.mark.both_engines

NAMES = ("Acme", "Acme Freight", "Globex", "100% Juice", "Under_score Ltd", "Initech")


@pytest.fixture
def store(db):
    for number, name in enumerate(NAMES):
        create_contact(db, first_name=f"Person{number}", company=name, create_company=True)
    edit_company(db, "Initech", 1, {"active": "no"})
    with Store(db.url, author="tester", region="GB") as store:
        yield store


def test_a_fragment_finds_the_names_holding_it_in_any_case(store):
    assert sorted(store.companies("ACM")) == ["Acme", "Acme Freight"]
    assert store.companies("freight") == ["Acme Freight"]
    assert store.companies("initech") == ["Initech"], "an inactive company is still found"


def test_wildcards_are_taken_as_typed(store):
    assert store.companies("%") == ["100% Juice"]
    assert store.companies("_") == ["Under_score Ltd"]


def test_a_misspelling_finds_the_company_it_is_close_to(store):
    assert store.companies("Globx")[0] == "Globex"


def test_the_limit_holds_and_nothing_like_it_finds_nothing(store):
    assert len(store.companies("e", limit=2)) == 2
    assert store.companies("zzqx") == []


def test_no_fragment_lists_active_companies_most_recently_changed_first(store):
    listed = store.companies("", limit=10)
    assert "Initech" not in listed
    assert sorted(listed) == sorted(set(NAMES) - {"Initech"})
