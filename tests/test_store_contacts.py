"""Contacts in the store: create, edit, validation, version checks and the journal (no Textual)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from helpdesk_tui.store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import NotFound, StaleEdit, ValidationFailed
from helpdesk_tui.store.models import Company, Contact, Event, Identity

pytestmark = pytest.mark.both_engines


def test_create_contact_with_identities_journals_the_contact_and_the_company_it_creates(db):
    contact = create_contact(
        db,
        first_name="Siobhán",
        last_name="O'Neill",
        company="Acme Ltd",
        create_company=True,
        identities=[("email", "Siobhan@Example.COM"), ("phone", "020 7946 0000")],
    )
    assert contact.name == "Siobhán O'Neill"
    assert contact.company == "Acme Ltd"
    assert contact.reference.startswith("C-")
    assert len(contact.pin) == 8 and contact.pin.isdigit()
    kinds = {(i.kind, i.normalized, i.is_default) for i in contact.identities}
    assert kinds == {("email", "Siobhan@example.com", True), ("phone", "+442079460000", True)}
    with db.read() as session:
        events = session.exec(select(Event).order_by(Event.id)).all()
    assert [(e.entity, e.action) for e in events] == [("company", "create"), ("contact", "create")]
    assert events[0].after["name"] == "Acme Ltd"
    assert events[0].entity_id == events[-1].after["company_created"]["id"]
    assert events[-1].author == "tester"
    assert events[-1].after["first_name"] == "Siobhán"
    assert events[-1].after["company_created"]["name"] == "Acme Ltd"
    assert "company Acme Ltd" in events[-1].description


def test_create_refuses_empty_name_and_bad_identities_writing_nothing(db):
    with pytest.raises(ValidationFailed) as failure:
        create_contact(db, identities=[("email", "not-an-email"), ("phone", "12")])
    errors = failure.value.errors
    assert errors["first_name"] == "a contact needs a first or last name"
    assert errors["identity:new:0"].startswith("not an email address")
    assert "phone" in errors["identity:new:1"]
    with db.read() as session:
        assert session.exec(select(Event)).all() == []


def test_create_refuses_identity_owned_by_another_contact_naming_the_owner(db):
    owner = create_contact(
        db, first_name="Ada", last_name="Lovelace", identities=[("email", "ada@example.com")]
    )
    with pytest.raises(ValidationFailed) as failure:
        create_contact(db, first_name="Eve", identities=[("email", "ada@EXAMPLE.com")])
    message = failure.value.errors["identity:new:0"]
    assert "Ada Lovelace" in message and owner.reference in message
    assert failure.value.conflicts[0].owner_reference == owner.reference
    assert failure.value.conflicts[0].field == "identity:new:0", "the field it concerns"


def test_create_refuses_unknown_company_unless_asked_to_create_it(db):
    with pytest.raises(ValidationFailed) as failure:
        create_contact(db, first_name="Ann", company="Nowhere Inc")
    assert "Nowhere Inc" in failure.value.errors["company"]
    assert failure.value.unknown_company == "Nowhere Inc", "a caller can offer to create it"
    create_contact(db, first_name="Ann", company="Nowhere Inc", create_company=True)
    create_contact(db, first_name="Bob", company="nowhere inc")
    with db.read() as session:
        assert len(session.exec(select(Company)).all()) == 1


def test_update_saves_fields_bumps_version_and_journals_before_and_after(db):
    contact = create_contact(db, first_name="Jon", last_name="Smith")
    saved = update_contact(
        db, contact.reference, contact.version, {"first_name": "John", "title": "CTO"}
    )
    assert (saved.first_name, saved.title, saved.version) == ("John", "CTO", contact.version + 1)
    again = get_contact(db, contact.reference).contact
    assert again.first_name == "John"
    with db.read() as session:
        event = session.exec(select(Event).order_by(Event.id.desc())).first()
    assert event.action == "update"
    assert event.before["first_name"] == "Jon" and event.after["first_name"] == "John"
    assert "first name" in event.description and "title" in event.description


def test_stale_save_is_refused_and_names_who_changed_what(db):
    contact = create_contact(db, first_name="Jon", last_name="Smith")
    update_contact(db, contact.reference, contact.version, {"title": "CTO"})
    with pytest.raises(StaleEdit) as failure:
        update_contact(db, contact.reference, contact.version, {"first_name": "Jonathan"})
    assert failure.value.changed_by == "tester"
    assert "title" in failure.value.change
    assert str(failure.value) == (
        f"contact {contact.reference} was changed by tester (edited title of Jon Smith) after "
        "version 1; it is at version 2 now: nothing was saved"
    )
    assert get_contact(db, contact.reference).contact.first_name == "Jon"


@pytest.fixture
def colleague(db):
    """Another agent on the same database file."""
    other = Database(db.url, author="alice", region="GB")
    yield other
    other.dispose()


def test_stale_save_says_field_by_field_who_changed_what_and_when(db, colleague):
    mine = create_contact(
        db, first_name="Jon", last_name="Smith", identities=[("email", "jon@a.example")]
    )
    theirs = update_contact(
        colleague,
        mine.reference,
        mine.version,
        {"title": "CTO", "city": "Cork", "country": "ireland"},
        [AddIdentity("phone", "+353 1 234 5678")],
    )
    theirs = update_contact(db, mine.reference, theirs.version, {"city": "Dublin"})
    with pytest.raises(StaleEdit) as failure:
        update_contact(
            db,
            mine.reference,
            mine.version,
            {"title": "CEO", "first_name": "Jonathan", "country": "germany"},
            [AddIdentity("email", "jon@b.example")],
        )
    stale = failure.value
    assert (stale.loaded_version, stale.current_version) == (1, 3)
    assert stale.changed_by == "alice and tester"
    changes = {c.field: c for c in stale.changes}
    assert [c.field for c in stale.changes] == ["title", "city", "country", "identities"]
    title, city, country, methods = (changes[f] for f in ("title", "city", "country", "identities"))
    assert (title.label, title.loaded, title.theirs, title.yours) == ("Title", "", "CTO", "CEO")
    assert (title.author, title.clashes) == ("alice", True)
    assert (city.loaded, city.theirs, city.yours, city.author) == ("", "Dublin", None, "tester")
    assert not city.clashes
    assert (country.theirs, country.yours, country.author) == ("IE", "DE", "alice")
    assert methods.theirs == "added phone +353 1 234 5678"
    assert methods.yours == "add email jon@b.example"
    assert methods.author == "alice"
    with db.read() as session:
        events = session.exec(select(Event).order_by(Event.id)).all()
    assert [c.at for c in (title, city)] == [events[1].at, events[2].at]
    assert title.at.tzinfo is not None
    assert stale.current_values["city"] == "Dublin"
    assert stale.current_values["first_name"] == "Jon"
    assert stale.current_values["country"] == "IE"
    assert stale.current.version == 3 and stale.current.city == "Dublin"
    assert "version 1; it is at version 3 now" in str(stale)
    assert "2 changes, the last: edited city of Jon Smith" in str(stale)
    again = get_contact(db, mine.reference).contact
    assert (again.title, again.first_name, again.version) == ("CTO", "Jon", 3)


def test_stale_save_counts_only_the_changes_after_the_loaded_version(db, colleague):
    mine = create_contact(db, first_name="Jon")
    v2 = update_contact(colleague, mine.reference, mine.version, {"title": "CTO"})
    v3 = update_contact(colleague, mine.reference, v2.version, {"city": "Cork"})
    with pytest.raises(StaleEdit) as failure:
        update_contact(db, mine.reference, v2.version, {"title": "CEO"})
    assert [(c.field, c.theirs, c.yours) for c in failure.value.changes] == [("city", "Cork", None)]
    assert failure.value.current_version == v3.version


@pytest.mark.sqlite_only  # such events were only ever written to SQLite databases
def test_stale_save_places_events_that_predate_recorded_versions(db, colleague):
    """Events written before they recorded their version are counted back from the current one."""
    mine = create_contact(db, first_name="Jon")
    v2 = update_contact(colleague, mine.reference, mine.version, {"title": "CTO"})
    update_contact(colleague, mine.reference, v2.version, {"city": "Cork"})
    with db.raw() as conn:
        conn.execute(
            "UPDATE event SET after = json_remove(after, '$.version'), "
            "before = json_remove(before, '$.version')"
        )
    with pytest.raises(StaleEdit) as failure:
        update_contact(db, mine.reference, v2.version, {"title": "CEO"})
    assert [c.field for c in failure.value.changes] == ["city"]
    with pytest.raises(StaleEdit) as failure:
        update_contact(db, mine.reference, mine.version, {"title": "CEO"})
    assert [c.field for c in failure.value.changes] == ["title", "city"]


def test_each_change_records_the_version_it_made(db):
    contact = create_contact(db, first_name="Jon")
    saved = update_contact(db, contact.reference, contact.version, {"title": "CTO"})
    with db.read() as session:
        events = session.exec(select(Event).order_by(Event.id)).all()
    assert [e.after["version"] for e in events] == [1, 2]
    assert events[1].before["version"] == 1 and saved.version == 2


def test_an_edit_that_changes_nothing_writes_nothing(db):
    contact = create_contact(db, first_name="Jon", title="CTO", country="DE")
    same = update_contact(
        db, contact.reference, contact.version, {"title": " CTO ", "country": "Germany"}
    )
    assert same.version == contact.version
    with db.read() as session:
        assert len(session.exec(select(Event)).all()) == 1


def test_invalid_edit_saves_nothing(db):
    contact = create_contact(db, first_name="Jon", last_name="Smith")
    with pytest.raises(ValidationFailed) as failure:
        update_contact(
            db,
            contact.reference,
            contact.version,
            {"first_name": "", "last_name": "", "title": "x" * 500},
            [AddIdentity("email", "nope")],
        )
    assert set(failure.value.errors) == {"first_name", "title", "identity:new:0"}
    unchanged = get_contact(db, contact.reference).contact
    assert (unchanged.first_name, unchanged.version) == ("Jon", contact.version)


def test_identity_ops_keep_one_default_per_kind(db):
    contact = create_contact(db, first_name="Kim", identities=[("email", "kim@a.example")])
    saved = update_contact(
        db, contact.reference, contact.version, identity_ops=[AddIdentity("email", "kim@b.example")]
    )
    first, second = sorted(saved.identities, key=lambda i: i.value)
    assert first.is_default and not second.is_default
    saved = update_contact(
        db, contact.reference, saved.version, identity_ops=[MakeDefault.of(second)]
    )
    assert saved.default("email") == "kim@b.example"
    saved = update_contact(
        db, contact.reference, saved.version, identity_ops=[RemoveIdentity.of(second)]
    )
    assert saved.default("email") == "kim@a.example"
    with db.read() as session:
        rows = session.exec(select(Identity).where(Identity.contact_id == contact.id)).all()
    assert [(r.value, r.is_default) for r in rows] == [("kim@a.example", True)]


def test_phone_region_follows_the_contacts_country(db):
    contact = create_contact(
        db, first_name="Hans", country="DE", identities=[("phone", "030 901820")]
    )
    assert contact.identities[0].normalized == "+4930901820"


def test_unknown_reference_is_not_found(db):
    with pytest.raises(NotFound):
        get_contact(db, "C-404")
    with pytest.raises(NotFound):
        update_contact(db, "C-404", 1, {"title": "x"})


def test_demo_contact_detail_has_every_tab(demo_db):
    with demo_db.raw() as conn:
        reference = conn.execute(
            "SELECT c.reference FROM contact c JOIN ticket t ON t.contact_id = c.id "
            "JOIN custom_value v ON v.contact_id = c.id JOIN activity a ON a.contact_id = c.id "
            "WHERE c.sla_policy_id IS NOT NULL OR c.company_id IN "
            "(SELECT id FROM company WHERE sla_policy_id IS NOT NULL) LIMIT 1"
        ).fetchone()[0]
    detail = get_contact(demo_db, reference)
    assert detail.tickets and detail.custom_values and detail.sla
    assert [t.created_at for t in detail.tickets] == sorted(
        (t.created_at for t in detail.tickets), reverse=True
    )
    assert detail.sla.targets[0].priority == "urgent"


def test_company_names_match_whatever_the_case_of_any_letter(db):
    for name in ("Ärzte AG", "Straße GmbH", "İstanbul Ltd", "Ölçer A.Ş."):
        create_contact(db, first_name="A", company=name, create_company=True)
        again = create_contact(db, first_name="B", company=name.upper())
        assert again.company == name
        lower = create_contact(db, first_name="C", company=name.casefold())
        assert lower.company == name
    with db.read() as session:
        assert len(session.exec(select(Company)).all()) == 4


def test_adding_a_method_the_contact_already_has_is_a_clear_error(db):
    contact = create_contact(db, first_name="Kim", identities=[("phone", "+44 20 7946 0958")])
    with pytest.raises(ValidationFailed) as failure:
        update_contact(
            db,
            contact.reference,
            contact.version,
            identity_ops=[AddIdentity("phone", "020 7946 0958")],
        )
    assert "already one of this contact's methods" in failure.value.errors["identity:new:0"]


def scripted_draws(monkeypatch, *values: int) -> list[int]:
    """Make the store's random draws (references, PINs) return ``values`` in order."""
    from helpdesk_tui.store.contacts import keys as contact_keys

    left = list(values)

    def draw(bound: int) -> int:
        assert left, "the store drew more numbers than the test scripted"
        value = left.pop(0)
        assert 0 <= value < bound
        return value

    monkeypatch.setattr(contact_keys, "draw", draw)
    return left


