"""The kept contact screen is shown once it has read its contact (shown before, it was laid out
and painted empty, then again): the agent stays on Home meanwhile, the keys they type wait for
the contact, a slow read shows the screen anyway, and a contact that is not found leaves them
where they were."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, TabbedContent

from helpdesk_tui import app as app_module
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.home import HomeScreen

from .conftest import make_app, settle


@pytest.fixture
def pair(demo_db) -> tuple[str, str]:
    """Two demo contacts with tickets: (reference, reference)."""
    with demo_db.raw() as conn:
        rows = conn.execute(
            """SELECT c.reference FROM contact c
               WHERE EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id)
               ORDER BY c.id LIMIT 2"""
        ).fetchall()
    return rows[0][0], rows[1][0]


def _gated(app) -> threading.Event:
    """Make the app's contact reads wait until the returned event is set (a busy server)."""
    gate = threading.Event()
    contact = app.store.contact

    def slow(reference: str, *, urgent: bool = True):
        gate.wait(30)
        return contact(reference, urgent=urgent)

    app.store.contact = slow
    return gate


async def _kept(pilot, reference: str) -> ContactScreen:
    """Open a contact and go back to Home: the app keeps the screen for the next one."""
    pilot.app.open_contact(reference)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactScreen)
    pilot.app.pop_screen()
    await settle(pilot)
    return screen


async def test_keys_typed_while_the_contact_is_read_reach_its_screen(demo_db, pair, monkeypatch):
    monkeypatch.setattr(app_module, "ARRIVAL_WAIT", 30.0)
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        kept = await _kept(pilot, first)
        home = app.screen
        typed = home.query_one(Input).value
        gate = _gated(app)
        app.open_contact(second)
        await pilot.press("3")  # the Tickets tab, pressed before the contact is read
        assert app.screen is home, "Home stays up while the contact is read"
        gate.set()
        await settle(pilot)
        assert app.screen is kept and kept.detail.contact.reference == second
        assert kept.query_one(TabbedContent).active == "tickets"
        assert home.query_one(Input).value == typed, "the key did not land in Home's search"


async def test_a_slow_read_shows_the_screen_while_it_goes_on(demo_db, pair, monkeypatch):
    monkeypatch.setattr(app_module, "ARRIVAL_WAIT", 0.05)
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        kept = await _kept(pilot, first)
        gate = _gated(app)
        app.open_contact(second)
        try:
            await pilot.pause(0.3)
            assert app.screen is kept and kept.contact is None, "shown while still reading"
        finally:
            gate.set()
        await settle(pilot)
        assert kept.detail.contact.reference == second


async def test_a_contact_not_found_leaves_the_agent_on_home(demo_db, pair):
    first, _second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _kept(pilot, first)
        app.open_contact("C-99999999")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not any(isinstance(screen, ContactScreen) for screen in app.screen_stack)
        said = [notice.message for notice in app._notifications]
        assert any("C-99999999" in message for message in said), said
        await pilot.press("j", "o")  # Home takes keys again
        await settle(pilot)
        assert app.screen.query_one(Input).value.endswith("jo")


async def test_each_open_reads_the_ticket_list_once(demo_db, pair):
    """Shown with its first page just read, the screen does not read it again on arrival."""
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _kept(pilot, pair[0])
        page, asked = app.store.tickets.page, []

        def counted(query):
            asked.append(query.contact)
            return page(query)

        app.store.tickets.page = counted
        for reference in pair:
            await _kept(pilot, reference)
        assert asked == list(pair)


async def test_tickets_read_behind_a_hidden_tab_are_laid_out_once(demo_db, pair, monkeypatch):
    """The kept screen reads the next contact's tickets while Details shows; they are laid out
    at the width the list had, so showing the tab does not lay them out again."""
    from helpdesk_tui.widgets.ticket_table import TicketOptions

    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_contact(first)
        await settle(pilot)
        await pilot.press("3")  # the list gets its width
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        app.open_contact(second)
        await settle(pilot)
        kept = app.screen
        assert kept.query_one(TabbedContent).active == "details"
        filled: list[int] = []
        set_options = TicketOptions.set_options

        def spy(self, options):
            filled.append(self.option_count)
            return set_options(self, options)

        monkeypatch.setattr(TicketOptions, "set_options", spy)
        await pilot.press("3")
        await settle(pilot)
        assert filled == []
        options = kept.query_one(TicketOptions)
        shown = "".join(segment.text for segment in options.render_line(0))
        assert kept.ticket_rows[0].reference in shown


