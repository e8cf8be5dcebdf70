"""Pilot tests of the ticket keys: the Tickets tab's list (3, v, s, S, paging, enter, c, n), the
ticket screen (pickers, reply, note, a stale edit), and a ticket reference typed on Home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from textual.widgets import Input, OptionList, TextArea

from helpdesk_tui.screens.choice import ChoiceScreen
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.contact_picker import ContactPickerScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.new_ticket import NewTicketScreen
from helpdesk_tui.screens.picker import PickerScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.screens.write_message import WriteScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.store.tickets.views import MessageKind, TicketQuery
from helpdesk_tui.widgets.ticket_table import TicketOptions, TicketTable, column_widths

from .conftest import make_app, settle


@pytest.fixture
def busy(db) -> dict[str, str]:
    """Two contacts: Ann with 60 tickets (more than a page), of every status; Bob with none."""
    ann = create_contact(
        db,
        first_name="Ann",
        last_name="Archer",
        company="Acme",
        create_company=True,
        identities=[("email", "ann@acme.example")],
    )
    bob = create_contact(
        db,
        first_name="Bob",
        last_name="Baker",
        company="Acme",
        identities=[("email", "bob@acme.example")],
    )
    store = Store(db.url, author="tester", region="GB")
    for number in range(60):
        detail = open_ticket(
            db,
            subject=f"Printer {number:02d} jammed",
            contact=ann.reference,
            group="Hardware",
            priority="normal",
            body="It beeps.",
        )
        if number % 3 == 0:
            store.tickets.set(detail.reference, detail.version, status="closed")
    store.close()
    return {"ann": ann.reference, "bob": bob.reference}


async def _tickets(pilot, reference: str) -> TicketTable:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    return pilot.app.screen.query_one(TicketTable)


async def test_3_focuses_the_list_newest_first_and_pages_on(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _tickets(pilot, busy["ann"])
        assert app.focused is table.options
        assert [row.subject for row in table.rows[:2]] == ["Printer 59 jammed", "Printer 58 jammed"]
        assert len(table.rows) == 50
        assert table.heading == "All · sorted by created ↓ · 1-50 of 60"
        await pilot.press("end")
        await settle(pilot)
        assert len(table.rows) == 60
        assert table.rows[-1].subject == "Printer 00 jammed"
        await pilot.press("question_mark")
        keys = {text for _, text in app.screen.rows}
        assert isinstance(app.screen, HelpScreen)
        assert {
            "Next sub-view of the list",
            "Change the ticket's contact",
            "Open the ticket",
        } <= keys


async def test_a_contact_with_more_tickets_than_are_counted_says_so(db, busy, monkeypatch):
    """The screen counts a contact's tickets up to a cap (counting 50,000 cost an open 20 ms on
    PostgreSQL); the tab says there are more."""
    from textual.widgets import TabbedContent

    from helpdesk_tui.store.contacts import reads

    monkeypatch.setattr(reads, "COUNT_CAP", 40)
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.open_contact(busy["ann"])
        await settle(pilot)
        tab = app.screen.query_one(TabbedContent).get_tab("tickets")
        assert str(tab.label) == "3 Tickets (40+)"


async def test_v_cycles_sub_views_and_s_sorts(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _tickets(pilot, busy["ann"])
        await pilot.press("v")
        await settle(pilot)
        assert table.heading.startswith("All mine ·")
        await pilot.press("v")
        await settle(pilot)
        assert table.heading.startswith("Open ·") and "of 40" in table.heading
        assert {row.status for row in table.rows} == {"new"}
        await pilot.press("v")
        await settle(pilot)
        assert table.heading.startswith("Closed ·") and "of 20" in table.heading
        await pilot.press("v", "v")
        await settle(pilot)
        assert table.heading.startswith("All ·")
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by updated ↓" in table.heading
        await pilot.press("S")
        await settle(pilot)
        assert "sorted by updated ↑" in table.heading
        await pilot.press("s", "s", "s", "s")
        await settle(pilot)
        assert "sorted by reference ↓" in table.heading
        assert table.rows[0].subject == "Printer 59 jammed"
        await pilot.press("S")
        await settle(pilot)
        assert table.rows[0].subject == "Printer 00 jammed"


async def test_enter_opens_a_ticket_and_a_status_picked_persists(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _tickets(pilot, busy["ann"])
        reference = table.rows[0].reference
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.reference == reference
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # new → open → pending
        await settle(pilot)
        assert app.screen.detail.row.status == "pending"
        await pilot.press("down", "enter")  # the priority field
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert app.screen.detail.row.priority == "high"
        await pilot.press("g")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"Billing", "enter")  # no ticket is in Billing yet: "use 'Billing'"
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert table.rows[0].status == "pending"
    detail = Store(db.url, author="tester").tickets.get(reference)
    assert (detail.row.status, detail.row.priority, detail.row.group) == (
        "pending",
        "high",
        "Billing",
    )


async def test_reply_and_internal_note(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _tickets(pilot, busy["ann"])
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, WriteScreen)
        await pilot.press(*"Have you tried turning it off?", "ctrl+s")
        await settle(pilot)
        await pilot.press("i")
        await pilot.press(*"Third time this week", "escape")
        assert isinstance(app.screen, ConfirmScreen)  # typed text is never dropped by a slip
        await pilot.press("n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        kinds = [(m.kind, m.body) for m in app.screen.detail.messages]
        assert kinds[-2:] == [
            (MessageKind.REPLY, "Have you tried turning it off?"),
            (MessageKind.NOTE, "Third time this week"),
        ]
        thread = app.export_screenshot()
        assert "Internal&#160;note" in thread and "Reply" in thread


async def test_n_opens_a_new_ticket_that_shows_in_the_list(db, busy):
    app = make_app(db)
    async with app.run_test(size=(100, 34)) as pilot:
        table = await _tickets(pilot, busy["bob"])
        assert table.rows == ()
        await pilot.press("1", "n")
        assert isinstance(app.screen, NewTicketScreen)
        assert app.screen.focused.id == "subject"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "subject" in app.screen.errors  # required: said at its field, nothing made
        await pilot.press(*"Cannot log in", "tab", *"Accounts")
        app.screen.query_one(TextArea).text = "Since Monday."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert [row.subject for row in table.rows] == ["Cannot log in"]
        assert (table.rows[0].group, table.rows[0].assignee) == ("Accounts", "tester")


async def test_escape_asks_before_dropping_a_typed_ticket(db, busy):
    app = make_app(db)
    async with app.run_test(size=(100, 34)) as pilot:
        await _tickets(pilot, busy["bob"])
        await pilot.press("n", *"half", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, ContactScreen)


async def test_c_moves_the_ticket_after_a_confirmation(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _tickets(pilot, busy["ann"])
        moved = table.rows[0]
        await pilot.press("c")
        assert isinstance(app.screen, ContactPickerScreen)
        await pilot.press(*"bob baker")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ann Archer" in app.screen.question and "Bob Baker" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert moved.reference not in [row.reference for row in table.rows]
    detail = Store(db.url, author="tester").tickets.get(moved.reference)
    assert detail.row.contact_reference == busy["bob"]


async def test_moving_to_a_deactivated_contact_is_refused_in_one_sentence(db, busy):
    with db.raw() as conn:
        conn.execute("UPDATE contact SET active = 0 WHERE reference = ?", (busy["bob"],))
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _tickets(pilot, busy["ann"])
        await pilot.press("enter")
        await settle(pilot)
        # The picker hides deactivated contacts unless asked: is:inactive lists them.
        await pilot.press("c", *"bob baker is:inactive")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.row.contact_reference == busy["ann"]
        said = [n.message for n in app._notifications]
        assert any("Bob Baker is deactivated" in message for message in said)


async def test_a_stale_edit_is_refused_naming_who_changed_what(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _tickets(pilot, busy["ann"])
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen.detail
        other = Store(db.url, author="carol")
        other.tickets.set(detail.reference, detail.version, priority="urgent")
        other.close()
        await pilot.press("s", "down", "enter")
        await settle(pilot)
        said = " ".join(n.message for n in app._notifications)
        assert "changed by carol" in said and "Priority normal → urgent" in said
        assert "nothing was saved" in said
        assert (app.screen.detail.row.status, app.screen.detail.row.priority) == ("new", "urgent")


async def test_a_ticket_reference_on_home_opens_the_ticket(db, busy):
    reference = Store(db.url, author="tester").tickets.page(TicketQuery()).rows[0].reference
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*reference.lower(), "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.reference == reference
        await pilot.press("escape", "slash", "ctrl+u", *"T-999", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # no such ticket, no such contact: stays


async def test_n_on_home_types_in_the_box_and_opens_a_ticket_from_the_results(db, busy):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*"ann")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "ann"
        await pilot.press("down", "n")
        assert app.focused is not None and isinstance(app.screen, NewTicketScreen)
        assert app.screen.contact == busy["ann"]


def test_80_columns_keep_reference_subject_priority_and_status():
    @dataclass(frozen=True)
    class Row:
        reference: str = "T-1000042"
        subject: str = "x" * 60
        group: str = "Hardware"
        priority: str = "urgent"
        status: str = "pending"
        assignee: str = "someone"
        created_at: datetime = datetime(2026, 3, 2, tzinfo=UTC)
        next_due: datetime | None = datetime(2026, 3, 3, tzinfo=UTC)

    widths = column_widths(79, [Row()])
    assert widths.reference == 9 and widths.priority == 8 and widths.status == 8
    assert widths.subject >= 20 and widths.group == 0 and widths.assignee == 0
    assert widths.due and widths.created
    wide = column_widths(119, [Row()])
    assert all(wide)


async def test_list_rows_are_options_with_the_reference_as_id(db, busy):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _tickets(pilot, busy["ann"])
        options = app.screen.query_one(TicketOptions)
        assert isinstance(options, OptionList)
        assert options.highlighted_reference == table.rows[0].reference
