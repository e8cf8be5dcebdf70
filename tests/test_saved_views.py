"""Saved views on both engines: per agent, saved (a name saved again replaces it), listed
beside the shipped ones, deleted; each change journalled, bad input refused; and migration
0009's flags."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import InvalidInput, NotFound
from helpdesk_tui.store.models import Event, SavedView
from helpdesk_tui.store.saved_views.operations import delete_view, list_views, save_view
from helpdesk_tui.store.saved_views.views import DEFAULTS

pytestmark = pytest.mark.both_engines


def _events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(
            session.exec(
                select(Event).where(Event.entity == "saved_view").order_by(col(Event.id))
            ).all()
        )


@pytest.fixture
def other(db):
    database = Database(db.url, author="mallory", region="GB")
    yield database
    database.dispose()


def test_shipped_views_are_listed_for_a_new_agent(db):
    assert list_views(db) == tuple(sorted(DEFAULTS, key=lambda r: r.name.casefold()))
    whatsapp = next(r for r in DEFAULTS if r.name == "WhatsApp contacts")
    assert whatsapp.query == "kind:whatsapp" and whatsapp.shipped
    assert any(r.has_open_tickets for r in DEFAULTS)
    assert any(r.has_unassigned_tickets for r in DEFAULTS)


def test_save_replace_and_delete_are_journalled_and_per_agent(db, other):
    made = save_view(db, " Acme  whatsapp ", "kind:whatsapp   company:acme")
    assert (made.name, made.query, made.shipped, made.version) == (
        "Acme whatsapp",
        "kind:whatsapp company:acme",
        False,
        1,
    )
    replaced = save_view(db, "Acme whatsapp", "company:acme", has_open_tickets=True)
    assert (replaced.query, replaced.has_open_tickets, replaced.version) == (
        "company:acme",
        True,
        2,
    )
    assert save_view(db, "Acme whatsapp", "company:acme", has_open_tickets=True).version == 2
    save_view(other, "Acme whatsapp", "kind:sms")
    mine = [r for r in list_views(db) if not r.shipped]
    assert [(r.name, r.query) for r in mine] == [("Acme whatsapp", "company:acme")]
    theirs = [r for r in list_views(other) if not r.shipped]
    assert [(r.name, r.query) for r in theirs] == [("Acme whatsapp", "kind:sms")]

    removed = delete_view(db, "Acme whatsapp")
    assert removed.query == "company:acme"
    assert [r for r in list_views(db) if not r.shipped] == []
    assert [r.name for r in list_views(other) if not r.shipped] == ["Acme whatsapp"]
    created, updated, _, deleted = _events(db)
    assert [e.action for e in (created, updated, deleted)] == ["create", "update", "delete"]
    assert created.after["owner"] == "tester" and created.rows[0]["before"] is None
    assert (updated.before["query"], updated.after["query"]) == (
        "kind:whatsapp company:acme",
        "company:acme",
    )
    assert deleted.rows[0]["after"] is None and deleted.rows[0]["before"]["name"] == "Acme whatsapp"


def test_an_agents_view_stands_in_for_a_shipped_one_of_its_name(db):
    save_view(db, "WhatsApp contacts", "kind:whatsapp company:acme")
    [row] = [r for r in list_views(db) if r.name == "WhatsApp contacts"]
    assert (row.query, row.shipped) == ("kind:whatsapp company:acme", False)
    delete_view(db, "WhatsApp contacts")
    [row] = [r for r in list_views(db) if r.name == "WhatsApp contacts"]
    assert row.shipped


@pytest.mark.parametrize(
    ("name", "query", "flags", "field"),
    [
        ("  ", "kind:sms", {}, "name"),
        ("x" * 81, "kind:sms", {}, "name"),
        ("bad kind", "kind:pigeon", {}, "query"),
        ("nothing", "  ", {}, "query"),
    ],
)
def test_bad_views_are_refused_and_nothing_is_saved(db, name, query, flags, field):
    with pytest.raises(InvalidInput) as refused:
        save_view(db, name, query, **flags)
    assert refused.value.field == field
    assert _events(db) == []
    with db.read() as session:
        assert session.exec(select(SavedView)).all() == []


def test_only_an_empty_query_with_a_flag_is_a_view(db):
    assert save_view(db, "Mine open", "", has_unassigned_tickets=True).has_unassigned_tickets


@pytest.mark.parametrize("name", ["Has open tickets", "never saved"])
def test_deleting_a_shipped_or_unknown_view_is_not_found(db, other, name):
    save_view(other, "never saved", "kind:sms")
    with pytest.raises(NotFound) as missing:
        delete_view(db, name)
    assert missing.value.field == "name"
    assert [e.author for e in _events(db)] == ["mallory"]


def _searched(db, view) -> list[str]:
    from helpdesk_tui.store.search.searcher import search

    with db.raw() as conn:
        return [hit.name for hit in search(conn, view.search).hits]


def test_a_views_flags_are_searched_as_has_filters(db):
    """The shipped "has … tickets" views, and a view saved with a flag, find what they say."""
    from .test_search import _create
    from .test_search_has import _ticket

    people = _create(
        db,
        (
            ("Jon", "Open", "", []),
            ("Jon", "Unassigned", "", []),
            ("Jon", "Closed", "", []),
        ),
    )
    _ticket(db, people["Jon Open"], "open", 5, assignee="amara")
    _ticket(db, people["Jon Unassigned"], "new", 3)
    _ticket(db, people["Jon Closed"], "closed", 9)
    shipped = {row.name: row for row in list_views(db)}
    assert _searched(db, shipped["Has open tickets"]) == ["Jon Open", "Jon Unassigned"]
    assert _searched(db, shipped["Has unassigned tickets"]) == ["Jon Unassigned"]
    flagged = save_view(db, "Jons waiting", "jon", has_unassigned_tickets=True)
    assert (flagged.query, flagged.search) == ("jon", "jon has:unassigned")
    assert _searched(db, flagged) == ["Jon Unassigned"]
    typed = save_view(db, "Typed", "jon has:open")
    assert typed.search == "jon has:open" and not typed.has_open_tickets
    assert sorted(_searched(db, typed)) == ["Jon Open", "Jon Unassigned"]  # ranked as words


@pytest.mark.parametrize(
    ("query", "flags", "search"),
    [
        ("", {"has_open_tickets": True}, "has:open"),
        ("jon has:open", {"has_unassigned_tickets": True}, "jon has:unassigned"),
        ("jon has:unassigned", {"has_open_tickets": True}, "jon has:unassigned"),
        ('company:"koch me', {"has_open_tickets": True}, 'company:"koch me" has:open'),
        ("kind:sms", {}, "kind:sms"),
    ],
)
def test_a_views_search_says_its_flags_once_and_the_narrower_wins(query, flags, search):
    from helpdesk_tui.store.saved_views.views import SavedViewRow

    assert SavedViewRow("v", query, **flags).search == search
