"""Undo (``u``) and history (``h``) as an agent uses them: an edit undone after a question naming
it (``y``) or kept (``n``), the history of a contact, ticket and company listing it and undoing
from there, an undo refused when another agent changed the row since (nothing applied), nothing
left to undo, a merge undone (the merged-away contact opens again), the contact on screen
removed by the undo (back to Home), and strangers' text in a history shown inert."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from helpdesk_tui.screens.company import CompanyScreen
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.history import HistoryScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store.companies.operations import edit_company
from helpdesk_tui.store.companies.reads import get_company
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import NotFound
from helpdesk_tui.store.models import Event
from helpdesk_tui.store.tickets.operations import open_ticket, set_ticket
from helpdesk_tui.store.tickets.reads import get_ticket
from helpdesk_tui.text import clean
from helpdesk_tui.widgets.field_list import FieldRow
from helpdesk_tui.widgets.history_table import HistoryTable
from helpdesk_tui.widgets.result_list import ResultList, ResultTable

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle

SIZE = (120, 35)


@pytest.fixture
def ann(db) -> str:
    """Ann Lee at Northwind, made before the app opens (her creation is an operation too)."""
    return create_contact(
        db, first_name="Ann", last_name="Lee", company="Northwind", create_company=True
    ).reference


@pytest.fixture
def bob(db):
    """The same database as another agent, Bob, writes to it."""
    other = Database(db.url, author="bob", region="GB")
    yield other
    other.dispose()


def _said(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def _events(db) -> int:
    with db.read() as session:
        return len(session.exec(select(Event)).all())


async def _open(pilot, reference: str) -> None:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)


async def _edit_title(pilot, value: str) -> None:
    """Type a new title on the Details tab and save it (ctrl+s)."""
    pilot.app.screen.query_one("#field-title", FieldRow).focus()
    await pilot.press("e", "ctrl+u", *value, "enter", "ctrl+s")
    await settle(pilot)


async def _press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_u_names_the_edit_and_y_puts_it_back(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _edit_title(pilot, "CTO")
        assert get_contact(db, ann).contact.title == "CTO"
        await _press(pilot, "u")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.question.startswith("Undo 'edited title of Ann Lee' (by tester, ")
        assert "1 row changed)?" in dialog.question
        await _press(pilot, "y")
        assert get_contact(db, ann).contact.title == "", "the store has the title back"
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        assert screen.values["title"] == "", "the screen read the contact again"
        assert "Undid edited title of Ann Lee (1 row)." in _said(app)


async def test_u_then_n_leaves_the_edit(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _edit_title(pilot, "CTO")
        events = _events(db)
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "n")
        assert isinstance(app.screen, ContactScreen)
        assert get_contact(db, ann).contact.title == "CTO"
        assert _events(db) == events, "nothing was written"
        assert "Undid" not in _said(app)


async def test_u_waits_while_edits_are_pending(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        app.screen.query_one("#field-title", FieldRow).focus()
        await _press(pilot, "e", *"CTO", "enter", "u")
        assert isinstance(app.screen, ContactScreen), "no question while edits are pending"
        assert app.screen.pending == {"title": "CTO"}, "the pending edit is kept"
        assert "unsaved edits: save them (ctrl+s) or drop them (r) first" in _said(app)


async def test_h_lists_the_edit_and_undoes_it_from_there(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _edit_title(pilot, "CTO")
        await _press(pilot, "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one(HistoryTable)
        newest = table.entries[0]
        assert (newest.description, newest.author, newest.undoable) == (
            "edited title of Ann Lee",
            "tester",
            True,
        )
        assert table.records[0][0] == newest.at.astimezone().strftime("%Y-%m-%d %H:%M")
        assert "created Ann Lee" in table.entries[-1].description
        await _press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "'edited title of Ann Lee'" in app.screen.question
        await _press(pilot, "y")
        assert get_contact(db, ann).contact.title == ""
        assert app.screen is history, "back on the history"
        assert table.entries[0].description == "undid edited title of Ann Lee"
        assert table.cursor_row == 0, "the undo just made is highlighted"
        await _press(pilot, "escape")
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.values["title"] == "", "the contact was read again"


async def test_an_undo_refused_when_another_agent_changed_the_row_since(db, ann, bob):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _edit_title(pilot, "CTO")
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        current = get_contact(db, ann).contact
        update_contact(bob, ann, current.version, {"city": "Leeds"})
        events = _events(db)
        await _press(pilot, "y")
        said = _said(app)
        assert "Nothing was undone: since 'edited title of Ann Lee', contact" in said
        assert "was changed by bob " in said
        assert "(edited city of Ann Lee)" in said
        after = get_contact(db, ann).contact
        assert (after.title, after.city) == ("CTO", "Leeds"), "nothing was applied"
        assert _events(db) == events
        await _press(pilot, "h")
        table = app.screen.query_one(HistoryTable)
        assert [(e.author, e.undoable) for e in table.entries[:2]] == [
            ("bob", True),
            ("tester", False),
        ]
        table.move_cursor(row=1)
        app._notifications.clear()
        await _press(pilot, "u")
        assert isinstance(app.screen, HistoryScreen), "refused before any question"
        assert "was changed by bob" in _said(app)
        assert get_contact(db, ann).contact.title == "CTO"


async def test_nothing_to_undo_is_one_sentence(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        with db.raw() as conn:  # Ann's creation is another agent's
            conn.execute("UPDATE event SET author = 'someone'")
        await _press(pilot, "u")
        assert isinstance(app.screen, ContactScreen), "no question"
        assert _said(app).startswith("Nothing of yours to undo:")


async def test_home_undoes_from_the_results_and_types_u_in_the_box(db, ann):
    update_contact(db, ann, 1, {"first_name": "Annie"})
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "u" not in app.screen.active_bindings, "nor is it on the key bar there"
        await _press(pilot, "u")
        assert app.screen.search_text == "u", "in the box, u types"
        await _press(pilot, "backspace")
        app.screen.query_one(ResultList).focus()
        await pilot.pause()
        assert "u" in app.screen.active_bindings
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        assert [hit.name for hit in app.home.query_one(ResultTable).hits] == ["Annie Lee"]
        await _press(pilot, "y")
        assert get_contact(db, ann).contact.first_name == "Ann"
        assert "Undid edited first name of Annie Lee" in _said(app)
        assert [hit.name for hit in app.screen.query_one(ResultTable).hits] == ["Ann Lee"]


async def test_undo_from_the_ticket_screen(db, ann):
    ticket = open_ticket(db, subject="Printer on fire", contact=ann)
    set_ticket(db, ticket.reference, ticket.version, status="closed")
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_ticket(ticket.reference)
        await settle(pilot)
        assert app.screen.detail.row.status == "closed"
        await _press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        assert ticket.reference in app.screen.question
        await _press(pilot, "y")
        assert get_ticket(db, ticket.reference).row.status == "new"
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        assert screen.detail.row.status == "new", "the ticket was read again"
        await _press(pilot, "h")
        entries = app.screen.query_one(HistoryTable).entries
        assert entries[0].description.startswith("undid ")
        assert len(entries) == 3, "opened, closed, the undo"


async def test_undo_from_the_company_screen(db, ann):
    company = get_company(db, "Northwind")
    edit_company(db, "Northwind", company.version, {"notes": "Call first."})
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_company("Northwind")
        await settle(pilot)
        await _press(pilot, "h")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "Northwind" in history.query_one(HistoryTable).entries[0].description
        await _press(pilot, "escape", "u")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "y")
        assert get_company(db, "Northwind").notes == ""
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        assert screen.values["notes"] == "", "the company was read again"


async def test_a_company_history_undoes_an_older_row_and_highlights_the_undo(db, ann):
    bo = create_contact(db, first_name="Bo", last_name="Ek", company="Northwind").reference
    company = get_company(db, "Northwind")
    edit_company(db, "Northwind", company.version, {"notes": "Call first."})
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_company("Northwind")
        await settle(pilot)
        await _press(pilot, "h", "down")
        table = app.screen.query_one(HistoryTable)
        assert table.entries[1].description == f"created Bo Ek ({bo})"
        await _press(pilot, "enter", "y")
        with pytest.raises(NotFound):
            get_contact(db, bo)
        assert table.entries[0].description == f"undid created Bo Ek ({bo})"
        assert table.cursor_row == 0, "the undo just made is highlighted"
        assert get_company(db, "Northwind").notes == "Call first.", "the rest stays"


async def test_a_merge_undone_gives_the_merged_away_contact_back(db, ann):
    anne = create_contact(db, first_name="Anne", last_name="Lee").reference
    merge_contacts(db, ann, anne)
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, anne)
        screen = app.screen
        assert (screen.contact.reference, screen.merged_from) == (ann, anne)
        await _press(pilot, "u")
        assert "merged" in app.screen.question
        await _press(pilot, "y")
        assert get_contact(db, anne).merged_from == "", "Anne is herself again"
        assert app.screen is screen and screen.contact.reference == ann
        await _press(pilot, "escape")
        await _open(pilot, anne)
        assert (app.screen.contact.reference, app.screen.merged_from) == (anne, "")


async def test_undoing_the_contact_on_screen_away_goes_back_home(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _press(pilot, "u")
        assert "created Ann Lee" in app.screen.question
        await _press(pilot, "y")
        with pytest.raises(NotFound):
            get_contact(db, ann)
        assert app.screen is app.home
        assert f"{ann} is no more: the undo removed it." in _said(app)


async def test_history_pages_as_the_cursor_goes_down(db, ann):
    for number in range(24):
        update_contact(db, ann, number + 1, {"title": f"T{number}"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, ann)
        await _press(pilot, "h")
        table = app.screen.query_one(HistoryTable)
        assert len(table.entries) == 20
        await _press(pilot, *["down"] * 18)
        assert len(table.entries) == 20, "not before the last row"
        await _press(pilot, "down")
        assert len(table.entries) == 25, "the rest, appended"
        assert "created Ann Lee" in table.entries[-1].description


async def test_help_and_the_key_bar_list_u_and_h(db, ann):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, ann)
        await _press(pilot, "question_mark")
        rows = dict(app.screen.rows) if isinstance(app.screen, HelpScreen) else {}
        assert rows.get("u") == "Undo your last change (asks first, naming it)"
        assert rows.get("h", "").startswith("History of this contact")
        await _press(pilot, "escape", "h")
        await _press(pilot, "question_mark")
        texts = [text for _, text in app.screen.rows]
        assert any(text.startswith("Undo the highlighted operation") for text in texts)


async def test_hostile_text_in_a_history_is_shown_inert(db, ann):
    update_contact(db, ann, 1, {"title": "CTO"})
    with db.raw() as conn:
        conn.execute(
            "UPDATE event SET description = ?, author = ?, at = ?",
            (HOSTILE_TEXT, HOSTILE_TEXT, datetime(2026, 3, 2, 14, 0, tzinfo=UTC).isoformat()),
        )
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _press(pilot, "h")
        screens = [app.export_screenshot()]
        table = app.screen.query_one(HistoryTable)
        cleaned = clean(HOSTILE_TEXT)
        assert table.get_row_at(0)[1].plain == cleaned
        await _press(pilot, "enter")
        screens.append(app.export_screenshot())
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "escape")
        assert app.is_running
    for svg in screens:
        assert cleaned[:10] in svg.replace("&#160;", " ")
        assert not any(forbidden in svg for forbidden in FORBIDDEN)


async def test_an_empty_history_says_so_and_undo_is_dimmed(db, ann):
    with db.raw() as conn:  # as a database from before the journal would be
        conn.execute("DELETE FROM event_row")
        conn.execute("DELETE FROM event")
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, ann)
        await _press(pilot, "h")
        assert app.screen.query_one(HistoryTable).entries == ()
        assert not app.screen.active_bindings["enter"].enabled
        assert "0 operations" in str(app.screen.query_one("#history-title").render())
        await _press(pilot, "enter")
        assert isinstance(app.screen, HistoryScreen), "nothing asked"
