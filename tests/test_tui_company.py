"""Pilot tests of the company screen and the ways to it: a contact's Company field (enter), the
palette, a company: search on Home (ctrl+o); its tabs (1-4), inline edits saved with their
version (a stale one is a conflict, a bad value marks its field), the primary contact (p), a new
ticket (n) and contact (ctrl+n), and enter on a contact and on a recent ticket."""

from __future__ import annotations

import threading
import time

import pytest
from textual.command import CommandList
from textual.widgets import Button, TabbedContent

from helpdesk_tui.screens.company import CompanyScreen
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.log_activity import LogActivityScreen
from helpdesk_tui.screens.new_contact import NewContactScreen
from helpdesk_tui.screens.new_ticket import NewTicketScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.activities.reads import list_activities
from helpdesk_tui.store.companies.operations import edit_company, set_primary
from helpdesk_tui.store.companies.reads import get_company, list_contacts
from helpdesk_tui.store.companies.views import GroupCount
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.tickets.operations import open_ticket, set_ticket
from helpdesk_tui.text import clean
from helpdesk_tui.widgets.activity_table import ActivityTable
from helpdesk_tui.widgets.company_contacts import CompanyContacts
from helpdesk_tui.widgets.company_header import CompanyHeader
from helpdesk_tui.widgets.field_list import FieldInput, FieldRow
from helpdesk_tui.widgets.group_chart import GroupChart, chart_lines
from helpdesk_tui.widgets.recent_tickets import RecentList, RecentTickets
from helpdesk_tui.widgets.ticket_table import TicketTable

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle

SIZE = (120, 35)


@pytest.fixture
def acme(db) -> dict[str, str]:
    """Acme: Ann (primary, with tickets in two groups and a call), Bob, and Cy (deactivated);
    Nobody Ltd: one contact, no primary; Empty Co: no contacts at all."""
    ann = create_contact(
        db, first_name="Ann", last_name="Archer", company="Acme", create_company=True
    ).reference
    bob = create_contact(db, first_name="Bob", last_name="Baker", company="Acme").reference
    cy = create_contact(db, first_name="Cy", last_name="Cole", company="Acme")
    with db.raw() as conn:  # deactivated (no operation of the store's does it yet)
        conn.execute("UPDATE contact SET active = 0 WHERE reference = ?", (cy.reference,))
    set_primary(db, "Acme", ann)
    for number, group in enumerate(("Hardware", "Hardware", "Hardware", "Billing", "Billing")):
        ticket = open_ticket(db, subject=f"Printer {number}", contact=ann, group=group)
        if number in (2, 3, 4):
            set_ticket(db, ticket.reference, ticket.version, status="closed")
    log_activity(db, kind="call", summary="Called about the printer", contact=ann)
    nobody = create_contact(
        db, first_name="Nia", last_name="Nobody", company="Nobody Ltd", create_company=True
    )
    gone = create_contact(
        db, first_name="Eve", last_name="Empty", company="Empty Co", create_company=True
    )
    update_contact(db, gone.reference, gone.version, {"company": ""})
    return {"ann": ann, "bob": bob, "cy": cy.reference, "nia": nobody.reference}


async def _company(pilot, name: str = "Acme") -> CompanyScreen:
    await settle(pilot)
    pilot.app.open_company(name)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CompanyScreen)
    return screen


def list_company_activities(db):
    """Acme's activities as the store lists them, newest first."""
    return list_activities(db, company="Acme").rows


