"""Pilot tests of the group and assignee pickers: on the ticket screen (g, a) and in the New
ticket form (enter in its group or assignee box): the choices in use, typed text filtering
them, "use '…'" for a new one, enter picking, escape keeping; hostile group names literal."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, OptionList

from helpdesk_tui.screens.new_ticket import NewTicketScreen
from helpdesk_tui.screens.picker import PickerScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.models import Agent
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.text import clean

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle


@pytest.fixture
def ticket(db) -> dict[str, str]:
    """Ann's ticket in Support, assigned to amara; tickets of others in Billing and Returns."""
    ann = create_contact(
        db, first_name="Ann", last_name="Archer", company="Acme", create_company=True
    )
    with db.write() as session:
        session.add(Agent(username="amara", display_name="Amara Okafor"))
        session.add(Agent(username="chen", display_name="Chen Wei"))
    for group in ("Billing", "Returns"):
        open_ticket(db, subject=f"About {group}", contact=ann.reference, group=group)
    detail = open_ticket(
        db, subject="Printer jammed", contact=ann.reference, group="Support", assignee="amara"
    )
    return {"contact": ann.reference, "ticket": detail.reference}


def _choices(app) -> list[str]:
    box = app.screen.query_one(OptionList)
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


def _highlighted(app) -> str:
    box = app.screen.query_one(OptionList)
    return str(box.get_option_at_index(box.highlighted).prompt)


async def _ticket_screen(pilot, reference: str) -> TicketScreen:
    await settle(pilot)
    pilot.app.open_ticket(reference)
    await settle(pilot)
    assert isinstance(pilot.app.screen, TicketScreen)
    return pilot.app.screen


def _stored(db, reference: str):
    with Store(db.url, author="tester") as store:
        return store.tickets.get(reference)


async def test_g_lists_the_groups_in_use_and_enter_picks_one(db, ticket):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _ticket_screen(pilot, ticket["ticket"])
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert _choices(app) == ["no group", "Billing", "Returns", "Support"]
        assert _highlighted(app) == "Support"  # the current one: enter at once changes nothing
        await pilot.press(*"rt")
        await settle(pilot)
        assert _choices(app) == ["Support", "Returns", "use 'rt'"]  # best match first
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.row.group == "Returns"
        await pilot.press("g", *"bil", "enter")  # the best match is highlighted
        await settle(pilot)
        assert app.screen.detail.row.group == "Billing"
    assert _stored(db, ticket["ticket"]).row.group == "Billing"


async def test_a_new_group_is_the_last_choice_and_escape_keeps_the_old(db, ticket):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _ticket_screen(pilot, ticket["ticket"])
        await pilot.press("g", *"Hardware")
        await settle(pilot)
        assert _choices(app)[-1] == "use 'Hardware'"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.detail.row.group == "Support"
        await pilot.press("g", *"Hardware", "up", "enter")  # up wraps to the last: "use"
        await settle(pilot)
        assert app.screen.detail.row.group == "Hardware"
        await pilot.press("g")
        await settle(pilot)
        assert "Hardware" in _choices(app)  # in use now
        await pilot.press("up", "up", "enter")  # from Hardware up to "no group"
        await settle(pilot)
    assert _stored(db, ticket["ticket"]).row.group == ""


async def test_a_lists_me_nobody_and_the_agents(db, ticket):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _ticket_screen(pilot, ticket["ticket"])
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert _choices(app) == [
            "me  tester",
            "nobody",
            "amara  Amara Okafor",
            "chen  Chen Wei",
        ]
        assert _highlighted(app) == "amara  Amara Okafor"
        await pilot.press(*"zed", "enter")  # "use 'zed'": nobody is called that
        await settle(pilot)
        assert any("no agent called 'zed'" in str(n.message) for n in app._notifications)
        assert app.screen.detail.row.assignee == "amara"
        await pilot.press("a", *"chen", "enter")
        await settle(pilot)
        assert app.screen.detail.row.assignee == "chen"
        await pilot.press("a", *"nob", "enter")  # nobody
        await settle(pilot)
        assert app.screen.detail.row.assignee == ""
        await pilot.press("a", "up", "enter")  # from nobody up to "me", the first
        await settle(pilot)
    assert _stored(db, ticket["ticket"]).row.assignee == "tester"


async def test_new_ticket_group_and_assignee_are_picked_with_enter(db, ticket):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.new_ticket(ticket["contact"], "Ann Archer", lambda: None)
        await settle(pilot)
        assert isinstance(app.screen, NewTicketScreen)
        await pilot.press(*"Toner low", "tab", *"ret", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert _choices(app) == ["Returns", "use 'ret'"]
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewTicketScreen)
        assert form.query_one("#group", Input).value == "Returns"
        form.query_one("#assignee", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # nobody
        await settle(pilot)
        assert form.query_one("#assignee", Input).value == "-"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with db.read() as session:
        assert session.exec(select(Agent)).all()  # agents untouched
    with Store(db.url, author="tester") as store:
        rows = store.tickets.recent(contact=ticket["contact"])
    newest = rows[0]
    assert (newest.subject, newest.group, newest.assignee) == ("Toner low", "Returns", "")


async def test_a_hostile_group_is_shown_literally_in_the_picker(db, ticket):
    ann = ticket["contact"]
    open_ticket(db, subject="Hostile", contact=ann, group=HOSTILE_TEXT)
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _ticket_screen(pilot, ticket["ticket"])
        await pilot.press("g")
        await settle(pilot)
        listed = app.export_screenshot()
        await pilot.press(*"boom")
        await settle(pilot)
        filtered = app.export_screenshot()
        assert _choices(app)[0].startswith(clean(HOSTILE_TEXT))
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
    for svg in (listed, filtered):
        assert not any(ch in svg for ch in FORBIDDEN)
        assert "[@click=app.quit]" in svg.replace("&#160;", " ")


async def test_enter_typed_before_the_choices_arrive_waits_for_them(db, ticket, monkeypatch):
    """g, bil, enter typed at once: Billing (the best match), not a new group called "bil"."""
    import time

    app = make_app(db)
    door = app.store.tickets
    groups = door.groups

    def slow():
        time.sleep(1)
        return groups()

    monkeypatch.setattr(door, "groups", slow)
    async with app.run_test(size=(120, 35)) as pilot:
        await _ticket_screen(pilot, ticket["ticket"])
        await pilot.press("g", *"bil", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.row.group == "Billing"
