"""Pilot tests of the Possible duplicates view: reached from the command palette, the pairs
computed in a worker (loading meanwhile), ``x`` marks a pair not duplicates and ``u`` brings it
back, ``m`` reaches the merge preview (and a non-admin is refused there, as from a contact),
``enter`` opens the first contact, the keys are in ``?``, and hostile names are shown
literally."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.duplicates import DuplicatesScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.merge_preview import MergePreviewScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.models import Contact, DuplicateDismissal
from helpdesk_tui.store.service import Store
from helpdesk_tui.widgets.duplicate_table import DuplicateTable

from .conftest import APP_NOW, FORBIDDEN, HOSTILE_TEXT, make_app, settle


@pytest.fixture
def pairs(db) -> list[str]:
    """Jon and John Smith at Acme holding one number (the likeliest pair), and Mary and Marie
    Jones at Zeta; the tester made them, so the tester is the database's admin."""
    return [
        create_contact(
            db, first_name=first, last_name=last, company=company, create_company=True,
            identities=identities,
        ).reference
        for first, last, company, identities in (
            ("Jon", "Smith", "Acme", [("phone", "+44 20 7946 0001")]),
            ("John", "Smith", "Acme", [("whatsapp", "020 7946 0001")]),
            ("Mary", "Jones", "Zeta", []),
            ("Marie", "Jones", "Zeta", []),
        )
    ]  # fmt: skip


async def _view(pilot) -> DuplicatesScreen:
    """Open the view from the command palette and wait for the pairs."""
    await settle(pilot)
    await pilot.press("ctrl+p", *"duplicates")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DuplicatesScreen)
    return screen


def _rows(screen: DuplicatesScreen) -> list[tuple[str, str]]:
    return [(pair.a.name, pair.b.name) for pair in screen.query_one(DuplicateTable).pairs]


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_palette_opens_the_pairs_best_first(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await _view(pilot)
        assert _rows(screen) == [("Jon Smith", "John Smith"), ("Mary Jones", "Marie Jones")]
        title = str(screen.query_one("#duplicates-title").render())
        assert "2 pairs" in title
        detail = str(screen.query_one("#duplicates-detail").render())
        assert "one phone number, written differently; similar names at one company" in detail
        assert not screen.query_one(DuplicateTable).loading


async def test_the_table_is_loading_until_the_pairs_arrive(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = DuplicatesScreen()
        screen.load = lambda: None  # the worker never answers
        app.push_screen(screen)
        await pilot.pause()
        assert screen.query_one(DuplicateTable).loading
        assert "computing" in str(screen.query_one("#duplicates-title").render())


async def test_x_marks_not_duplicates_and_u_brings_the_pair_back(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await _view(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert _rows(screen) == [("Mary Jones", "Marie Jones")]
        assert any("as not duplicates. It can be undone (u)." in said for said in _said(app))
        with db.read() as session:
            assert len(session.exec(select(DuplicateDismissal)).all()) == 1
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert _rows(screen) == [("Jon Smith", "John Smith"), ("Mary Jones", "Marie Jones")]
        with db.read() as session:
            assert session.exec(select(DuplicateDismissal)).all() == []


async def test_m_reaches_the_merge_preview_and_a_merge_leaves_the_list(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await _view(pilot)
        await pilot.press("down", "m")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, MergePreviewScreen)
        assert (preview.left, preview.right) == (pairs[2], pairs[3])
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert _rows(screen) == [("Jon Smith", "John Smith")]
    with db.read() as session:
        marie = session.exec(select(Contact).where(Contact.reference == pairs[3])).one()
    assert marie.merged_into_id is not None


async def test_m_by_a_non_admin_is_refused_at_once(db, pairs):
    app = HelpdeskApp(Store(db.url, author="bob", region="GB"), clock=lambda: APP_NOW)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await _view(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.screen is screen, "no preview"
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert errors and errors[0].startswith("Only an admin can merge contacts, and bob")
        assert len(_rows(screen)) == 2


async def test_enter_opens_the_first_contact(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _view(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == pairs[0]


async def test_help_lists_the_views_keys(db, pairs):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _view(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.rows)
        assert keys["m"].startswith("Preview merging the pair")
        assert keys["x"].startswith("Mark the pair not duplicates")
        assert keys["u"].startswith("Undo your last change")


async def test_hostile_names_are_shown_literally(db, pairs):
    with db.write() as session:
        for contact in session.exec(select(Contact)).all():
            contact.last_name = HOSTILE_TEXT
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await _view(pilot)
        assert len(_rows(screen)) == 2
        await pilot.press("x")
        await settle(pilot)
        svg = app.export_screenshot()
        assert app.is_running
    assert not any(bad in svg for bad in FORBIDDEN)
    assert "[@click=app.quit]".replace(" ", "&#160;") in svg.replace(" ", "&#160;")
