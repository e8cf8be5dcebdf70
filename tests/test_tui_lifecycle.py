"""Pilot tests of ``D`` on a contact: deactivate (and reactivate), delete with the tickets
reassigned through the picker in the same flow (landing on Home told about ``u``, which undoes
it), restore and purge of a deleted contact (purge asks a second ``y``), the admin refusal in
the dialog, unsaved edits refusing the key, escape changing nothing, and a hostile name."""

from __future__ import annotations

import pytest

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.contact_picker import ContactPickerScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.lifecycle_dialog import LifecycleScreen
from helpdesk_tui.store.contacts.lifecycle import LifecycleAction, apply
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.models import Contact
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.store.tickets.views import TicketQuery

from .conftest import APP_NOW, FORBIDDEN, HOSTILE_TEXT, make_app, settle


@pytest.fixture
def pair(db) -> dict[str, str]:
    """Ann Archer holding two tickets, and Bea Baker; the tester made them first, so the
    tester is the database's admin."""
    ann = create_contact(db, first_name="Ann", last_name="Archer")
    bea = create_contact(db, first_name="Bea", last_name="Baker")
    for subject in ("Printer on fire", "Toner"):
        open_ticket(db, subject=subject, contact=ann.reference)
    return {"ann": ann.reference, "bea": bea.reference}


def _store(db, author: str = "tester") -> Store:
    return Store(db.url, author=author, region="GB")


def _state(db, reference: str) -> tuple[bool, bool] | None:
    """(active, deleted) of a contact as stored; None once purged."""
    with _store(db) as store, store.database.read() as session:
        from sqlmodel import select

        row = session.exec(select(Contact).where(Contact.reference == reference)).first()
        return None if row is None else (row.active, row.deleted_at is not None)


def _tickets_of(db, reference: str) -> int:
    with _store(db) as store:
        return store.tickets.page(TicketQuery(contact=reference)).total


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _dialog(pilot, reference: str) -> LifecycleScreen:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ContactScreen)
    await pilot.press("D")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LifecycleScreen)
    return pilot.app.screen


async def test_d_then_a_deactivates_and_again_reactivates(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _dialog(pilot, pair["bea"])
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen) and screen.contact is not None
        assert not screen.contact.active
        assert any("Deactivated Bea Baker" in said and "u to undo" in said for said in _said(app))
        assert _state(db, pair["bea"]) == (False, False)
        dialog = await _dialog(pilot, pair["bea"])
        assert dialog.offer.choices[0] is LifecycleAction.REACTIVATE
        await pilot.press("a")
        await settle(pilot)
    assert _state(db, pair["bea"]) == (True, False)


async def test_d_deletes_after_picking_who_gets_the_tickets_and_u_on_home_undoes_it(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _dialog(pilot, pair["ann"])
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ContactPickerScreen)
        await pilot.press(*"bea baker")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "move their 2 tickets to Bea Baker" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any(
            f"Deleted Ann Archer ({pair['ann']}); 2 tickets moved to {pair['bea']}" in said
            and "Press u to undo it" in said
            for said in _said(app)
        )
        assert _state(db, pair["ann"]) == (True, True)
        assert _tickets_of(db, pair["bea"]) == 2
        await pilot.press("down")  # into the results, where u undoes
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert _state(db, pair["ann"]) == (True, False)
    assert _tickets_of(db, pair["ann"]) == 2


async def test_escape_in_the_dialog_or_the_picker_changes_nothing(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _dialog(pilot, pair["ann"])
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    assert _state(db, pair["ann"]) == (True, False)


async def test_a_deleted_contact_is_restored_or_purged_after_a_second_y(db, pair):
    apply(db, LifecycleAction.DELETE, pair["bea"])
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        dialog = await _dialog(pilot, pair["bea"])
        assert dialog.offer.choices == (LifecycleAction.RESTORE, LifecycleAction.PURGE)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert _state(db, pair["bea"]) == (True, False)
        apply(db, LifecycleAction.DELETE, pair["bea"])
        await _dialog(pilot, pair["bea"])
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "cannot be undone" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("Purged" in said and "cannot be undone" in said for said in _said(app))
    assert _state(db, pair["bea"]) is None


async def test_an_agent_who_is_no_admin_sees_why_delete_is_refused(db, pair):
    app = HelpdeskApp(_store(db, "carol"), clock=lambda: APP_NOW)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        dialog = await _dialog(pilot, pair["ann"])
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is dialog, "no picker: the delete is refused first"
        status = str(dialog.query_one("#status").render())
        assert "Only an admin may delete contacts, and carol is not one" in status
        await pilot.press("a")
        await settle(pilot)
    assert _state(db, pair["ann"]) == (False, False), "deactivating needs no admin"


async def test_d_with_unsaved_edits_says_to_save_first(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(pair["bea"])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        screen.pending = {"title": "CTO"}
        await pilot.press("D")
        await settle(pilot)
        assert app.screen is screen
        assert any("unsaved edits" in said for said in _said(app))


async def test_d_is_in_the_help(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(pair["bea"])
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert ("D", LIFECYCLE_TOOLTIP) in app.screen.rows


async def test_a_hostile_name_reaches_the_dialog_defanged(db, pair):
    with _store(db) as store, store.database.write() as session:
        from sqlmodel import select

        row = session.exec(select(Contact).where(Contact.reference == pair["bea"])).one()
        row.last_name = HOSTILE_TEXT
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        dialog = await _dialog(pilot, pair["bea"])
        painted = "\n".join(strip.text for strip in dialog._compositor.render_strips())
        assert "[@click=app.quit]" in painted
        assert not any(mark in painted for mark in FORBIDDEN)
        await pilot.press("a")
        await settle(pilot)
        assert app.is_running


LIFECYCLE_TOOLTIP = "Deactivate or delete this contact (restore or purge a deleted one)"
