"""The journal tells the whole story: every change a save makes is in an Event of that save's
transaction, so the contact methods can be rebuilt from the journal alone (issue 7, item 8)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helpdesk_tui.store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.errors import ValidationFailed
from helpdesk_tui.store.models import Company, Event, Identity

pytestmark = pytest.mark.both_engines


def _events(db, entity: str | None = None) -> list[Event]:
    with db.read() as session:
        query = select(Event).order_by(Event.id)
        if entity is not None:
            query = query.where(Event.entity == entity)
        return list(session.exec(query).all())


def _methods_from_the_journal(db, contact_id: int) -> dict[int, tuple[str, bool]]:
    """A contact's methods (id: value, default) as its Events tell them, and nothing else."""
    methods: dict[int, tuple[str, bool]] = {}

    def make_default(identity_id: int, replaced: int | None) -> None:
        methods[identity_id] = (methods[identity_id][0], True)
        if replaced in methods:
            methods[replaced] = (methods[replaced][0], False)

    for event in _events(db, "contact"):
        if event.entity_id != contact_id:
            continue
        if event.action == "create":
            for item in event.after["identities"]:
                methods[item["id"]] = (item["value"], item["default"])
            continue
        log = event.before["identities"]
        for item in log["removed"]:
            del methods[item["id"]]
        for item in log["defaulted"]:
            make_default(item["id"], item["replaced"])
        for item in log["added"]:
            methods[item["id"]] = (item["value"], False)
            if item["default"]:
                make_default(item["id"], item["replaced"])
    return methods


def _methods_stored(db, contact_id: int) -> dict[int, tuple[str, bool]]:
    with db.read() as session:
        rows = session.exec(select(Identity).where(Identity.contact_id == contact_id)).all()
    return {row.id: (row.value, row.is_default) for row in rows}


def _by_value(view, value):
    return next(i for i in view.identities if i.value == value)


def test_every_default_that_changes_is_in_the_journal(db):
    view = create_contact(
        db,
        first_name="Kim",
        identities=[("email", "kim@a.example"), ("phone", "+44 20 7946 0000")],
    )
    steps = [
        lambda v: [AddIdentity("email", "kim@b.example"), AddIdentity("email", "kim@c.example")],
        # Removing the default promotes the next email: that promotion is a change too.
        lambda v: [RemoveIdentity.of(_by_value(v, "kim@a.example"))],
        lambda v: [MakeDefault.of(_by_value(v, "kim@c.example"))],
        # A new default takes over from the old one, which stops being the default.
        lambda v: [AddIdentity("email", "kim@d.example", make_default=True)],
        lambda v: [AddIdentity("phone", "+44 20 7946 0999", make_default=True)],
        lambda v: [RemoveIdentity.of(_by_value(v, "+44 20 7946 0999"))],
    ]
    for ops in steps:
        view = update_contact(db, view.reference, view.version, identity_ops=ops(view))
        assert _methods_from_the_journal(db, view.id) == _methods_stored(db, view.id)
    assert view.default("email") == "kim@d.example"
    assert view.default("phone") == "+44 20 7946 0000"


def test_a_promotion_is_recorded_with_the_removal_that_caused_it(db):
    view = create_contact(
        db, first_name="Kim", identities=[("email", "kim@a.example"), ("email", "kim@b.example")]
    )
    first, second = _by_value(view, "kim@a.example"), _by_value(view, "kim@b.example")
    update_contact(db, view.reference, view.version, identity_ops=[RemoveIdentity.of(first)])
    log = _events(db, "contact")[-1].before["identities"]
    assert log["removed"] == [
        {"id": first.id, "kind": "email", "value": "kim@a.example", "default": True}
    ]
    assert log["defaulted"] == [
        {
            "id": second.id,
            "kind": "email",
            "value": "kim@b.example",
            "replaced": first.id,
            "promoted": True,
        }
    ]


def test_a_company_created_by_an_edit_has_its_own_event_in_the_same_transaction(db):
    view = create_contact(db, first_name="Bo")
    saved = update_contact(
        db, view.reference, view.version, {"company": "Initech"}, create_company=True
    )
    company_event, contact_event = _events(db)[-2:]
    assert (company_event.entity, company_event.action) == ("company", "create")
    assert company_event.after["name"] == "Initech"
    assert company_event.after["reference"].startswith("CO-")
    assert company_event.author == contact_event.author == "tester"
    assert contact_event.after["company_created"]["id"] == company_event.entity_id
    assert saved.company == "Initech"

    # A save refused for another reason creates neither the company nor its Event.
    with pytest.raises(ValidationFailed):
        update_contact(
            db,
            view.reference,
            saved.version,
            {"company": "Umbrella", "title": "x" * 500},
            create_company=True,
        )
    with db.read() as session:
        names = session.exec(select(Company.name)).all()
    assert names == ["Initech"]
    assert [e.entity for e in _events(db, "company")] == ["company"]