def test_new_company_references_never_collide(db, monkeypatch):
    """The second company draws the first one's reference, and draws again."""
    # Draws in order: the company's reference, the contact's reference, the contact's PIN.
    left = scripted_draws(monkeypatch, 7, 1, 1, 7, 8, 2, 2)
    first = create_contact(db, first_name="X", company="Firm 1", create_company=True)
    second = create_contact(db, first_name="Y", company="Firm 2", create_company=True)
    assert (first.company_reference, second.company_reference) == ("CO-10000007", "CO-10000008")
    assert left == []


def test_new_contact_references_never_collide(db, monkeypatch):
    left = scripted_draws(monkeypatch, 5, 1, 5, 6, 2)
    first = create_contact(db, first_name="X")
    second = create_contact(db, first_name="Y")
    assert (first.reference, second.reference) == ("C-10000005", "C-10000006")
    assert left == []


def test_new_pins_never_collide(db, monkeypatch):
    """The second contact draws the first one's PIN, and draws again: a PIN names one caller."""
    left = scripted_draws(monkeypatch, 1, 424242, 2, 424242, 31337)
    first = create_contact(db, first_name="X")
    second = create_contact(db, first_name="Y")
    assert (first.pin, second.pin) == ("00424242", "00031337")
    assert left == []


