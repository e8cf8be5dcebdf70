"""Activity operations on both engines: log, list, edit and remove, each with its journal
Event, and every kind of bad input refused with a typed error that writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.activities.operations import edit_activity, log_activity, remove_activity
from helpdesk_tui.store.activities.reads import get_activity, list_activities
from helpdesk_tui.store.activities.views import ACTIVITY_KINDS, kind_of, moment_of
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import ErrorCode, InvalidInput, NotFound, NotYours, StaleEdit
from helpdesk_tui.store.kinds import ActivityKind
from helpdesk_tui.store.models import Activity, Event

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _events(db: Database) -> list[Event]:
    with db.read() as session:
        return list(
            session.exec(
                select(Event).where(Event.entity == "activity").order_by(col(Event.id))
            ).all()
        )


def _count(db: Database) -> int:
    with db.read() as session:
        return len(session.exec(select(Activity.id)).all())


def _as(db: Database, author: str) -> Database:
    return Database(db.url, author=author, region="GB")


@pytest.fixture
def ann(db):
    return create_contact(
        db, first_name="Ann", last_name="Lee", company="Acme", create_company=True
    )


def test_a_call_logged_for_a_contact_carries_its_company_and_is_journalled_whole(db, ann):
    logged = log_activity(
        db,
        contact=ann.reference.lower(),
        kind="Site-Visit",
        summary="  Fixed   the printer ",
        body="Toner.\n",
        occurred_at=T0,
    )
    assert (logged.kind, logged.summary, logged.body) == (
        ActivityKind.SITE_VISIT,
        "Fixed the printer",
        "Toner.",
    )
    assert (logged.author, logged.contact_reference, logged.contact_name) == (
        "tester",
        ann.reference,
        "Ann Lee",
    )
    assert (logged.company, logged.occurred_at, logged.version) == ("Acme", T0, 1)
    [event] = _events(db)
    assert (event.action, event.entity_id, event.author) == ("create", logged.id, "tester")
    assert "site visit" in event.description and "Ann Lee" in event.description
    [row] = event.rows
    assert (row["table"], row["before"], row["after"]["summary"]) == (
        "activity",
        None,
        "Fixed the printer",
    )
    assert row["after"]["company_id"] is not None
    page = list_activities(db, company="ACME")
    assert [a.id for a in page.rows] == [logged.id]


def test_a_company_activity_and_the_default_time_now(db, ann):
    before = datetime.now(UTC)
    logged = log_activity(db, company="acme", kind="meeting", summary="QBR")
    assert (logged.contact_reference, logged.company) == ("", "Acme")
    assert before - timedelta(seconds=5) <= logged.occurred_at.replace(tzinfo=UTC)
    assert list_activities(db, contact=ann.reference).rows == ()


def test_lists_page_newest_first(db, ann):
    made = [
        log_activity(
            db,
            contact=ann.reference,
            kind="call",
            summary=f"call {n}",
            occurred_at=T0 + timedelta(hours=n),
        )
        for n in range(5)
    ]
    first = list_activities(db, contact=ann.reference, limit=2)
    assert [a.summary for a in first.rows] == ["call 4", "call 3"] and first.has_more
    last = list_activities(db, contact=ann.reference, offset=4, limit=2)
    assert [a.id for a in last.rows] == [made[0].id] and not last.has_more


def test_edit_own_activity_journals_the_fields_and_a_stale_version_is_a_conflict(db, ann):
    logged = log_activity(db, contact=ann.reference, kind="call", summary="first")
    edited = edit_activity(db, logged.id, 1, summary="second", kind="email", occurred_at=T0)
    assert (edited.summary, edited.kind, edited.version, edited.occurred_at) == (
        "second",
        ActivityKind.EMAIL,
        2,
        T0,
    )
    event = _events(db)[-1]
    assert event.action == "update"
    assert event.before == {
        "summary": "first",
        "kind": "call",
        "occurred_at": event.before["occurred_at"],
        "version": 1,
    }
    assert event.after["summary"] == "second" and event.after["version"] == 2
    with pytest.raises(StaleEdit) as stale:
        edit_activity(db, logged.id, 1, summary="third")
    assert stale.value.code is ErrorCode.CONFLICT
    assert (stale.value.loaded_version, stale.value.current_version) == (1, 2)
    assert {c.field for c in stale.value.changes} >= {"summary", "kind"}
    assert stale.value.current.summary == "second"
    unchanged = edit_activity(db, logged.id, 2, summary="second")
    assert unchanged.version == 2 and len(_events(db)) == 2


def test_remove_own_activity_journals_the_whole_row(db, ann):
    logged = log_activity(db, contact=ann.reference, kind="note", summary="gone soon", body="b")
    removed = remove_activity(db, logged.id, 1)
    assert removed.summary == "gone soon" and _count(db) == 0
    event = _events(db)[-1]
    assert event.action == "delete" and event.before["body"] == "b"
    [row] = event.rows
    assert row["after"] is None and row["before"]["summary"] == "gone soon"
    assert row["before"]["id"] == logged.id
    with pytest.raises(NotFound) as missing:
        get_activity(db, logged.id)
    assert missing.value.field == "activity"


def test_another_agents_activity_is_refused_naming_the_author(db, ann):
    logged = log_activity(db, contact=ann.reference, kind="call", summary="mine")
    other = _as(db, "mallory")
    try:
        for attempt in (
            lambda: edit_activity(other, logged.id, 1, summary="theirs"),
            lambda: remove_activity(other, logged.id, 1),
        ):
            with pytest.raises(NotYours) as refused:
                attempt()
            assert refused.value.owner == "tester" and "tester" in str(refused.value)
    finally:
        other.dispose()
    assert get_activity(db, logged.id).summary == "mine" and len(_events(db)) == 1


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"kind": "call", "summary": "   "}, InvalidInput, "summary"),
        ({"kind": "call", "summary": "x" * 251}, InvalidInput, "summary"),
        ({"kind": "lunch", "summary": "x"}, InvalidInput, "kind"),
        ({"kind": "call", "summary": "x", "contact": "C-404", "company": ""}, NotFound, "contact"),
        ({"kind": "call", "summary": "x", "contact": "", "company": "Nope"}, NotFound, "company"),
        ({"kind": "call", "summary": "x", "contact": "", "company": ""}, InvalidInput, "contact"),
        ({"kind": "call", "summary": "x", "company": "Acme"}, InvalidInput, "contact"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_writes_nothing(db, ann, fields, error, field):
    with pytest.raises(error) as refused:
        log_activity(db, **{"contact": ann.reference, **fields})
    assert refused.value.field == field
    assert _count(db) == 0 and _events(db) == []


def test_an_unknown_kind_lists_the_kinds(db):
    with pytest.raises(InvalidInput) as refused:
        kind_of("lunch")
    assert refused.value.choices == ACTIVITY_KINDS
    assert "site visit" in str(refused.value)
    assert kind_of("SITE_visit") is ActivityKind.SITE_VISIT


def test_when_is_read_as_iso_with_the_local_time_without_an_offset(db):
    assert moment_of("2026-11-02T09:30:00+00:00") == T0
    assert moment_of("2026-11-02 09:30") == T0  # the tests run with TZ=UTC
    with pytest.raises(InvalidInput) as refused:
        moment_of("yesterday")
    assert refused.value.field == "when"


def test_a_kind_no_agent_could_type_reads_as_other(db, ann):
    logged = log_activity(db, contact=ann.reference, kind="call", summary="imported")
    with db.write() as session:
        session.get(Activity, logged.id).kind = "fax"
    assert get_activity(db, logged.id).kind is ActivityKind.OTHER
