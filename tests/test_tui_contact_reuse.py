"""The app keeps its contact screen between contacts and points it at the next one (mounting a
new one cost more than the rest of opening a contact): nothing of the last contact may show or
act on the next one, and a screen still in use is never taken over."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from textual.widgets import TabbedContent

from helpdesk_tui.messages import ContactLoaded
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.widgets.contact_header import ContactHeader
from helpdesk_tui.widgets.field_list import FieldRow
from helpdesk_tui.widgets.recent_tickets import RecentTickets

from .conftest import make_app, settle


@pytest.fixture
def pair(demo_db) -> tuple[str, str]:
    """Two demo contacts with tickets and activities: (reference, reference)."""
    with demo_db.raw() as conn:
        rows = conn.execute(
            """SELECT c.reference FROM contact c
               WHERE EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id)
                 AND EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id)
               ORDER BY c.id LIMIT 2"""
        ).fetchall()
    return rows[0][0], rows[1][0]


async def _open(pilot, reference: str) -> ContactScreen:
    pilot.app.open_contact(reference)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactScreen)
    return screen


async def test_the_next_contact_shows_nothing_of_the_last(demo_db, pair):
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = await _open(pilot, first)
        await pilot.press("3", "1", "down", "down", "down", "e", *"Somebody", "escape")
        await pilot.press("4", "escape")  # left from the Activities tab
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        again = await _open(pilot, second)
        assert again is screen, "the kept screen, pointed at the next contact"
        expected = get_contact(demo_db, second)
        assert again.detail.contact.reference == second
        assert again.query_one(ContactHeader).contact.reference == second
        shown = {row.field_name: row.value for row in again.query(FieldRow)}
        assert shown["first_name"] == expected.contact.first_name
        assert not again.query(".-editing") and not again.pending and not again.dirty
        assert again.query_one(TabbedContent).active == "details"
        assert isinstance(again.focused, FieldRow)
        assert again.ticket_query.contact == second and again.activity_owner.contact == second
        tickets = _of(demo_db, "ticket", "reference", second)
        assert {row.reference for row in again.ticket_rows} == tickets
        assert {row.reference for row in again.query_one(RecentTickets).rows} <= tickets
        activities = _of(demo_db, "activity", "id", second)
        assert activities and {row.id for row in again.activity_rows} == activities


def _of(db, table: str, column: str, reference: str) -> set:
    """The ``column`` of every ``table`` row of a contact (a few: one page lists them all)."""
    with db.raw() as conn:
        rows = conn.execute(
            f"SELECT x.{column} FROM {table} x JOIN contact c ON c.id = x.contact_id "
            "WHERE c.reference = ?",
            (reference,),
        ).fetchall()
    return {row[0] for row in rows}


async def test_a_read_of_the_last_contact_arriving_late_is_dropped(demo_db, pair):
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await _open(pilot, first)
        app.pop_screen()
        await settle(pilot)
        screen = await _open(pilot, second)
        late = get_contact(demo_db, first)
        screen.post_message(ContactLoaded(first, late))
        await settle(pilot)
        assert screen.detail.contact.reference == second
        assert screen.query_one(ContactHeader).contact.reference == second


async def test_a_screen_on_the_stack_is_not_taken_over(demo_db, pair):
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        under = await _open(pilot, first)
        over = await _open(pilot, second)  # e.g. from a ticket opened on the first
        assert over is not under
        assert under.detail.contact.reference == first
        assert over.detail.contact.reference == second


async def test_a_screen_still_saving_is_not_taken_over(demo_db, pair):
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = await _open(pilot, first)
        release = threading.Event()
        screen.run_worker(release.wait, thread=True, group="save")  # a save on a slow disk
        try:
            app.pop_screen()
            await pilot.pause()
            assert not screen.reusable
            app.open_contact(second)
            other = app.screen
        finally:
            release.set()
        await settle(pilot)
        assert other is not screen
        assert other.detail.contact.reference == second
        assert screen.detail.contact.reference == first


async def test_unsaved_edits_still_ask_before_the_screen_moves_on(demo_db, pair):
    first, _second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await _open(pilot, first)
        await pilot.press("e", "ctrl+u", *"Renamed", "enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)


async def test_each_open_reads_the_recent_tickets_once(demo_db, pair):
    """The screen's return (which reads them again, for a ticket changed meanwhile) does not
    read them for a contact still loading: that contact's load does."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        recent, asked = app.store.tickets.recent, []

        def counted(contact: str = "", company: str = ""):
            asked.append(contact)
            return recent(contact, company)

        app.store.tickets.recent = counted
        for reference in pair:
            await _open(pilot, reference)
            app.pop_screen()
            await settle(pilot)
        assert asked == list(pair)


async def test_an_edit_typed_while_the_contact_loads_is_kept(demo_db, pair):
    """A busy server: the agent opens a contact and edits a field before it has been read."""
    first, _second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        contact = app.store.contact

        def slow(reference: str, *, urgent: bool = True):
            time.sleep(2)
            return contact(reference, urgent=urgent)

        app.store.contact = slow
        app.open_contact(first)
        await pilot.pause()
        await pilot.press("down", "down", "e", *"QA lead", "enter")
        screen = app.screen
        assert screen.contact is None, "typed before the contact was read"
        await settle(pilot)
        assert screen.detail.contact.reference == first
        assert screen.pending == {"alias": "QA lead"} and screen.dirty
        assert screen.query_one("#field-alias", FieldRow).shown() == "QA lead  (edited)"


async def test_the_kept_screen_is_frozen_out_of_the_collectors_full_passes_once(
    demo_db, pair, monkeypatch
):
    """Its widgets live as long as the app; left in the collector's reach, each full pass
    walked them all (72 ms at 1M contacts, one open in seven: the slowest opens)."""
    first, second = pair
    freezes = []
    freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1) or freeze())
    app = make_app(demo_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        started = len(freezes)
        screen = await _open(pilot, first)
        await settle(pilot)
        assert not any(found is screen for found in gc.get_objects()), "frozen"
        await pilot.press("escape")
        await _open(pilot, second)
        await settle(pilot)
        assert len(freezes) == started + 1, "frozen once, not at every open"