def test_the_database_refuses_a_shared_pin(db):
    from sqlalchemy.exc import IntegrityError

    first = create_contact(db, first_name="X")
    second = create_contact(db, first_name="Y")
    with pytest.raises(IntegrityError), db.write() as session:
        row = session.get(Contact, second.id)
        row.pin = first.pin
        session.add(row)


# --- countries -----------------------------------------------------------------------------------


def test_country_is_stored_as_its_code_and_shown_by_its_name(db):
    contact = create_contact(db, first_name="Hans", country="germany")
    assert (contact.country, contact.country_name) == ("DE", "Germany")
    assert contact.shown("country") == "Germany" and contact.field("country") == "DE"
    saved = update_contact(db, contact.reference, contact.version, {"country": "Côte d'Ivoire"})
    assert (saved.country, saved.country_name) == ("CI", "Côte d'Ivoire")
    cleared = update_contact(db, contact.reference, saved.version, {"country": ""})
    assert (cleared.country, cleared.country_name) == ("", "")


def test_a_country_that_is_none_is_refused_by_create_and_update(db):
    hint = "(type a country name or its two-letter code, e.g. IE or Ireland)"
    with pytest.raises(ValidationFailed) as failure:
        create_contact(db, first_name="Lucy", country="Narnia")
    assert failure.value.errors == {"country": f"not a country: 'Narnia' {hint}"}
    contact = create_contact(db, first_name="Lucy")
    with pytest.raises(ValidationFailed) as failure:
        update_contact(db, contact.reference, contact.version, {"country": "Germny"})
    assert "did you mean Germany?" in failure.value.errors["country"]
    assert get_contact(db, contact.reference).contact.country == ""


