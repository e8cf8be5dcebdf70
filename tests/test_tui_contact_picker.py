"""The contact picker: Home's search in a dialog, whose ``enter`` picks what the box says."""

from __future__ import annotations

import time

from textual import events
from textual.widgets import Input

from helpdesk_tui.screens.contact_picker import ContactPickerScreen, PickedContact
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.widgets.result_list import ResultTable

from .conftest import make_app, settle


def _people(db) -> dict[str, str]:
    made = {}
    for first, last, email in (
        ("Siobhán", "Mac Cárthaigh", "siobhan@contoso.example"),
        ("Jon", "Smith", "jon.smith@fabrikam.example"),
        ("Jonah", "Smithers", "jonah@fabrikam.example"),
    ):
        contact = create_contact(
            db, first_name=first, last_name=last, identities=[("email", email)]
        )
        made[last] = contact.reference
    return made


async def _open_picker(pilot, picked: list, **kwargs) -> ContactPickerScreen:
    screen = ContactPickerScreen("Move T-1 to which contact?", **kwargs)
    pilot.app.push_screen(screen, picked.append)
    await settle(pilot)
    return screen


async def test_a_misspelt_name_and_enter_pick_the_intended_contact(db):
    people = _people(db)
    app = make_app(db)
    picked: list[PickedContact | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _open_picker(pilot, picked)
        await pilot.press(*"siobahn mac carthiag", "enter")  # together, as a paste would
        await settle(pilot)
    assert picked == [PickedContact(people["Mac Cárthaigh"], "Siobhán Mac Cárthaigh", "", True)]


async def test_enter_right_behind_a_pasted_query_picks_that_querys_contact(db):
    """The rows of the previous query are still shown when the pasted text and enter arrive
    (each search takes a moment here, as on a busy server)."""
    people = _people(db)
    app = make_app(db)
    picked: list[PickedContact | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _open_picker(pilot, picked, query="jon smith")
        assert screen.query_one(ResultTable).hits[0].reference == people["Smith"]
        search = app.store.search

        def slow(query, limit, cancelled):
            time.sleep(0.3)
            return search(query, limit, cancelled)

        app.store.search = slow
        box = screen.query_one("#search", Input)
        box.select_all()
        box.post_message(events.Paste("jonah smithers"))
        await pilot.press("enter")
        await settle(pilot)
    assert [p.reference for p in picked if p] == [people["Smithers"]]


async def test_the_contact_it_starts_from_is_refused_and_escape_picks_no_one(db):
    people = _people(db)
    app = make_app(db)
    picked: list[PickedContact | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = await _open_picker(pilot, picked, exclude=people["Smith"], query="jon")
        assert [hit.name for hit in screen.query_one(ResultTable).hits] == [
            "Jon Smith",
            "Jonah Smithers",
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen, "still asking"
        assert "pick another" in str(screen.query_one("#status").render())
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert [p.reference for p in picked if p] == [people["Smithers"]]
        await _open_picker(pilot, picked)
        await pilot.press("escape")
        await settle(pilot)
    assert picked[-1] is None


async def test_hostile_names_and_title_are_shown_literally(db):
    create_contact(db, first_name="[bold red]Evil[/]", last_name="[@click=app.quit]x[/]")
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = ContactPickerScreen("Move [b]T-1[/b] \x1b]52;c;AAAA\x07 to whom?")
        app.push_screen(screen)
        await settle(pilot)
        await pilot.press(*"evil")
        await settle(pilot)
        title = str(screen.query_one(".picker-title").render())
        assert "[b]T-1[/b]" in title and "\x1b" not in title
        row = app.screen.query_one(ResultTable).hits[0]
        assert row.name.startswith("[bold red]Evil[/]")
        assert app.is_running
