"""Possible duplicates on both engines: each rule finds its pair (one phone written differently,
similar names at one company, at one non-free-mail domain, identical names sharing a method),
unrelated contacts and tombstones or deactivated contacts are never paired, the comparisons stay
within blocks, and a pair marked "not duplicates" never returns until the mark is undone."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.duplicates import blocking
from helpdesk_tui.store.duplicates.operations import dismiss, find_duplicates
from helpdesk_tui.store.duplicates.views import DuplicateReason, ScanCounts
from helpdesk_tui.store.errors import InvalidInput, NotFound
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.models import Contact, DuplicateDismissal, Event

pytestmark = pytest.mark.both_engines


def _contact(db: Database, first: str, last: str, company: str = "", *identities):
    return create_contact(
        db,
        first_name=first,
        last_name=last,
        company=company,
        create_company=bool(company),
        identities=list(identities),
    ).reference


def _pairs(db: Database) -> dict[frozenset[str], tuple[DuplicateReason, ...]]:
    found = find_duplicates(db, limit=100)
    return {frozenset((p.a.reference, p.b.reference)): p.reasons for p in found.pairs}


def test_one_phone_written_differently_pairs_its_two_contacts(db):
    a = _contact(db, "Ann", "Lee", "", ("phone", "+44 20 7946 0001"))
    b = _contact(db, "A.", "Lee", "", ("whatsapp", "020 7946 0001"))
    _contact(db, "Zed", "Quinn", "", ("phone", "+44 20 7946 0999"))
    assert _pairs(db) == {frozenset((a, b)): (DuplicateReason.SAME_PHONE,)}


def test_similar_names_at_one_company_are_paired_and_not_across_companies(db):
    a = _contact(db, "Jon", "Smith", "Acme")
    b = _contact(db, "John", "Smith", "Acme")
    _contact(db, "John", "Smith", "Zeta")
    _contact(db, "Mary", "Jones", "Acme")
    assert _pairs(db) == {frozenset((a, b)): (DuplicateReason.SIMILAR_NAME_COMPANY,)}


def test_similar_names_at_one_email_domain_but_not_at_free_mail(db):
    a = _contact(db, "Katarzyna", "Nowak", "", ("email", "kasia@fabrikam.example"))
    b = _contact(db, "Katarzyna", "Nowakk", "", ("email", "k.nowak@fabrikam.example"))
    _contact(db, "Piotr", "Nowak", "", ("email", "piotr@gmail.com"))
    _contact(db, "Piotr", "Nowak", "", ("email", "pn@gmail.com"))
    assert _pairs(db) == {frozenset((a, b)): (DuplicateReason.SIMILAR_NAME_DOMAIN,)}


def test_identical_names_sharing_an_email_local_part_are_paired(db):
    a = _contact(db, "Siobhán", "Kelly", "", ("email", "siobhan.kelly@gmail.com"))
    b = _contact(db, "Siobhan", "Kelly", "", ("email", "siobhan.kelly@outlook.com"))
    _contact(db, "Other", "Person", "", ("email", "siobhan.kelly@yahoo.com"))
    assert _pairs(db) == {frozenset((a, b)): (DuplicateReason.SAME_NAME_SHARED_METHOD,)}


def test_a_pair_found_by_several_rules_scores_higher_with_every_reason(db):
    a = _contact(db, "Jon", "Smith", "Acme", ("phone", "+44 20 7946 0002"))
    b = _contact(db, "John", "Smith", "Acme", ("sms", "+442079460002"))
    c = _contact(db, "Jon", "Smith", "Zeta", ("phone", "+44 20 7946 0003"))
    d = _contact(db, "John", "Smithe", "Zeta")
    found = find_duplicates(db).pairs
    assert [{p.a.reference, p.b.reference} for p in found] == [{a, b}, {c, d}]
    assert found[0].reasons == (DuplicateReason.SAME_PHONE, DuplicateReason.SIMILAR_NAME_COMPANY)
    assert found[0].score > found[1].score
    assert (found[0].a.name, found[0].a.company) == ("Jon Smith", "Acme")


def test_tombstones_and_deactivated_contacts_are_never_paired(db):
    a = _contact(db, "Jon", "Smith", "Acme")
    b = _contact(db, "John", "Smith", "Acme")
    c = _contact(db, "Johnny", "Smith", "Acme")
    merge_contacts(db, a, b)
    assert _pairs(db) == {frozenset((a, c)): (DuplicateReason.SIMILAR_NAME_COMPANY,)}
    with db.write() as session:
        contact = session.exec(select(Contact).where(Contact.reference == c)).one()
        contact.active = False
    assert _pairs(db) == {}


def test_a_dismissed_pair_never_returns_and_undo_brings_it_back(db):
    a = _contact(db, "Jon", "Smith", "Acme")
    b = _contact(db, "John", "Smith", "Acme")
    assert dismiss(db, b, a) is True
    assert dismiss(db, a, b) is False
    assert _pairs(db) == {}
    with db.read() as session:
        row = session.exec(select(DuplicateDismissal)).one()
        event = session.exec(select(Event).where(Event.entity == "duplicate_dismissal")).one()
    assert row.contact_a_id < row.contact_b_id
    assert event.action == "create"
    assert "not duplicates" in event.description
    undo(db)
    assert _pairs(db) == {frozenset((a, b)): (DuplicateReason.SIMILAR_NAME_COMPANY,)}
    with db.read() as session:
        assert session.exec(select(DuplicateDismissal)).all() == []


def test_dismissing_one_contact_twice_or_an_unknown_one_is_refused(db):
    a = _contact(db, "Jon", "Smith", "Acme")
    with pytest.raises(InvalidInput):
        dismiss(db, a, a.lower())
    with pytest.raises(NotFound):
        dismiss(db, a, "C-99999999")


def test_comparisons_stay_within_blocks(db):
    """Six Smiths at two companies: 3 + 3 comparisons within the companies, not the 15 of
    every pair; the same six in one company would be compared 15 times."""
    for company in ("Acme", "Zeta"):
        for first in ("Jon", "John", "Jo"):
            _contact(db, first, "Smith", company)
    counts = find_duplicates(db).counts
    assert counts.comparisons == 6
    assert counts.blocks == 2


def test_a_block_over_the_cap_is_compared_as_a_sorted_neighbourhood():
    members = [(i, f"name{i:03d} smith") for i in range(blocking.BLOCK_MAX + 40)]
    counts = ScanCounts()
    pairs = list(blocking.candidates(members, counts))
    n = len(members)
    assert counts.capped == 1
    assert len(pairs) < n * blocking.WINDOW < n * (n - 1) // 2


def test_a_local_part_held_by_many_namesakes_pairs_none_of_them(db):
    """Five Maria Garcias at five free-mail domains: a common name, not one person five times."""
    domains = ("gmail.com", "outlook.com", "yahoo.com", "aol.com", "icloud.com")
    for domain in domains[: blocking.STEM_HOLDERS + 1]:
        _contact(db, "Maria", "Garcia", "", ("email", f"maria.garcia@{domain}"))
    found = find_duplicates(db)
    assert found.pairs == ()
    assert found.counts.common == 1


def test_deleted_contacts_are_never_paired(db):
    a = _contact(db, "Jon", "Smith", "Acme")
    b = _contact(db, "John", "Smith", "Acme")
    assert frozenset((a, b)) in _pairs(db)
    with db.write() as session:
        contact = session.exec(select(Contact).where(Contact.reference == b)).one()
        contact.deleted_at = contact.updated_at
    assert _pairs(db) == {}


def test_an_agent_limited_to_some_companies_sees_only_their_pairs(db):
    from helpdesk_tui.store.agents.operations import add_agent
    from helpdesk_tui.store.agents.teams import add_team, set_company, set_member

    acme = {_contact(db, "Jon", "Smith", "Acme"), _contact(db, "John", "Smith", "Acme")}
    beta = {_contact(db, "Ann", "Lee", "Beta"), _contact(db, "Anne", "Lee", "Beta")}
    add_agent(db, "bob")
    add_team(db, "Acme desk")
    set_member(db, "Acme desk", "bob")
    set_company(db, "Acme desk", "Acme")
    assert set(_pairs(db)) == {frozenset(acme), frozenset(beta)}, "an admin sees both"
    bob = Database(db.url, author="bob", region="GB")
    try:
        assert set(_pairs(bob)) == {frozenset(acme)}
    finally:
        bob.dispose()