def test_phones_are_read_for_the_country_however_it_was_typed(db):
    """A number without +49 is German when the country, typed as a name, is Germany."""
    hans = create_contact(
        db, first_name="Hans", country="Germany", identities=[("phone", "030 901820")]
    )
    assert hans.identities[0].normalized == "+4930901820"
    moved = update_contact(
        db,
        hans.reference,
        hans.version,
        {"country": "ireland"},
        [AddIdentity("phone", "01 234 5678")],
    )
    assert {i.normalized for i in moved.identities} == {"+4930901820", "+35312345678"}


def test_a_country_typed_before_codes_shows_as_typed_until_its_field_is_edited(db):
    contact = create_contact(db, first_name="Lucy")
    with db.write() as session:  # a value saved before countries were checked
        session.execute(
            text("UPDATE contact SET country = 'Narnia' WHERE id = :id"), {"id": contact.id}
        )
    legacy = get_contact(db, contact.reference).contact
    assert (legacy.country, legacy.country_name) == ("Narnia", "Narnia")
    saved = update_contact(db, contact.reference, legacy.version, {"city": "Cair Paravel"})
    assert saved.country == "Narnia"
    with pytest.raises(ValidationFailed) as failure:
        update_contact(db, contact.reference, saved.version, {"country": "Narnia"})
    assert failure.value.errors["country"].startswith("not a country: 'Narnia'")


