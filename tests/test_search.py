"""Search: ranked, typo- and accent-tolerant, filtered, cancellable (no Textual)."""

from __future__ import annotations

import pytest

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.search.searcher import Cancelled, recent, search

pytestmark = pytest.mark.both_engines


def _create(db, rows):
    """Contacts from (first, last, company, identities) rows, by full name."""
    return {
        f"{first} {last}": create_contact(
            db,
            first_name=first,
            last_name=last,
            company=company,
            create_company=True,
            identities=identities,
        )
        for first, last, company, identities in rows
    }


@pytest.fixture
def people(db):
    """A few contacts with the shapes searches meet: accents, typos, shared names, phones."""
    return _create(
        db,
        (
            (
                "John",
                "Smith",
                "Acme Ltd",
                [("email", "john.smith@example.com"), ("phone", "+44 20 7946 0123")],
            ),
            ("Joan", "Smyth", "", [("email", "joan@smyth.example")]),
            ("Siobhán", "O'Neill", "Dublin Freight", [("phone", "+353 85 123 4567")]),
            ("Dương", "Nguyễn", "", [("email", "duong.nguyen@example.vn")]),
            ("Łukasz", "Kowalski", "Acme Ltd", [("email", "lukasz@acme.example")]),
            ("Jonathan", "Smithers", "", [("whatsapp", "+1 201 555 0199")]),
            ("Philippa", "Featherstonehaugh", "", []),
        ),
    )


def _names(db, query, **kwargs):
    with db.raw() as conn:
        return [hit.name for hit in search(conn, query, **kwargs).hits]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("john smith", "John Smith"),
        ("jon smi", "Jonathan Smithers"),
        ("jhon smtih", "John Smith"),
        ("siobhan", "Siobhán O'Neill"),
        ("duong", "Dương Nguyễn"),
        ("lukasz", "Łukasz Kowalski"),
        ("john.smith@example.com", "John Smith"),
        ("jhon.smith@exmaple.com", "John Smith"),
        ("4567", "Siobhán O'Neill"),
        ("0123", "John Smith"),
        ("020 7946", "John Smith"),
        ("555 0199", "Jonathan Smithers"),
        ("company:acme kowalski", "Łukasz Kowalski"),
        ("email:smyth", "Joan Smyth"),
        ("phone:4567", "Siobhán O'Neill"),
        ("fetherston", "Philippa Featherstonehaugh"),
        ("phillipa feather", "Philippa Featherstonehaugh"),
    ],
)
def test_the_right_contact_comes_first(db, people, query, first):
    assert _names(db, query)[0] == first


def test_reference_and_pin_find_their_contact(db, people):
    contact = people["Joan Smyth"]
    assert _names(db, contact.reference)[0] == "Joan Smyth"
    assert _names(db, f"ref:{contact.reference.lower()}")[0] == "Joan Smyth"
    assert "Joan Smyth" in _names(db, f"pin:{contact.pin}")


def test_hits_carry_what_the_result_list_shows(db, people):
    with db.raw() as conn:
        hit = search(conn, "john smith").hits[0]
    assert hit.company == "Acme Ltd"
    assert hit.email == "john.smith@example.com"
    assert hit.phone == "+44 20 7946 0123"
    assert hit.emails == ("john.smith@example.com",)
    assert hit.open_tickets == 0
    assert 0 < hit.score <= 100


def test_empty_query_lists_recent_contacts(db, people):
    with db.raw() as conn:
        result = search(conn, "   ")
        assert result.strategy == "recent"
        assert [h.name for h in result.hits] == [h.name for h in recent(conn).hits]
    assert len(result.hits) == len(people)


def test_nothing_found_is_an_empty_result_not_an_error(db, people):
    assert _names(db, "zzzzqqq") == []
    assert _names(db, '"][*(') == []


def test_limit_bounds_the_result(db, people):
    assert len(_names(db, "smi", limit=2)) == 2


def _traced(conn, run, started: list[str]) -> list[str]:
    """``started``, with the queries ``run()`` starts on ``conn`` added as they start (each
    statement as the search hands it to its connection, on either engine)."""
    execute = conn.execute

    def traced(sql, params=()):
        if sql.startswith("SELECT"):
            started.append(sql)
        return execute(sql, params)

    conn.execute = traced
    try:
        run()
    finally:
        del conn.execute
    return started


