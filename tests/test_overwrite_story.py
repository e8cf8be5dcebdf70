"""An overwrite only touches what the agent saw: two agents on one contact, one of them replaying
their contact-method operations over the other's save (issue 7, item 3)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.store.contacts.fields import (
    AddIdentity,
    DropReason,
    MakeDefault,
    RemoveIdentity,
)
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.models import Event
from helpdesk_tui.widgets.contact_methods import MethodList

from .conftest import make_app, settle


@pytest.fixture
def colleague(db):
    """Agent B, on the same database file as agent A (``db``)."""
    other = Database(db.url, author="bea", region="GB")
    yield other
    other.dispose()


def _method(view, value):
    return next(i for i in view.identities if i.value == value)


def test_an_overwrite_drops_a_removal_whose_method_is_gone_and_keeps_the_new_one(db, colleague):
    # Agent A loads Ann; her phone is the method with the highest id.
    loaded = create_contact(
        db,
        first_name="Ann",
        identities=[("email", "ann@example.com"), ("phone", "+44 20 7946 0000")],
    )
    old_phone = _method(loaded, "+44 20 7946 0000")
    # Agent B removes that phone and adds another: with reused rowids it got the same id.
    theirs = update_contact(
        colleague,
        loaded.reference,
        loaded.version,
        identity_ops=[RemoveIdentity.of(old_phone), AddIdentity("phone", "+44 20 7946 0999")],
    )
    new_phone = _method(theirs, "+44 20 7946 0999")
    assert new_phone.id != old_phone.id, "a removed method's id is never handed out again"

    # Agent A's save is refused as stale, then A overwrites: the same operations, B's version.
    saved = update_contact(
        db,
        loaded.reference,
        theirs.version,
        {"title": "CTO"},
        [RemoveIdentity.of(old_phone), MakeDefault.of(old_phone)],
    )

    assert saved.title == "CTO"
    assert [i.value for i in saved.identities if i.kind == "phone"] == ["+44 20 7946 0999"]
    assert [(d.op, d.reason) for d in saved.dropped] == [
        (RemoveIdentity.of(old_phone), DropReason.GONE),
        (MakeDefault.of(old_phone), DropReason.GONE),
    ]
    assert [d.message for d in saved.dropped] == [
        "Not removed: phone +44 20 7946 0000 is no longer one of this contact's methods.",
        "Not made default: phone +44 20 7946 0000 is no longer one of this contact's methods.",
    ]
    with db.read() as session:
        last = session.exec(select(Event).order_by(Event.id.desc())).first()
    assert last.before["identities"] == {"removed": [], "defaulted": [], "added": []}


def test_an_operation_meeting_another_method_under_its_id_is_dropped(db):
    """The row with the id holds another value (a database whose ids were reused before 0005,
    or an operation made on a stale copy): that row is left alone."""
    contact = create_contact(db, first_name="Kim", identities=[("email", "kim@a.example")])
    seen = replace(contact.identities[0], normalized="kim@old.example", value="kim@old.example")

    saved = update_contact(
        db, contact.reference, contact.version, identity_ops=[RemoveIdentity.of(seen)]
    )

    assert [i.value for i in saved.identities] == ["kim@a.example"]
    assert saved.version == contact.version, "nothing applied, nothing written"
    (dropped,) = saved.dropped
    assert dropped.reason is DropReason.CHANGED
    assert dropped.message == (
        "Not removed: email kim@old.example is no longer one of this contact's methods; "
        "the email kim@a.example now in its place was kept."
    )


async def test_the_agent_is_told_which_of_their_operations_an_overwrite_dropped(db, colleague):
    reference = create_contact(
        db,
        first_name="Ann",
        identities=[("email", "ann@example.com"), ("phone", "+44 20 7946 0000")],
    ).reference
    app = make_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(reference)
        await settle(pilot)
        screen = app.screen
        loaded = screen.contact
        phone = _method(loaded, "+44 20 7946 0000")
        methods = screen.query_one(MethodList)
        methods.focus()
        keys = [methods.get_option_at_index(i).id for i in range(methods.option_count)]
        methods.highlighted = keys.index(str(phone.id))
        await pilot.press("x")
        update_contact(
            colleague,
            reference,
            loaded.version,
            identity_ops=[RemoveIdentity.of(phone), AddIdentity("phone", "+44 20 7946 0999")],
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.click("#overwrite")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        notes = [str(n.message) for n in app._notifications]
        assert not app.screen.dirty
    assert (
        "Not removed: phone +44 20 7946 0000 is no longer one of this contact's methods." in notes
    )
    kept = get_contact(db, reference).contact
    assert [i.value for i in kept.identities if i.kind == "phone"] == ["+44 20 7946 0999"]
