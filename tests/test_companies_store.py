"""A company for its screen on both engines: found by name or reference, its details,
contacts (the primary first), ticket counts by group, newest tickets and activities; inline
edits with their journal Event and stale versions; the primary contact, one per company."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.companies.operations import edit_company, set_primary
from helpdesk_tui.store.companies.reads import (
    company_overview,
    get_company,
    list_contacts,
    ticket_counts,
)
from helpdesk_tui.store.companies.views import GroupCount
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import (
    ContactUnavailable,
    ErrorCode,
    InvalidInput,
    NameTaken,
    NotFound,
    StaleEdit,
)
from helpdesk_tui.store.models import Company, Contact, Contract, Event, SlaPolicy
from helpdesk_tui.store.tickets.operations import open_ticket, set_ticket

pytestmark = pytest.mark.both_engines


def _events(db: Database, entity: str) -> list[Event]:
    with db.read() as session:
        return list(
            session.exec(select(Event).where(Event.entity == entity).order_by(col(Event.id))).all()
        )


def _primaries(db: Database, company: str) -> list[str]:
    with db.read() as session:
        return list(
            session.exec(
                select(Contact.reference)
                .join(Company, col(Company.id) == Contact.company_id)
                .where(Company.name == company, col(Contact.is_primary))
            ).all()
        )


@pytest.fixture
def acme(db):
    zed = create_contact(
        db, first_name="Zed", last_name="Adams", company="Acme", create_company=True
    )
    amy = create_contact(db, first_name="Amy", last_name="Young", company="Acme")
    bob = create_contact(db, first_name="Bob", last_name="Brown", company="Acme")
    other = create_contact(db, first_name="Olga", company="Initech", create_company=True)
    return zed, amy, bob, other


def test_found_by_name_in_any_case_or_reference_with_its_details(db, acme):
    with db.write() as session:
        policy = SlaPolicy(name="Gold")
        session.add(policy)
        session.flush()
        company = session.exec(select(Company).where(Company.name == "Acme")).one()
        company.sla_policy_id = policy.id
        now = datetime.now(UTC)
        session.add(
            Contract(
                company_id=company.id,
                description="Old",
                starts_on=now - timedelta(days=800),
                ends_on=now - timedelta(days=400),
            )
        )
        session.add(
            Contract(
                company_id=company.id,
                description="Support 2026",
                po_number="PO-7",
                starts_on=now - timedelta(days=10),
                ends_on=now + timedelta(days=300),
                hour_limit=40,
            )
        )
    view = get_company(db, "aCmE")
    assert get_company(db, view.reference.lower()) == view
    assert (view.name, view.sla_policy, view.active, view.version) == ("Acme", "Gold", True, 2)
    assert (view.contract.description, view.contract.po_number, view.contract.hour_limit) == (
        "Support 2026",
        "PO-7",
        40,
    )
    with pytest.raises(NotFound) as missing:
        get_company(db, "Nope Ltd")
    assert missing.value.field == "company"


def test_contacts_list_the_primary_first_then_by_name_a_page_at_a_time(db, acme):
    _, amy, bob, _ = acme
    set_primary(db, "Acme", amy.reference)
    page = list_contacts(db, "acme", limit=2)
    assert [(c.name, c.is_primary) for c in page.rows] == [
        ("Amy Young", True),
        ("Zed Adams", False),
    ]
    assert page.has_more
    rest = list_contacts(db, "acme", offset=2, limit=2)
    assert [c.reference for c in rest.rows] == [bob.reference] and not rest.has_more


def test_ticket_counts_by_group_split_open_and_closed(db, acme):
    zed, amy, *_ = acme
    for subject, group, who in [
        ("a", "Hardware", zed),
        ("b", "Hardware", amy),
        ("c", "Hardware", zed),
        ("d", "Billing", zed),
        ("e", "", amy),
    ]:
        open_ticket(db, subject=subject, contact=who.reference, group=group)
    closed = open_ticket(db, subject="f", contact=zed.reference, group="Billing")
    set_ticket(db, closed.reference, 1, status="closed")
    resolved = open_ticket(db, subject="g", contact=zed.reference, group="Hardware")
    set_ticket(db, resolved.reference, 1, status="resolved")
    open_ticket(db, subject="elsewhere", contact=acme[3].reference, group="Hardware")
    assert ticket_counts(db, "Acme") == (
        GroupCount("", 1, 0),
        GroupCount("Billing", 1, 1),
        GroupCount("Hardware", 3, 1),
    )


def test_overview_has_details_contacts_counts_recent_tickets_and_activities(db, acme):
    zed, *_ = acme
    made = [open_ticket(db, subject=f"t{n}", contact=zed.reference) for n in range(7)]
    log_activity(db, contact=zed.reference, kind="call", summary="by phone")
    log_activity(db, company="Acme", kind="meeting", summary="QBR")
    overview = company_overview(db, "ACME")
    assert overview.company.name == "Acme" and len(overview.contacts.rows) == 3
    assert [t.reference for t in overview.recent_tickets] == [t.reference for t in made[:1:-1]]
    assert [a.summary for a in overview.activities.rows] == ["QBR", "by phone"]
    assert overview.counts == (GroupCount("", 7, 0),)


def test_an_edit_is_journalled_and_a_stale_one_is_a_conflict(db, acme):
    with db.write() as session:
        session.add(SlaPolicy(name="Gold"))
    saved = edit_company(
        db,
        "acme",
        1,
        {
            "name": " Acme  Corp ",
            "domains": "Acme.example, acme.test acme.test",
            "notes": "VIP",
            "active": "no",
            "sla_policy": "Gold",
        },
    )
    assert (saved.name, saved.domains, saved.notes, saved.active, saved.sla_policy) == (
        "Acme Corp",
        ("acme.example", "acme.test"),
        "VIP",
        False,
        "Gold",
    )
    assert saved.version == 2
    event = _events(db, "company")[-1]
    assert (event.action, event.before["name"], event.after["name"]) == (
        "update",
        "Acme",
        "Acme Corp",
    )
    assert (event.before["version"], event.after["version"]) == (1, 2)
    [row] = event.rows
    assert row["table"] == "company" and row["before"]["active"] is True
    assert row["after"]["active"] is False
    with pytest.raises(StaleEdit) as stale:
        edit_company(db, "Acme Corp", 1, {"notes": "mine"})
    assert stale.value.code is ErrorCode.CONFLICT
    assert {c.field for c in stale.value.changes} >= {"name", "notes"}
    assert stale.value.current.notes == "VIP"
    assert edit_company(db, "Acme Corp", 2, {"notes": "VIP"}).version == 2


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"name": "  "}, InvalidInput, "name"),
        ({"name": "INITECH"}, NameTaken, "name"),
        ({"active": "maybe"}, InvalidInput, "active"),
        ({"sla_policy": "Platinum"}, InvalidInput, "sla_policy"),
        ({"reference": "CO-1"}, InvalidInput, "reference"),
    ],
)
def test_bad_edits_are_refused_with_their_field_and_write_nothing(db, acme, changes, error, field):
    count = len(_events(db, "company"))
    with pytest.raises(error) as refused:
        edit_company(db, "Acme", 1, changes)
    assert refused.value.field == field
    assert get_company(db, "Acme").version == 1 and len(_events(db, "company")) == count
    if error is NameTaken:
        assert refused.value.code is ErrorCode.CONFLICT
        assert refused.value.owner_reference == get_company(db, "Initech").reference


def test_setting_the_primary_moves_the_mark_and_journals_both_contacts(db, acme):
    zed, amy, *_ = acme
    set_primary(db, "Acme", zed.reference)
    row = set_primary(db, "acme", amy.reference)
    assert row.is_primary and _primaries(db, "Acme") == [amy.reference]
    made, cleared = _events(db, "contact")[-2:]
    assert cleared.operation_id == made.operation_id
    assert (cleared.action, cleared.before["is_primary"], cleared.after["is_primary"]) == (
        "primary",
        True,
        False,
    )
    assert [r["after"]["is_primary"] for r in made.rows + cleared.rows] == [True, False]
    assert made.rows[0]["before"]["is_primary"] is False
    count = len(_events(db, "contact"))
    set_primary(db, "Acme", amy.reference)  # already: nothing to write
    assert len(_events(db, "contact")) == count
    # The contact's own edit on a version from before the mark moved is stale, naming it.
    with pytest.raises(StaleEdit) as stale:
        update_contact(db, zed.reference, zed.version, {"title": "CEO"})
    assert [c.field for c in stale.value.changes] == ["is_primary"]


def test_a_primary_contact_of_another_company_or_unavailable_is_refused(db, acme):
    zed, _, _, olga = acme
    with pytest.raises(InvalidInput) as refused:
        set_primary(db, "Acme", olga.reference)
    assert refused.value.field == "contact"
    with db.write() as session:
        session.exec(select(Contact).where(Contact.reference == zed.reference)).one().active = False
    with pytest.raises(ContactUnavailable):
        set_primary(db, "Acme", zed.reference)
    with pytest.raises(NotFound) as missing:
        set_primary(db, "Acme", "C-404")
    assert missing.value.field == "contact"
    assert _primaries(db, "Acme") == [] and _events(db, "contact")[-1].action == "create"


def test_a_contacts_own_edit_or_move_moves_the_mark_too(db, acme):
    zed, amy, _, olga = acme
    set_primary(db, "Acme", zed.reference)
    update_contact(db, amy.reference, amy.version, {"is_primary": "yes"})
    assert _primaries(db, "Acme") == [amy.reference]
    cleared = _events(db, "contact")[-1]
    assert (cleared.entity_id, cleared.action, cleared.after["is_primary"]) == (
        zed.id,
        "primary",
        False,
    )
    assert cleared.operation_id == _events(db, "contact")[-2].operation_id
    set_primary(db, "Initech", olga.reference)
    # Amy, primary at Acme, joins Initech: she is its primary now, and Acme has none.
    update_contact(db, amy.reference, amy.version + 1, {"company": "Initech"})
    assert _primaries(db, "Initech") == [amy.reference] and _primaries(db, "Acme") == []
    new = create_contact(db, first_name="Neo", company="Initech", is_primary="yes")
    assert _primaries(db, "Initech") == [new.reference]


@pytest.mark.sqlite_only
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(picks=st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=6))
def test_at_most_one_primary_whatever_the_order_of_picks(db, acme, picks):
    """However the mark is set (the company screen, or a contact's own edit), the company
    has exactly the last contact picked as its primary."""
    contacts = acme[:3]
    for pick, by_edit in picks:
        reference = contacts[pick].reference
        if by_edit:
            with db.read() as session:
                version = session.exec(
                    select(Contact.version).where(Contact.reference == reference)
                ).one()
            update_contact(db, reference, version, {"is_primary": "yes"})
        else:
            set_primary(db, "Acme", reference)
        assert _primaries(db, "Acme") == [reference]
