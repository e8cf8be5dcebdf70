"""Units of work (DESIGN.md §5) on both engines: operations compose in one transaction under one
operation id, any failure (a failed COMMIT included) leaves nothing, versions go up once per
save, and the journal holds whole rows and serves them as a change feed."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlmodel import col, select

from helpdesk_tui.store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity
from helpdesk_tui.store.contacts.operations import (
    create_contact,
    create_contact_in,
    update_contact,
    update_contact_in,
)
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import ValidationFailed
from helpdesk_tui.store.journal.events import Change, RowChange, changes_since
from helpdesk_tui.store.journal.unit import UnjournalledChange, row_state
from helpdesk_tui.store.models import Company, Contact, Event, Identity
from helpdesk_tui.store.service import Store

from .test_engines import _fail_at_commit


def _events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.exec(select(Event).order_by(col(Event.id))).all())


def _count(db: Database, model) -> int:
    with db.read() as session:
        return len(session.exec(select(model)).all())


def _by_value(view, value):
    return next(i for i in view.identities if i.value == value)


# --- composition ---------------------------------------------------------------------------------


def test_two_operations_in_one_unit_commit_together_under_one_operation_id(any_db):
    with any_db.unit() as unit:
        ann = create_contact_in(unit, first_name="Ann", company="Acme", create_company=True)
        saved = update_contact_in(unit, ann.reference, ann.version, {"title": "CTO"})
    create_contact(any_db, first_name="Bob")
    company, created, updated, other = _events(any_db)
    assert [(e.entity, e.action) for e in (company, created, updated)] == [
        ("company", "create"),
        ("contact", "create"),
        ("contact", "update"),
    ]
    assert company.operation_id == created.operation_id == updated.operation_id
    assert other.operation_id not in (None, created.operation_id)
    assert {e.author for e in (company, created, updated, other)} == {"tester"}
    # A contact created and edited in one unit is at version 1: versions count the saves that
    # other agents could have loaded, and nobody saw it between the two operations.
    assert (saved.title, saved.version) == ("CTO", 1)


def test_a_failure_in_the_second_operation_rolls_back_the_first(any_db):
    with pytest.raises(ValidationFailed), any_db.unit() as unit:
        ann = create_contact_in(unit, first_name="Ann", company="Acme", create_company=True)
        update_contact_in(unit, ann.reference, ann.version, {"title": "x" * 500})
    with pytest.raises(RuntimeError), any_db.unit() as unit:
        create_contact_in(unit, first_name="Bob", identities=[("email", "bob@example.com")])
        raise RuntimeError("the caller failed after the operation")
    assert (_count(any_db, Contact), _count(any_db, Company), _count(any_db, Identity)) == (0, 0, 0)
    assert _events(any_db) == []


def test_a_unit_whose_commit_fails_is_never_committed_later(any_db):
    with pytest.raises(Exception, match=r"(?i)foreign key|unique"), any_db.unit() as unit:
        create_contact_in(unit, first_name="Half", identities=[("email", "half@example.com")])
        _fail_at_commit(unit.session)
    saved = create_contact(any_db, first_name="Next")
    with any_db.read() as session:
        assert session.exec(select(Contact.first_name)).all() == ["Next"]
        assert session.exec(select(Identity)).all() == []
    assert [e.entity_id for e in _events(any_db)] == [saved.id]


def test_a_change_no_event_records_is_refused_at_commit(any_db):
    ann = create_contact(any_db, first_name="Ann")
    with pytest.raises(UnjournalledChange, match=f"contact {ann.id}"), any_db.unit() as unit:
        row = unit.session.get(Contact, ann.id)
        row.title = "changed behind the journal's back"
    with any_db.read() as session:
        assert session.get(Contact, ann.id).title == ""
    assert len(_events(any_db)) == 1


# --- versions ------------------------------------------------------------------------------------


def _versions(db: Database, view) -> tuple[int, dict[str, int]]:
    with db.read() as session:
        contact = session.get(Contact, view.id)
        rows = session.exec(select(Identity).where(Identity.contact_id == view.id)).all()
        return contact.version, {row.value: row.version for row in rows}


def test_each_save_bumps_each_row_it_changes_exactly_once(any_db):
    view = create_contact(
        any_db, first_name="Kim", identities=[("email", "a@x.example"), ("email", "b@x.example")]
    )
    assert _versions(any_db, view) == (1, {"a@x.example": 1, "b@x.example": 1})
    # One save, several flushes: the contact and the default it demotes go up once; the new
    # method starts at 1; the method nobody touched stays.
    view = update_contact(
        any_db,
        view.reference,
        view.version,
        {"title": "CTO"},
        [AddIdentity("email", "c@x.example", make_default=True)],
    )
    assert _versions(any_db, view) == (2, {"a@x.example": 2, "b@x.example": 1, "c@x.example": 1})
    # Two operations on the same rows in one unit are one save: each row goes up once.
    with any_db.unit() as unit:
        first = update_contact_in(
            unit,
            view.reference,
            view.version,
            {"city": "Leeds"},
            [MakeDefault.of(_by_value(view, "b@x.example"))],
        )
        update_contact_in(
            unit,
            view.reference,
            first.version,
            {"city": "York"},
            [MakeDefault.of(_by_value(first, "a@x.example"))],
        )
    assert _versions(any_db, view) == (3, {"a@x.example": 3, "b@x.example": 2, "c@x.example": 2})


def test_a_bare_write_bumps_versions_by_the_same_rule(any_db):
    view = create_contact(any_db, first_name="Kim")
    with any_db.write() as session:
        row = session.get(Contact, view.id)
        row.title = "one"
        session.flush()
        row.city = "two"
    assert _versions(any_db, view)[0] == 2


# --- whole rows in the journal -------------------------------------------------------------------


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {column["name"] for column in sa_inspect(conn).get_columns(table)}


def _stored(db: Database, model, row_id: int) -> dict | None:
    with db.read() as session:
        row = session.get(model, row_id)
        return None if row is None else row_state(row)


def test_events_hold_whole_rows_before_and_after_with_normalized_identities(any_db):
    view = create_contact(
        any_db,
        first_name="Ann",
        identities=[("email", "Ann@Example.COM"), ("phone", "020 7946 0000")],
    )
    (created,) = _events(any_db)
    tables = [(row["table"], row["before"]) for row in created.rows]
    assert tables == [("contact", None), ("identity", None), ("identity", None)]
    for row in created.rows:
        assert set(row["after"]) == _columns(any_db, row["table"])
    email, phone = (row["after"] for row in created.rows[1:])
    assert (email["kind"], email["value"], email["normalized"]) == (
        "email",
        "Ann@Example.COM",
        "Ann@example.com",
    )
    assert (phone["normalized"], phone["is_default"], phone["version"]) == (
        "+442079460000",
        True,
        1,
    )
    assert email["contact_id"] == view.id == created.rows[0]["id"]
    assert created.rows[0]["after"] == _stored(any_db, Contact, view.id)

    saved = update_contact(
        any_db,
        view.reference,
        view.version,
        {"company": "Initech", "title": "CTO"},
        [RemoveIdentity.of(_by_value(view, "Ann@Example.COM"))],
        create_company=True,
    )
    company_event, updated = _events(any_db)[1:]
    assert [(r["table"], r["before"]) for r in company_event.rows] == [("company", None)]
    assert company_event.rows[0]["after"] == _stored(any_db, Company, company_event.entity_id)
    removed, contact = (
        next(r for r in updated.rows if r["table"] == t) for t in ("identity", "contact")
    )
    assert removed["before"] == email and removed["after"] is None
    assert contact["before"] == created.rows[0]["after"]
    assert contact["after"] == _stored(any_db, Contact, view.id)
    assert (contact["after"]["title"], contact["after"]["version"]) == ("CTO", saved.version)
    assert contact["after"]["company_id"] == company_event.entity_id
    # The summary the stale-edit message reads is still there beside the whole rows.
    assert updated.before["version"] == 1 and updated.after["version"] == 2


# --- the change feed -----------------------------------------------------------------------------


def test_changes_since_returns_what_changed_after_a_point_in_order_and_bounded(any_db):
    ann = create_contact(any_db, first_name="Ann", identities=[("email", "ann@x.example")])
    start = changes_since(any_db, 0)[-1].event_id
    bob = create_contact(any_db, first_name="Bob")
    update_contact(any_db, ann.reference, ann.version, {"title": "CTO"})
    update_contact(any_db, bob.reference, bob.version, {"city": "Leeds"})

    changes = changes_since(any_db, start)
    assert [(c.entity_id, c.action) for c in changes] == [
        (bob.id, "create"),
        (ann.id, "update"),
        (bob.id, "update"),
    ]
    assert all(isinstance(c, Change) and c.author == "tester" for c in changes)
    assert [c.event_id for c in changes] == sorted(c.event_id for c in changes)
    assert len({c.operation_id for c in changes}) == 3
    assert changes[1].rows == (
        RowChange("contact", ann.id, changes[1].rows[0].before, _stored(any_db, Contact, ann.id)),
    )
    assert changes[1].rows[0].before["title"] == "" and changes[1].at.utcoffset() is not None

    first = changes_since(any_db, start, limit=2)
    assert first + changes_since(any_db, first[-1].event_id, limit=2) == changes
    assert changes_since(any_db, changes[-1].event_id) == []
    with any_db.read() as session:
        assert changes_since(session, start) == changes


def test_the_journal_head_moves_with_each_change_and_dates_each_search(any_db):
    """Home searches again on coming back only when the head moved (``journal.head``): every
    change moves it, a read does not, and a search says where it stood before reading."""
    with Store(any_db.url, author="tester", region="GB") as store:
        assert store.journal_head() == 0 and store.search("lee").as_of == 0
        ann = create_contact(any_db, first_name="Ann", last_name="Lee")
        head = store.journal_head()
        assert head == changes_since(any_db, 0)[-1].event_id
        found = store.search("lee")
        assert found.as_of == head and store.search("").as_of == head
        assert store.journal_head() == head
        update_contact(any_db, ann.reference, ann.version, {"title": "CTO"})
        assert store.journal_head() > head == found.as_of


def test_event_ids_follow_commit_order_so_a_feed_reader_misses_nothing(pg_url):
    """PostgreSQL runs two writes at once; the one that commits first gets the smaller Event
    id, even when the other made its change earlier (SQLite runs one write at a time)."""
    db = Database(pg_url, author="tester", region="GB")
    create_contact(db, first_name="Agent registered")
    with db.unit() as early:
        create_contact_in(early, first_name="Early")
        with db.unit() as late:
            create_contact_in(late, first_name="Late")
        seen = changes_since(db, 0)
    later = changes_since(db, seen[-1].event_id)
    db.dispose()
    assert [c.description.split(" (")[0] for c in seen] == [
        "created Agent registered",
        "created Late",
    ]
    assert [c.description.split(" (")[0] for c in later] == ["created Early"]