def test_a_reference_is_found_however_an_agent_types_it(db):
    contact = create_contact(db, first_name="Jon")
    digits = contact.reference.removeprefix("C-")
    for typed in (contact.reference, f"c-{digits}", f"C{digits}", digits, f"  {digits} "):
        assert get_contact(db, typed).contact.reference == contact.reference, typed
    saved = update_contact(db, f"c{digits}", contact.version, {"title": "CTO"})
    assert saved.title == "CTO"
    with pytest.raises(NotFound, match="no contact with reference C-404"):
        get_contact(db, "c404")


def test_refusals_name_fields_and_contact_methods_as_people_do(db):
    with pytest.raises(ValidationFailed) as failure:
        create_contact(
            db,
            first_name="Jon",
            title="x" * 101,
            identities=[("email", "jon@a.example"), ("email", " x "), ("fax", "123")],
        )
    assert failure.value.labels == {
        "title": "Title",
        "identity:new:1": "email x",
        "identity:new:2": "fax 123",
    }
    assert str(failure.value) == (
        "Title: too long (101 characters, at most 100); email x: not an email address: "
        "missing @; fax 123: unknown kind of contact method 'fax' (kinds: email, phone, sms, "
        "whatsapp, twitter, facebook, wechat, other)"
    )


def test_company_exists_by_the_rule_a_save_uses(db):
    from helpdesk_tui.store.contacts.operations import company_exists

    create_contact(db, first_name="Ann", company="Ärzte AG", create_company=True)
    assert company_exists(db, " ärzte ag ")
    assert not company_exists(db, "Ärzte")