async def test_a_contact_left_for_home_is_forgotten_while_home_shows(demo_db, pair):
    """Emptied when the agent leaves it (while they read Home), the kept screen has nothing of
    the last contact to reset when the next one is opened; a screen only covered (a ticket on
    top) keeps its contact."""
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_contact(first)
        await settle(pilot)
        kept = app.screen
        await pilot.press("3")
        await settle(pilot)
        app.push_screen(HomeScreen())  # covered, not left
        await settle(pilot)
        assert kept.detail is not None and kept.detail.contact.reference == first
        app.pop_screen()
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        assert kept.detail is None and kept.contact is None and not kept.ticket_rows
        assert kept.query_one(TabbedContent).active == "details"
        app.open_contact(second)
        await settle(pilot)
        assert app.screen is kept and kept.detail.contact.reference == second
        assert kept.query_one(TabbedContent).active == "details"


async def test_keys_typed_while_the_first_contact_loads_wait_for_it(demo_db, pair, monkeypatch):
    """The session's first contact screen shows at once, loading; h typed then (its history)
    waited for nothing and was lost, there being no contact yet. Now it waits for the contact."""
    from helpdesk_tui.screens.history import HistoryScreen

    monkeypatch.setattr(app_module, "FIRST_ARRIVAL_WAIT", 30.0)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        gate = _gated(app)
        app.open_contact(pair[0])
        await pilot.pause(0.2)
        assert isinstance(app.screen, ContactScreen) and app.screen.contact is None, "loading"
        await pilot.press("h")
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


async def test_an_edit_typed_while_a_kept_screen_reads_lands_whole(demo_db, pair, monkeypatch):
    """Held keys are replayed one a frame: e opens the field's editor before the letters that
    follow it are given to whatever has the focus (replayed at once, they went to the row and
    were lost)."""
    monkeypatch.setattr(app_module, "ARRIVAL_WAIT", 30.0)
    first, second = pair
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        kept = await _kept(pilot, first)
        gate = _gated(app)
        app.open_contact(second)
        await pilot.press("down", "down", "e", *"QA lead", "enter")
        gate.set()
        await settle(pilot)
        assert app.screen is kept and kept.detail.contact.reference == second
        assert kept.pending == {"alias": "QA lead"}


async def test_a_result_landing_while_the_screen_is_removed_is_dropped(demo_db, pair):
    """Textual removes a screen's widgets first, then handles what is queued for it: a worker's
    result landing then (the recent tickets, as the app left) found no widget to fill, and the
    app ended in a traceback."""
    from helpdesk_tui.messages import RecentTicketsLoaded
    from helpdesk_tui.widgets.recent_tickets import RecentTickets

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_contact(pair[0])
        await settle(pilot)
        screen = app.screen
        await screen.query_one(RecentTickets).remove()  # what removing the screen does first
        screen._pruning = True
        await screen._on_message(RecentTicketsLoaded(pair[0], ()))
        screen._pruning = False


async def test_a_result_for_a_kept_screen_whose_widgets_went_is_dropped(demo_db, pair):
    """As the app exits it closes a kept screen's widgets before the screen, flagging neither
    as removed: a result landing then is dropped too (the bench's app ended in a traceback)."""
    from helpdesk_tui.messages import DueTicketsLoaded
    from helpdesk_tui.widgets.record_table import RecordTable

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        kept = await _kept(pilot, pair[0])
        await kept.query_one("#sla-due", RecordTable).remove()
        await kept._on_message(DueTicketsLoaded(kept.reference, ()))
