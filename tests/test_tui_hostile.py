"""Hostile text in every widget that shows data: shown literally, never markup, never an action,
never an escape sequence to the terminal (DESIGN.md §6)."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import TabbedContent

from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.new_contact import NewContactScreen
from helpdesk_tui.screens.ticket import TicketScreen
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.dbapi import wrap
from helpdesk_tui.store.search.index import index_contacts
from helpdesk_tui.widgets.result_list import ResultList, ResultTable

from .conftest import make_app, settle

HOSTILE = (
    "[/]",
    "a [/",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "RE: [JIRA-42] login",
    "evil\x1b]52;c;QUJD\x07name",
    "gnp\u202eexe.pdf",
)

HANDLE = "[red]zorro[/]\x1b]52;c;QUJD\x07"


@pytest.fixture
def hostile(db) -> str:
    """A contact whose every shown field is hostile (written past validation, as imports may)."""
    contact = create_contact(
        db,
        first_name="Hostile",
        last_name="Person",
        company="Evil Corp",
        create_company=True,
        identities=[("email", "h@evil.example")],
    )
    path = db.url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        "UPDATE contact SET first_name = ?, last_name = ?, title = ?, description = ? WHERE id = ?",
        (HOSTILE[2], HOSTILE[5], HOSTILE[0], HOSTILE[3], contact.id),
    )
    conn.execute("UPDATE company SET name = ?", (HOSTILE[1],))
    conn.execute("UPDATE identity SET value = ? WHERE contact_id = ?", (HOSTILE[6], contact.id))
    now = "2026-03-02 12:00:00"
    for index, text in enumerate(HOSTILE):
        conn.execute(
            "INSERT INTO ticket (reference, subject, group_name, status, priority, contact_id, "
            "requester, requester_name, channel, created_at, updated_at, time_spent_minutes, "
            "version) VALUES (?, ?, ?, 'open', 'high', ?, '', '', 'email', ?, ?, 0, 1)",
            (f"T-{index}", text, text, contact.id, now, now),
        )
        conn.execute(
            "INSERT INTO activity (contact_id, kind, summary, body, author, occurred_at, version) "
            "VALUES (?, 'note', ?, '', ?, ?, 1)",
            (contact.id, text, text, now),
        )
        conn.execute(
            "INSERT INTO custom_value (contact_id, key, value, source, imported_at, version) "
            "VALUES (?, ?, ?, ?, ?, 1)",
            (contact.id, text, text, text, now),
        )
    index_contacts(wrap(conn), [contact.id])
    conn.execute("COMMIT")
    conn.close()
    return contact.reference


async def test_hostile_text_is_shown_literally_everywhere(db, hostile):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultTable)
        assert [hit.reference for hit in results.hits] == [hostile]
        await pilot.click("#results-header", offset=(2, 0))
        screens = [app.export_screenshot()]
        await pilot.click(ResultList, offset=(5, 0))
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        for tab in "12345":
            await pilot.press(tab)
            await settle(pilot)
            await pilot.click(TabbedContent, offset=(10, 6))
            await settle(pilot)
            screens.append(app.export_screenshot())
            if isinstance(app.screen, TicketScreen):  # a click on a ticket opens it
                await pilot.press("escape")
                await settle(pilot)
        await pilot.press("question_mark")
        screens.append(app.export_screenshot())
        assert app.is_running
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
    everything = "".join(screens)
    for literal in ("[@click=app.quit]x[/]", "[JIRA-42]", "\u2039RLO\u203a", "[/]"):
        assert literal.replace(" ", "&#160;") in everything.replace(" ", "&#160;")


async def test_hostile_text_in_palette_picker_notifications_and_dialogs(db, hostile):
    app = make_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"evil")
        await settle(pilot)
        screens = [app.export_screenshot()]
        await pilot.press("escape")
        await pilot.press("ctrl+n", "tab", "tab", "a")
        await settle(pilot)
        screens.append(app.export_screenshot())
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, NewContactScreen)
        app.open_contact(hostile)
        await settle(pilot)
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"CTO", "enter", "ctrl+s")
        await settle(pilot)
        screens.append(app.export_screenshot())
        await pilot.press("e", "x", "enter", "escape")
        screens.append(app.export_screenshot())
        assert app.is_running
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
    assert "[@click=app.quit]x[/]" in screens[0]
    assert "a&#160;[/" in screens[1] or "a [/" in screens[1]
    assert "Saved" in screens[2]


async def test_hostile_text_in_suggestions_match_marks_and_conflicts(db, hostile):
    """The company suggestions under a field, the mark of the method a row was found by, the
    conflict dialog's table and the country box: each shows hostile text literally."""
    path = db.url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    (contact_id,) = conn.execute(
        "SELECT id FROM contact WHERE reference = ?", (hostile,)
    ).fetchone()
    conn.execute(
        "INSERT INTO identity (contact_id, kind, value, normalized, is_default, created_at, "
        "version) VALUES (?, 'twitter', ?, 'zorro', 0, '2026-03-02 12:00:00', 1)",
        (contact_id, HANDLE),
    )
    index_contacts(wrap(conn), [contact_id])
    conn.execute("COMMIT")
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*"zorro")
        await settle(pilot)
        screens = [app.export_screenshot()]
        app.open_contact(hostile)
        await settle(pilot)
        row = app.screen.query_one("#field-company")
        row.focus()
        await pilot.press("e", "ctrl+u", *"a [/")
        await settle(pilot)
        screens.append(app.export_screenshot())
        await pilot.press("escape")
        loaded = app.screen.contact
        update_contact(db, hostile, loaded.version, {"title": HOSTILE[3], "city": HOSTILE[0]})
        await pilot.press("up", "e", "ctrl+u", *"[b]x", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        screens.append(app.export_screenshot())
        await pilot.press("escape", "escape", "y", "ctrl+n")
        app.screen.query_one("#country").focus()
        await pilot.press(*"[@click=app.quit]")
        await settle(pilot)
        screens.append(app.export_screenshot())
        assert app.is_running
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
    literal = [svg.replace("&#160;", " ") for svg in screens]
    assert "→ twitter [red]zorro[/]" in literal[0], "the handle found by, its escape dropped"
    assert "a [/" in literal[1], "the suggestions and the create choice"
    assert "[link=file:///etc/passwd]x" in literal[2] and "[b]x" in literal[2]
    assert "[@click=app.quit]" in literal[3]


async def test_hostile_text_in_ticket_list_screen_dialogs_and_new_ticket(db, hostile):
    """Subjects, groups, bodies, authors and a visitor's name as received, in the ticket list,
    the ticket screen, its pickers, the move confirmation and the new-ticket form."""
    path = db.url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, isolation_level=None)
    ids = [row[0] for row in conn.execute("SELECT id FROM ticket ORDER BY id")]
    for index, ticket_id in enumerate(ids):
        text = HOSTILE[index]
        conn.execute(
            "INSERT INTO ticket_message (ticket_id, author, body, created_at, from_customer, "
            "internal, message_id) VALUES (?, ?, ?, '2026-03-02 12:00:00', 1, 0, '')",
            (ticket_id, text, f"{text}\nline two \x1b[2J\x1b]52;c;QUJD\x07end"),
        )
    conn.execute(
        "INSERT INTO ticket (reference, subject, group_name, status, priority, contact_id, "
        "requester, requester_name, channel, created_at, updated_at, time_spent_minutes, "
        "version) VALUES ('T-99', 'visitor', '', 'new', 'low', NULL, ?, ?, ?, "
        "'2026-03-01 12:00:00', '2026-03-01 12:00:00', 0, 1)",
        (HANDLE, HOSTILE[2], HOSTILE[0]),
    )
    conn.close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_contact(hostile)
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screens = [app.export_screenshot()]
        for _ in range(len(HOSTILE)):
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TicketScreen)
            screens.append(app.export_screenshot())
            await pilot.press("g")
            screens.append(app.export_screenshot())
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("down")
        await pilot.press("home", "c", *"zzzz", "escape")
        await pilot.press("n", *"[/]", "tab", *"[@click=app.quit]")
        screens.append(app.export_screenshot())
        await pilot.press("escape", "y")
        app.open_ticket("T-99")
        await settle(pilot)
        screens.append(app.export_screenshot())
        await pilot.press("R")
        screens.append(app.export_screenshot())
        assert app.is_running
    for svg in screens:
        assert "\x1b" not in svg and "\x07" not in svg and "\u202e" not in svg
        assert "QUJD" not in svg
    everything = "".join(screens).replace("&#160;", " ")
    for literal in ("[@click=app.quit]x[/]", "RE: [JIRA-42] login", "\u2039RLO\u203a", "[/]"):
        assert literal in everything
    assert "[link=file:///etc/passwd]x[/link]" in everything
    assert "[red]zorro[/]" in everything  # the visitor's handle as received
