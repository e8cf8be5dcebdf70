"""Pilot tests of the contact screen's Activities tab (4: a logs, e/enter edits and x removes
the agent's own, another agent's refused), the Details tab's recent tickets and enter on the
SLA tab's due tickets; hostile summaries, details and authors shown literally."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Input, TextArea

from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.log_activity import LogActivityScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.kinds import ActivityKind
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.widgets.activity_table import ActivityTable
from helpdesk_tui.widgets.contact_methods import MethodList
from helpdesk_tui.widgets.kind_picker import KindPicker
from helpdesk_tui.widgets.recent_tickets import RecentList, RecentTickets
from helpdesk_tui.widgets.record_table import RecordTable

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle

EARLIER = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def ann(db) -> str:
    """Ann, with a note of her own agent's ("tester", the app's) and an older call of bob's,
    and seven tickets (the newest "Ticket 6")."""
    contact = create_contact(
        db,
        first_name="Ann",
        last_name="Archer",
        company="Acme",
        create_company=True,
        identities=[("email", "ann@acme.example")],
    )
    with Store(db.url, author="bob", region="GB") as bob:
        bob.activities.log(
            kind="call", summary="Bob's call", contact=contact.reference, occurred_at=EARLIER
        )
    with Store(db.url, author="tester", region="GB") as mine:
        mine.activities.log(
            kind="note",
            summary="My note",
            body="First line\nsecond line",
            contact=contact.reference,
            occurred_at=EARLIER + timedelta(hours=1),
        )
    for number in range(7):
        open_ticket(db, subject=f"Ticket {number}", contact=contact.reference, priority="high")
    return contact.reference


def _page(db, reference: str):
    with Store(db.url, author="tester", region="GB") as store:
        return store.activities.page(contact=reference).rows


def _said(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def _activities(pilot, reference: str) -> ActivityTable:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    return pilot.app.screen.query_one(ActivityTable)


async def _to(pilot, table: ActivityTable, summary: str) -> None:
    """Put the cursor on the row with that summary."""
    table.options.highlighted = [row.summary for row in table.rows].index(summary)
    await pilot.pause()


async def test_a_logs_a_call_listed_first_and_kept_after_reopening(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        assert app.focused is table.options
        assert [row.summary for row in table.rows] == ["My note", "Bob's call"]
        await pilot.press("a")
        assert isinstance(app.screen, LogActivityScreen)
        assert app.screen.focused.id == "summary", "the summary is typed first"
        assert app.screen.query_one(KindPicker).value == "call"
        await pilot.press(*"Called about the invoice", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        first = table.rows[0]
        assert (first.summary, first.kind, first.author) == (
            "Called about the invoice",
            ActivityKind.CALL,
            "tester",
        )
        assert table.options.highlighted == 0
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        table = await _activities(pilot, ann)
        assert table.rows[0].summary == "Called about the invoice"
    assert _page(db, ann)[0].summary == "Called about the invoice"


async def test_a_on_the_details_tab_still_adds_a_contact_method_and_help_says_both(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _activities(pilot, ann)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict(app.screen.rows)
        assert described["a"] == "Details: add a contact method · Activities: log an activity"
        assert described["e"] == "Edit the activity (your own)"
        assert described["x"] == "Remove the activity (your own)"
        await pilot.press("escape", "1", "a")
        assert isinstance(app.screen, ContactScreen)
        assert app.focused.id == "add-value", "the contact method form"


async def test_the_kind_the_time_and_the_details_are_saved(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await pilot.press("a", *"Visited the site", "tab", "s", "tab", *"2026-02-27 16:45")
        assert app.screen.query_one(KindPicker).value == "site visit"
        app.screen.query_one(TextArea).text = "Rack 4 [b]moved[/b].\nAll good."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert [row.summary for row in table.rows][-1] == "Visited the site", "the oldest"
        assert table.options.highlighted == 2, "the cursor goes to it"
    logged = next(row for row in _page(db, ann) if row.summary == "Visited the site")
    assert logged.kind == ActivityKind.SITE_VISIT
    assert logged.occurred_at == datetime(2026, 2, 27, 16, 45, tzinfo=UTC)  # TZ=UTC in tests
    assert logged.body == "Rack 4 [b]moved[/b].\nAll good."


async def test_e_and_enter_edit_the_agents_own_activity(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await _to(pilot, table, "My note")
        await pilot.press("e")
        assert isinstance(app.screen, LogActivityScreen)
        assert app.screen.query_one("#summary", Input).value == "My note"
        assert app.screen.query_one(KindPicker).value == "note"
        assert app.screen.query_one(TextArea).text == "First line\nsecond line"
        await pilot.press("ctrl+u", *"My note, corrected", "tab", "m", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert table.rows[table.options.highlighted].summary == "My note, corrected"
        await pilot.press("enter")
        assert isinstance(app.screen, LogActivityScreen)
        assert app.screen.query_one(KindPicker).value == "meeting"
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen), "nothing changed: closed at once"
    edited = next(row for row in _page(db, ann) if row.author == "tester")
    assert (edited.summary, edited.kind, edited.version) == (
        "My note, corrected",
        ActivityKind.MEETING,
        2,
    )
    assert edited.occurred_at == EARLIER + timedelta(hours=1), "the time left as it was"
    assert edited.body == "First line\nsecond line"


async def test_a_stale_edit_is_a_conflict_reloaded_or_overwritten(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await _to(pilot, table, "My note")
        row = table.rows[table.options.highlighted]
        await pilot.press("e", "ctrl+u", *"Mine from here")
        with Store(db.url, author="tester", region="GB") as elsewhere:
            elsewhere.activities.edit(row.id, row.version, summary="Mine from the CLI")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.rows[0].theirs == "Mine from the CLI"
        assert app.screen.rows[0].yours == "Mine from here"
        await pilot.click("#reload")
        await settle(pilot)
        assert isinstance(app.screen, LogActivityScreen)
        assert app.screen.query_one("#summary", Input).value == "Mine from the CLI"
        await pilot.press("ctrl+u", *"Mine after all", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    assert "Mine after all" in [row.summary for row in _page(db, ann)]


async def test_another_agents_activity_is_refused_naming_its_author(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await _to(pilot, table, "Bob's call")
        await pilot.press("e")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("enter", "x")
        assert isinstance(app.screen, ContactScreen), "neither an editor nor a confirmation"
        said = [str(n.message) for n in app._notifications]
        assert said == ["This call was logged by bob: only they can edit or remove it."] * 3
    assert [row.summary for row in _page(db, ann)] == ["My note", "Bob's call"]


async def test_x_removes_the_agents_own_activity_after_y(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await _to(pilot, table, "My note")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "Remove your note of 2026-03-01 10:30: My note?"
        await pilot.press("n")
        await settle(pilot)
        assert [row.summary for row in table.rows] == ["My note", "Bob's call"]
        await pilot.press("x", "y")
        await settle(pilot)
        assert [row.summary for row in table.rows] == ["Bob's call"]
        assert "Removed your note of 2026-03-01 10:30: My note" in _said(app)
    assert [row.summary for row in _page(db, ann)] == ["Bob's call"]


async def test_escape_with_something_typed_asks_first(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _activities(pilot, ann)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, ContactScreen), "nothing typed: closed at once"
        await pilot.press("a", *"Half a thought", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, LogActivityScreen)
        assert app.screen.query_one("#summary", Input).value == "Half a thought"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    assert len(_page(db, ann)) == 2, "nothing logged"


async def test_an_empty_summary_or_a_time_that_is_none_is_refused_with_a_sentence(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _activities(pilot, ann)
        await pilot.press("a", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogActivityScreen)
        said = "an activity needs a summary: say in a few words what happened"
        assert app.screen.errors == {"summary": said}
        assert said in _said(app)
        await pilot.press(*"Call", "tab", "tab", *"last tuesday", "ctrl+s")
        await settle(pilot)
        assert app.screen.errors == {
            "when": "'last tuesday' is not a date and time: type it as 2026-11-30 14:05"
        }
        assert app.screen.focused.id == "when"
    assert len(_page(db, ann)) == 2, "nothing logged"


async def test_activities_page_on_reaching_the_end(db, ann):
    with Store(db.url, author="tester", region="GB") as store:
        for number in range(60):
            store.activities.log(
                kind="email",
                summary=f"Email {number:02d}",
                contact=ann,
                occurred_at=EARLIER - timedelta(days=number + 1),
            )
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        assert len(table.rows) == 50
        await pilot.press("end")
        await settle(pilot)
        assert len(table.rows) == 62
        assert table.rows[-1].summary == "Email 59"


async def test_enter_on_a_recent_ticket_opens_it_and_coming_back_shows_it_as_it_is(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.open_contact(ann)
        await settle(pilot)
        recent = app.screen.query_one(RecentTickets)
        assert [row.subject for row in recent.rows] == [f"Ticket {n}" for n in (6, 5, 4, 3, 2)]
        app.screen.query_one(MethodList).focus()
        await pilot.press("down")
        assert isinstance(app.focused, RecentList), "down from the last method"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.row.subject == "Ticket 5"
        await pilot.press("s", "down", "down", "enter")  # new → open → pending
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert recent.rows[1].status == "pending"
        await pilot.press("up", "up")
        assert isinstance(app.focused, MethodList), "up from the first ticket"


async def test_enter_on_a_due_ticket_of_the_sla_tab_opens_it(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.open_contact(ann)
        await settle(pilot)
        await pilot.press("5")
        due = app.screen.query_one("#sla-due", RecordTable)
        assert app.focused is due
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.detail.reference == app.screen_stack[-2].due[1].reference


async def test_hostile_summary_details_and_author_are_shown_literally(db, ann):
    with Store(db.url, author=HOSTILE_TEXT, region="GB") as stranger:
        stranger.activities.log(kind="email", summary=HOSTILE_TEXT, contact=ann)
    with Store(db.url, author="tester", region="GB") as mine:
        mine.activities.log(
            kind="note", summary=f"mine {HOSTILE_TEXT}", body=f"{HOSTILE_TEXT}\n[/]", contact=ann
        )
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        screens = [app.export_screenshot()]
        await _to(pilot, table, f"mine {HOSTILE_TEXT}")
        await pilot.press("e")
        assert isinstance(app.screen, LogActivityScreen)
        screens.append(app.export_screenshot())
        await pilot.press("escape")
        await _to(pilot, table, HOSTILE_TEXT)
        await pilot.press("x")
        assert isinstance(app.screen, ContactScreen), "a stranger's: refused"
        screens.append(app.export_screenshot())
        refused = _said(app)
        assert app.is_running
    for svg in [*screens, refused]:
        for raw in FORBIDDEN:
            assert raw not in svg
        assert "QUJD" not in svg
    literal = [svg.replace("&#160;", " ") for svg in screens]
    assert "Boom[/]\u2039RLO\u203aevil [@click=app.quit]" in literal[0], "the summary listed"
    assert "Boom[/]\u2039RLO\u2026" in literal[0], "the author, cut to its column"
    assert "mine Boom[/]\u2039RLO\u203aevil [@click=app.quit]" in literal[1], "in the editor"
    assert "\u2039RLO\u203aevil [@click=app.quit]" in literal[1].split("Details")[1]
    assert "logged by Boom[/]\u2039RLO\u203aevil [@click=app.quit]: only they" in refused


async def test_an_edit_writes_only_what_was_changed(db, ann):
    """The editor shows a stored summary and details cleaned; changing only the kind must not
    write the cleaned text back over what was stored."""
    with Store(db.url, author="tester", region="GB") as mine:
        mine.activities.log(
            kind="email", summary=HOSTILE_TEXT, body=f"{HOSTILE_TEXT}\tend", contact=ann
        )
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        table = await _activities(pilot, ann)
        await _to(pilot, table, HOSTILE_TEXT)
        await pilot.press("e", "tab", "o", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    edited = next(row for row in _page(db, ann) if row.summary == HOSTILE_TEXT)
    assert (edited.kind, edited.body) == (ActivityKind.OTHER, f"{HOSTILE_TEXT}\tend")


async def test_the_log_dialog_names_the_contact_as_saved_last(db, ann):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.open_contact(ann)
        await settle(pilot)
        await pilot.press("e", "ctrl+u", *"Anne", "enter", "ctrl+s")
        await settle(pilot)
        assert app.screen.contact.name == "Anne Archer"
        await pilot.press("4", "a")
        assert isinstance(app.screen, LogActivityScreen)
        title = app.screen.query_one("#log-title").render()
        assert str(title) == f"Log an activity for Anne Archer ({ann})"