@pytest.mark.parametrize(
    "query", ["john", "jhon smtih", "020 7946", "company:acme ltd jo", "company:acme kowalski"]
)
def test_a_cancelled_search_stops(db, people, query):
    """Cancelled while any of its statements runs, a search starts no other word lookup and
    reads no hits: it raises at the end of the step it is in."""
    costly = ("search_fts MATCH", "terms @@", "LEFT JOIN company")
    with db.raw() as conn:
        whole = _traced(conn, lambda: search(conn, query), [])
        reading = next(i for i, sql in enumerate(whole) if "LEFT JOIN company" in sql)
        for cut in range(reading):
            ran: list[str] = []

            def run(cut=cut, ran=ran) -> None:
                with pytest.raises(Cancelled):
                    search(conn, query, cancelled=lambda: len(ran) > cut)

            _traced(conn, run, ran)
            assert ran[: cut + 1] == whole[: cut + 1]
            after = [sql for sql in ran[cut + 1 :] if any(c in sql for c in costly)]
            assert not after, f"cancelled during {whole[cut]!r}, went on with {after[0]!r}"


def test_edits_are_searchable_at_once(db, people):
    from helpdesk_tui.store.contacts.operations import update_contact

    jonathan = people["Jonathan Smithers"]
    update_contact(db, jonathan.reference, jonathan.version, {"last_name": "Fitzgerald"})
    assert _names(db, "fitzgerald") == ["Jonathan Fitzgerald"]
    assert "Jonathan Fitzgerald" not in _names(db, "smithers")


@pytest.fixture
def slips(db):
    """Contacts the typo step once missed: a slip that starts another word, an email whose
    letters before its digits slipped, a name with two slips, a Turkish company suffix."""
    _create(
        db,
        (
            ("Emil", "Meyer", "", [("email", "emil.meyer@example.de")]),
            ("Emil", "Schumacher", "Myers Foods", [("email", "emil@myers-foods.example")]),
            ("Alba", "Flores", "", [("email", "alba2003@gmail.com")]),
            ("Alba", "Morales", "", [("email", "alba1999@gmail.com")]),
            ("Chloe", "Stephens", "", []),
            ("Mehmet", "Çetin", "Kara Dental Ltd. Şti.", []),
            ("Harry", "Baker", "", []),
            (
                "Sophie",
                "Baker",
                "Harrison Legal",
                [("email", "sophie.baker@harrison-legal.example")],
            ),
            ("Chloe", "Baker", "Harrison Legal", [("email", "chloe.baker@harrison-legal.example")]),
            ("Mateo", "Baker", "Harrison Legal", [("email", "mateo.baker@harrison-legal.example")]),
        ),
    )


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("emil myer", "Emil Meyer"),
        ("ala2003", "Alba Flores"),
        ("chloe steeephens", "Chloe Stephens"),
    ],
)
def test_slips_the_typo_step_once_missed(db, slips, query, first):
    assert _names(db, query)[0] == first


def test_a_finished_word_found_only_as_a_prefix_is_also_corrected(db, slips):
    # "harri" starts "harrison-legal" (three Bakers' email): the slip for "harry" is a
    # candidate too, and the ranking weighs both readings
    assert "Harry Baker" in _names(db, "harri baker")


def test_a_short_slip_is_not_corrected_to_a_much_shorter_word(db, slips):
    assert "Mehmet Çetin" not in _names(db, "jhon smtih")


def test_a_row_shows_the_phone_kinds_default_before_a_whatsapp_number(db):
    _create(
        db,
        (
            (
                "Tove",
                "Lind",
                "",
                [("whatsapp", "+46 70 123 45 67"), ("phone", "+46 8 123 456 78")],
            ),
        ),
    )
    with db.raw() as conn:
        (hit,) = search(conn, "tove lind").hits
    assert hit.phone == "+46 8 123 456 78"
    assert hit.phones == ("+46 8 123 456 78", "+46 70 123 45 67")
