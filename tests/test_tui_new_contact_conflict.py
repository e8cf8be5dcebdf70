"""Pilot tests of the New contact form (``ctrl+n``) meeting an email or phone another contact
owns: the choice names the owner; keep editing (the default, escape or enter) loses nothing
typed and marks the field; move it here creates the contact with the method taken from its
owner, one operation that ``u`` undoes; open the owner instead opens them, creates nothing, and
leaves a note of what was typed; a method changed after the choice is asked about again; an
owner's hostile name is shown literally."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.new_contact import NewContactScreen
from helpdesk_tui.screens.new_contact_conflict import NewContactConflictScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.models import Contact
from helpdesk_tui.store.service import Store

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle

OWNED = "ann@acme.example"


@pytest.fixture
def ann(db) -> str:
    """Ann Archer, who owns an email and a phone."""
    return create_contact(
        db,
        first_name="Ann",
        last_name="Archer",
        identities=[("email", OWNED), ("phone", "+44 20 7946 0000")],
    ).reference


def _store(db) -> Store:
    return Store(db.url, author="tester", region="GB")


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _count(db) -> int:
    with db.read() as session:
        return len(session.exec(Contact.__table__.select()).all())


async def _typed(pilot, email: str = OWNED) -> NewContactScreen:
    """Open the form, type a new person holding ``email``, and ctrl+s."""
    await settle(pilot)
    await pilot.press("ctrl+n")
    form = pilot.app.screen
    assert isinstance(form, NewContactScreen)
    for name, value in (("first_name", "Bea"), ("last_name", "Brook"), ("title", "Boss")):
        form.query_one(f"#{name}", Input).value = value
    form.query_one("#email", Input).value = email
    form.query_one("#phone", Input).value = "020 7946 0111"
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_keep_editing_is_the_default_and_loses_nothing(db, ann):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _typed(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewContactConflictScreen)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert f"already belongs to Ann Archer ({ann})" in shown
        assert isinstance(dialog.focused, Button) and dialog.focused.id == "keep"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#email", Input).value == OWNED
        assert form.query_one("#title", Input).value == "Boss"
        assert f"already belongs to Ann Archer ({ann})" in form.errors["email"]
        assert form.focused is form.query_one("#email", Input)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewContactConflictScreen), "asked again"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
    assert _count(db) == 1


async def test_move_it_here_creates_the_contact_taking_the_method_and_u_undoes_it(db, ann):
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _typed(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen) and screen.contact is not None
        bea = screen.contact
        assert (bea.name, bea.title) == ("Bea Brook", "Boss")
        assert {i.value for i in bea.identities} == {OWNED, "020 7946 0111"}
        assert any(
            f"Created Bea Brook ({bea.reference}), taking email {OWNED} from Ann Archer ({ann})"
            in said
            for said in _said(app)
        )
        with _store(db) as store:
            assert [i.kind for i in store.contact(ann).contact.identities] == ["phone"]
            latest = store.journal.history(bea.reference).entries[0]
        assert latest.actions == ("create", "update", "update")
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with _store(db) as store:
        assert {i.value for i in store.contact(ann).contact.identities} == {
            OWNED,
            "+44 20 7946 0000",
        }
    assert _count(db) == 1, "the new contact went with the undo"


async def test_open_the_owner_instead_creates_nothing_and_notes_what_was_typed(db, ann):
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _typed(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact is not None and app.screen.contact.reference == ann
        note = next(said for said in _said(app) if said.startswith("Opened Ann Archer"))
        for typed in ("First name Bea", "Last name Brook", "Title Boss", f"Email {OWNED}"):
            assert typed in note
        assert "Phone 020 7946 0111" in note
    assert _count(db) == 1


async def test_a_method_changed_after_the_choice_is_not_taken(db, ann):
    cy = create_contact(db, first_name="Cy", identities=[("email", "cy@zeta.example")])
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _typed(pilot, email="cy@zeta.example")
        dialog = app.screen
        assert isinstance(dialog, NewContactConflictScreen)
        form.query_one("#phone", Input).value = "not a phone"  # the retry is refused
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is form and "email" in form.taking
        shown = app.export_screenshot().replace("&#160;", " ")
        assert f"moves here from Cy ({cy.reference})" in shown
        form.query_one("#email", Input).value = OWNED
        await settle(pilot)
        assert form.taking == {}, "the method chosen is no longer the one typed"
        form.query_one("#phone", Input).value = "020 7946 0111"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewContactConflictScreen)
        assert app.screen.conflict.owner_reference == ann
        await pilot.press("escape")
    with _store(db) as store:
        assert [i.value for i in store.contact(cy.reference).contact.identities] == [
            "cy@zeta.example"
        ]


async def test_an_owners_hostile_name_is_shown_literally(db):
    owner = create_contact(db, first_name="Eve", identities=[("email", OWNED)])
    with db.write() as session:  # as an import could have written it, unchecked
        session.get(Contact, owner.id).last_name = HOSTILE_TEXT
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _typed(pilot)
        shown = app.export_screenshot()
        await pilot.press("escape")
        await settle(pilot)
        marked = app.export_screenshot()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        noted = app.export_screenshot()
        assert app.is_running and not isinstance(app.screen, HomeScreen)
    for svg in (shown, marked, noted):
        assert not any(mark in svg for mark in FORBIDDEN)
    assert "[@click=app.quit]" in shown.replace("&#160;", " ")
    assert "[/]" in marked