INVISIBLE_NAMES = [
    "\u200b",
    "\u2060\u200d",
    "\u00ad",
    "\u3164",
    "\u115f\u1160",
    "\ufeff",
    "\u180e",
    "\ufe0f\U000e0100",
    "\u202e\u2066",
    "\U000e0041\U000e007f",
    " \u2800 \u3000",
    "\u0301",
]


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_a_name_of_only_invisible_characters_is_no_name(db, name):
    with pytest.raises(ValidationFailed) as failure:
        create_contact(db, first_name=name, last_name=name)
    assert failure.value.errors["first_name"] == "a contact needs a first or last name"
    cher = create_contact(db, first_name="Cher")
    with pytest.raises(ValidationFailed) as failure:
        update_contact(db, cher.reference, cher.version, {"first_name": name})
    assert failure.value.errors["first_name"] == "a contact needs a first or last name"
    kept = update_contact(db, cher.reference, cher.version, {"last_name": name, "title": "Ms"})
    assert (kept.first_name, kept.last_name, kept.title) == ("Cher", "", "Ms")


@pytest.mark.parametrize(
    "name", ["👩\u200d💻", "Zoe\u0308", "\u05e9\u05dc\u05d5\u05dd", "李", "O'Neill"]
)
def test_names_that_show_something_are_kept_as_typed(db, name):
    assert create_contact(db, first_name=name).first_name == name


def test_detail_lists_the_most_urgent_open_tickets_and_counts_them_all(db, monkeypatch):
    """A contact with more open tickets than the SLA tab shows: the ones due first come (the
    first response while none was sent, else the resolution), and the count says how many."""
    from datetime import UTC, datetime, timedelta

    from helpdesk_tui.store.contacts import reads
    from helpdesk_tui.store.models import Ticket

    monkeypatch.setattr(reads, "DUE_SHOWN", 3)
    ann = create_contact(db, first_name="Ann")
    t0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    # (status, first response due in hours, answered, resolution due in hours)
    specs = [
        ("open", 50, False, 90),
        ("new", 5, False, 40),
        ("pending", 1, True, 30),  # answered: its resolution (30 h) is what is due next
        ("open", None, False, None),  # no target: last
        ("closed", 0, False, 0),  # closed: never listed
        ("open", 20, False, 60),
        ("new", 2, False, 10),
    ]
    with db.write() as session:
        for n, (status, first, answered, resolution) in enumerate(specs):
            session.add(
                Ticket(
                    reference=f"T-{7_000_000 + n}",
                    subject=f"ticket {n}",
                    status=status,
                    contact_id=ann.id,
                    created_at=t0 + timedelta(minutes=n),
                    updated_at=t0 + timedelta(minutes=n),
                    first_response_at=t0 if answered else None,
                    first_response_due_at=None if first is None else t0 + timedelta(hours=first),
                    resolution_due_at=(
                        None if resolution is None else t0 + timedelta(hours=resolution)
                    ),
                )
            )
    detail = get_contact(db, ann.reference)
    assert [t.subject for t in detail.open_tickets] == ["ticket 6", "ticket 1", "ticket 5"]
    assert detail.open_ticket_count == 6
    assert detail.ticket_count == 7
    monkeypatch.setattr(reads, "DUE_SHOWN", 10)
    listed = [t.subject for t in get_contact(db, ann.reference).open_tickets]
    assert listed == ["ticket 6", "ticket 1", "ticket 5", "ticket 2", "ticket 0", "ticket 3"]
    quick = get_contact(db, ann.reference, urgent=False)
    assert quick.open_tickets == () and quick.open_ticket_count is None, "the screen's read"
    assert quick.tickets == () and len(detail.tickets) == 7, "its Tickets tab pages its own"
    assert quick.ticket_count == 7 and not quick.ticket_count_capped
    monkeypatch.setattr(reads, "COUNT_CAP", 5)
    capped = get_contact(db, ann.reference, urgent=False)
    assert (capped.ticket_count, capped.ticket_count_capped) == (5, True), "counted up to a cap"
    exact = get_contact(db, ann.reference)
    assert (exact.ticket_count, exact.ticket_count_capped) == (7, False), "contact show: all"
    assert reads.most_urgent_tickets(db, ann.reference.lower()) == tuple(
        get_contact(db, ann.reference).open_tickets
    )
    with pytest.raises(NotFound):
        reads.most_urgent_tickets(db, "C-99999999")