def _said(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_enter_on_a_contacts_company_field_opens_the_company_and_e_still_edits(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_contact(acme["ann"])
        await settle(pilot)
        row = app.screen.query_one("#field-company", FieldRow)
        row.focus()
        await pilot.press("e")
        assert row.has_class("-editing"), "e edits the Company field as before"
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company.name == "Acme"
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("question_mark")
        assert "Open the company's screen (on the Company field; e edits it)" in {
            text for _, text in app.screen.rows
        }


async def test_enter_on_an_empty_company_field_edits_it(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_contact(create_contact(db, first_name="Lone", last_name="Wolf").reference)
        await settle(pilot)
        row = app.screen.query_one("#field-company", FieldRow)
        row.focus()
        await pilot.press("enter")
        assert row.has_class("-editing")
        assert isinstance(app.screen, ContactScreen)


async def test_the_palette_finds_a_company_by_a_fragment_and_opens_it(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"nobody")
        await settle(pilot)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        index = next(i for i, prompt in enumerate(prompts) if "Nobody Ltd · company" in prompt)
        options.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company.name == "Nobody Ltd"


async def test_ctrl_o_after_a_company_search_opens_the_company(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*"ann archer")
        await settle(pilot)
        search = app.store.search

        def slow(query, limit, cancelled):  # as at a million contacts on a busy server
            time.sleep(0.3)
            return search(query, limit, cancelled)

        app.store.search = slow
        await pilot.press("ctrl+u", *"company:nobody", "ctrl+o")  # before its results: waits
        await settle(pilot)
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company.name == "Nobody Ltd"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+u", *"lone wolf")
        create_contact(db, first_name="Lone", last_name="Wolf")
        await pilot.press("space", "backspace")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Lone Wolf" in _said(app) and "has no company" in _said(app)
        await pilot.press("f1")
        keys = {text for _, text in app.screen.rows}
        assert "Open the highlighted contact's company" in keys


async def test_a_company_that_does_not_exist_is_said_and_left(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_company("Initech")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Initech" in _said(app)


async def test_the_tabs_show_details_chart_recent_contacts_tickets_and_activities(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        header = str(screen.query_one(CompanyHeader).render())
        assert "Acme" in header and "no SLA" in header and "No contract" in header
        assert screen.values["name"] == "Acme"
        assert isinstance(app.focused, FieldRow) and app.focused.field_name == "name"
        chart = screen.query_one(GroupChart)
        assert [(b.group, b.open, b.closed) for b in chart.bars] == [
            ("Billing", 0, 2),
            ("Hardware", 2, 1),
        ]
        assert [row.subject for row in screen.query_one(RecentTickets).rows] == [
            f"Printer {n}" for n in (4, 3, 2, 1, 0)
        ]
        tabs = screen.query_one(TabbedContent)
        await pilot.press("2")
        contacts = screen.query_one(CompanyContacts)
        assert tabs.active == "contacts" and app.focused is contacts.options
        assert [(r.name, r.is_primary) for r in contacts.rows] == [
            ("Ann Archer", True),
            ("Bob Baker", False),
            ("Cy Cole", False),
        ]
        assert str(tabs.get_tab("contacts").label) == "2 Contacts (3)"
        await pilot.press("3")
        await settle(pilot)
        table = screen.query_one(TicketTable)
        assert tabs.active == "tickets" and app.focused is table.options
        assert len(table.rows) == 5 and screen.ticket_query.company == screen.company.reference
        assert str(tabs.get_tab("tickets").label) == "3 Tickets (5)"
        await pilot.press("v", "v")
        await settle(pilot)
        assert table.heading.startswith("Open ·") and len(table.rows) == 2
        await pilot.press("4")
        assert tabs.active == "activities"
        await settle(pilot)
        activities = screen.query_one(ActivityTable)
        assert [row.summary for row in activities.rows] == ["Called about the printer"]
        assert app.focused is activities.options
        await pilot.press("1")
        assert tabs.active == "overview" and isinstance(app.focused, FieldRow)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {text for _, text in app.screen.rows}
        assert {
            "The company's contacts",
            "Save every pending edit",
            "New contact at this company",
            "Read the company again",
            "Edit this field in place",
            "Log a call, visit, meeting, email or note for the company",
        } <= keys


async def test_a_on_the_activities_tab_logs_an_activity_for_the_company(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, LogActivityScreen)
        assert "Acme" in str(app.screen.query_one("#log-title").render())
        await pilot.press(*"Site visit planned", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one(ActivityTable)
        assert table.rows[0].summary == "Site visit planned"
        assert table.options.highlighted == 0
    (logged,) = [a for a in list_company_activities(db) if a.summary == "Site visit planned"]
    assert logged.contact_name == "" and logged.author == "tester"


async def test_an_edit_is_marked_then_saved_with_its_version(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "down", "e", *"VIP: call first", "enter")
        notes = screen.query_one("#field-notes", FieldRow)
        assert notes.pending == "VIP: call first" and notes.has_class("-pending")
        assert screen.dirty and "unsaved changes" in str(screen.query_one(CompanyHeader).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.dirty and notes.pending is None
        assert "inactive" not in str(screen.query_one(CompanyHeader).render())
        stored = get_company(db, "Acme")
        assert stored.notes == "VIP: call first" and stored.version == 2
        assert screen.company.version == 2
        assert "Saved Acme" in _said(app)
        await pilot.press("down", "e", "ctrl+u", *"no", "enter", "ctrl+s")
        await settle(pilot)
        assert "inactive" in str(screen.query_one(CompanyHeader).render())


async def test_a_bad_value_marks_its_field_and_keeps_the_edit(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"maybe", "enter", "ctrl+s")
        await settle(pilot)
        row = screen.query_one("#field-active", FieldRow)
        assert row.error == "active is yes or no"
        assert screen.pending == {"active": "maybe"}
        assert "Nothing was saved" in _said(app)
        assert get_company(db, "Acme").version == 1


async def test_a_stale_edit_opens_the_conflict_dialog_and_reload_takes_theirs(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "down", "e", *"Mine", "enter")
        edit_company(db, "Acme", 1, {"notes": "Theirs"})
        await pilot.press("question_mark", "escape")  # read again on return: the edit keeps
        await settle(pilot)  # the version it was made on, so it is still refused
        assert screen.company.version == 1 and screen.pending == {"notes": "Mine"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "Someone else saved this company" in str(app.screen.query_one("Static").render())
        assert [(r.label, r.yours, r.theirs) for r in app.screen.rows] == [
            ("Notes", "Mine", "Theirs")
        ]
        app.screen.query_one("#reload", Button).press()
        await settle(pilot)
        assert app.screen is screen
        assert screen.values["notes"] == "Theirs" and screen.pending == {}


async def test_a_stale_edit_can_overwrite_theirs(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _company(pilot)
        edit_company(db, "Acme", 1, {"notes": "Theirs"})
        await pilot.press("down", "down", "e", *"Mine", "enter", "ctrl+s")
        await settle(pilot)
        app.screen.query_one("#overwrite", Button).press()
        await settle(pilot)
        assert get_company(db, "Acme").notes == "Mine"


async def test_leaving_with_unsaved_edits_asks_first(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "down", "e", *"Draft", "enter", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.screen is screen and screen.pending == {"notes": "Draft"}
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)
        assert get_company(db, "Acme").notes == ""


async def test_p_moves_the_primary_mark_after_a_confirmation_naming_both(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _company(pilot)
        await pilot.press("2", "down", "p")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == (
            f"Make Bob Baker ({acme['bob']}) the primary contact of Acme, instead of "
            f"Ann Archer ({acme['ann']})?"
        )
        await pilot.press("y")
        await settle(pilot)
        primaries = [r.reference for r in list_contacts(db, "Acme").rows if r.is_primary]
        assert primaries == [acme["bob"]]
        contacts = screen.query_one(CompanyContacts)
        assert [(r.name, r.is_primary) for r in contacts.rows][:2] == [
            ("Bob Baker", True),
            ("Ann Archer", False),
        ]
        assert contacts.options.highlighted_reference == acme["bob"], "the cursor follows"
        await pilot.press("end", "p")
        assert not isinstance(app.screen, ConfirmScreen)
        assert "Cy Cole" in _said(app) and "deactivated" in _said(app)


async def test_n_opens_a_ticket_for_the_highlighted_contact_else_the_primary(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _company(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NewTicketScreen)
        assert app.screen.contact == acme["ann"]
        await pilot.press(*"Toner low", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(RecentTickets).rows[0].subject == "Toner low"
        assert len(screen.ticket_rows) == 6
        await pilot.press("2", "down", "n")
        assert isinstance(app.screen, NewTicketScreen)
        assert app.screen.contact == acme["bob"]


async def test_n_without_a_contact_to_open_a_ticket_for_says_so(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _company(pilot, "Nobody Ltd")
        await pilot.press("n")
        assert "Nobody Ltd has no primary contact to open a ticket for" in _said(app)
        await pilot.press("escape")
        await _company(pilot, "Empty Co")
        await pilot.press("n")
        assert "Empty Co has no contact to open a ticket for: ctrl+n adds one." in _said(app)
        assert isinstance(app.screen, CompanyScreen)


async def test_ctrl_n_makes_a_contact_at_this_company(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _company(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewContactScreen)
        assert app.screen.query_one("#company").value == "Acme"


async def test_enter_opens_a_contact_and_a_recent_ticket(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("2", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.reference == acme["bob"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1", *["down"] * 5)
        assert app.focused is screen.query_one(RecentList)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.row.subject == "Printer 3"


async def test_the_contacts_list_pages_on_reaching_its_end(db, acme):
    for number in range(55):
        create_contact(db, first_name=f"Member{number:02d}", last_name="Zed", company="Acme")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        contacts = screen.query_one(CompanyContacts)
        assert len(contacts.rows) == 50
        assert str(screen.query_one(TabbedContent).get_tab("contacts").label) == "2 Contacts (50+)"
        await pilot.press("2", "end")
        await settle(pilot)
        assert len(contacts.rows) == 58
        assert str(screen.query_one(TabbedContent).get_tab("contacts").label) == "2 Contacts (58)"


async def test_an_open_edit_is_kept_by_ctrl_s(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "e", "ctrl+u", *"acme.example", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.focused, FieldInput) and not screen.dirty
        assert get_company(db, "Acme").domains == ("acme.example",)


async def test_hostile_names_notes_domains_groups_and_subjects_are_shown_literally(db):
    """Written past validation, as an import may: the header, the fields, the chart, the
    recent tickets, the contacts, the activities, the confirmation and the palette."""
    boss = create_contact(
        db, first_name="Boss", last_name="Person", company="Evil Corp", create_company=True
    )
    other = create_contact(db, first_name="Other", last_name="Person", company="Evil Corp")
    set_primary(db, "Evil Corp", boss.reference)
    open_ticket(db, subject="Printer", contact=boss.reference, group="Support")
    log_activity(db, kind="note", summary="Noted", contact=boss.reference)
    with db.raw() as conn:
        conn.execute(
            "UPDATE company SET name = ?, notes = ?, domains = ?",
            (HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT),
        )
        conn.execute("UPDATE contact SET first_name = ?, title = ?", (HOSTILE_TEXT, HOSTILE_TEXT))
        conn.execute("UPDATE ticket SET subject = ?, group_name = ?", (HOSTILE_TEXT, HOSTILE_TEXT))
        conn.execute("UPDATE activity SET summary = ?", (HOSTILE_TEXT,))
    app = make_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(other.reference)
        await settle(pilot)
        app.screen.query_one("#field-company", FieldRow).focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompanyScreen), "the field's hostile name finds it"
        screens = [app.export_screenshot()]
        cleaned = clean(HOSTILE_TEXT)
        shown_by = {
            "header": str(screen.query_one(CompanyHeader).render()),
            "notes": str(screen.query_one("#field-notes", FieldRow).render()),
            "chart": str(screen.query_one(GroupChart).render()),
            "recent": str(screen.query_one(RecentList).get_option_at_index(0).prompt),
            "contacts": str(
                screen.query_one(CompanyContacts).options.get_option_at_index(0).prompt
            ),
            "activities": str(
                screen.query_one(ActivityTable).options.get_option_at_index(0).prompt
            ),
        }
        assert {name: cleaned[:12] in text for name, text in shown_by.items()} == dict.fromkeys(
            shown_by, True
        )
        steps = [("2",), ("down", "p"), ("escape", "up", "p"), ("3",), ("4",)]
        steps += [
            ("1", "down", "down", "e", "end", "x", "enter", "ctrl+s"),
            ("2", "down", "p", "y"),
        ]
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)
            screens.append(app.export_screenshot())
        reference = screen.company.reference
        assert get_company(db, reference).notes.endswith("x"), "saved"
        assert [r.is_primary for r in list_contacts(db, reference).rows] == [True, False]
        assert list_contacts(db, reference).rows[0].reference == other.reference
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p", *"boom")
        await settle(pilot)
        screens.append(app.export_screenshot())
        assert app.is_running
    for svg in screens:
        assert not any(forbidden in svg for forbidden in FORBIDDEN)
    shown = [svg.replace("&#160;", " ") for svg in screens]
    literal = "[@click=app.quit]"
    assert all(literal in svg for svg in shown), "every tab, the dialog and the palette"
    assert "Boom[/]\u2039RLO\u203aevil" in shown[0]


def test_the_chart_tells_open_from_closed_by_glyph_and_gives_both_counts():
    bars = (GroupCount("Support", 1, 300), GroupCount("", 2, 0))
    legend, support, no_group = (line.plain for line in chart_lines(bars, 80))
    assert legend == "Tickets by group  █ open  ░ closed"
    assert (support.count("█"), support.count("░")) == (1, 47), "one ticket is never lost"
    assert support.startswith("Support ") and support.endswith("  1 open  300 closed")
    assert no_group.startswith("(no group)") and no_group.count("█") == 1
    assert no_group.endswith("  2 open    0 closed")
    assert {len(line) for line in (support, no_group)} == {80}
    assert [line.plain for line in chart_lines((), 80)][1] == "No tickets yet."


async def test_keys_typed_before_the_company_arrives_edit_nothing(db, acme):
    """A field edited before its value was read would save over it a value typed blind."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview, typed = app.store.company.overview, threading.Event()

        def slow(name):
            typed.wait(5)
            return overview(name)

        app.store.company.overview = slow
        app.open_company("Acme")
        await pilot.press("down", "e", *"blind", "enter")
        typed.set()
        await settle(pilot)
        screen = app.screen
        assert screen.pending == {} and not screen.query(".-editing")
        assert app.focused is screen.query_one("#field-name", FieldRow)
        assert screen.values["name"] == "Acme"


async def test_quitting_or_searching_with_unsaved_company_edits_asks_first(db, acme):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _company(pilot)
        await pilot.press("down", "down", "e", *"Draft", "enter", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == (
            "A contact or company has unsaved changes. Quit and discard them?"
        )
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert app.screen is screen and app.is_running
