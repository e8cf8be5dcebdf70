"""Property: after any sequence of contact changes, on both engines, the search index is what a
fresh rebuild from the contact tables makes: every edit re-indexes exactly what it touched.

The vocabulary is add-only by design (a word once typed stays correctable; a rebuild keeps it
too), so it is checked to hold every word a rebuild would add, not compared whole.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk_tui.store.contacts.fields import AddIdentity, RemoveIdentity
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.dbapi import Conn, Dialect, wrap
from helpdesk_tui.store.errors import ValidationFailed
from helpdesk_tui.store.search.folding import all_words, words
from helpdesk_tui.store.search.index import (
    MIN_TERM,
    leading_letters,
    max_edits,
    merge_terms,
    rebuild,
    vocabulary,
)

_examples = itertools.count()

WORDS = ["Ann", "Åsa", "Siobhán", "Łukasz", "O'Neill", "van der Berg", "Dương", "Smith-Jones"]
COMPANIES = ["", "Acme Ltd", "Ärzte AG", "Hồ Pharma Co., Ltd."]

change = st.one_of(
    st.tuples(st.just("first_name"), st.sampled_from(WORDS)),
    st.tuples(st.just("last_name"), st.sampled_from(WORDS)),
    st.tuples(st.just("alias"), st.sampled_from(["", "Bob", "Zoë"])),
    st.tuples(st.just("company"), st.sampled_from(COMPANIES)),
    st.tuples(st.just("email"), st.sampled_from(["a", "b.c", "d9"])),
    st.tuples(st.just("phone"), st.sampled_from(["7946 0123", "7400 084175"])),
    st.tuples(st.just("handle"), st.sampled_from(["@kim", "@åsa_"])),
    st.tuples(st.just("remove"), st.integers(0, 4)),
)
steps = st.lists(st.tuples(st.integers(0, 2), change), min_size=1, max_size=8)


def _apply(db, view, what: str, value, tag: int):
    if what in ("first_name", "last_name", "alias"):
        return update_contact(db, view.reference, view.version, {what: value})
    if what == "company":
        return update_contact(
            db, view.reference, view.version, {"company": value}, create_company=True
        )
    if what == "email":
        op = AddIdentity("email", f"{value}.{tag}@Example.COM")
    elif what == "phone":
        op = AddIdentity("phone", f"+44 20 {value}{tag % 10}")
    elif what == "handle":
        op = AddIdentity("twitter", f"{value}{tag}")
    elif view.identities:
        op = RemoveIdentity.of(view.identities[value % len(view.identities)])
    else:
        return view
    return update_contact(db, view.reference, view.version, {}, [op])


def _index(conn: Conn) -> dict[str, list[tuple]]:
    doc = "contact_id, name, company, emails, handles, phones"
    if conn.dialect is Dialect.POSTGRESQL:
        doc += ", terms::text"
    return {
        "doc": conn.execute(f"SELECT {doc} FROM search_doc ORDER BY contact_id").fetchall(),
        "phone": conn.execute("SELECT key, contact_id FROM search_phone ORDER BY 1, 2").fetchall(),
        "term": conn.execute("SELECT term, edits FROM search_term ORDER BY 1").fetchall(),
    }


def _fts_consistent(conn: Conn) -> None:
    """FTS5's own check that its index holds exactly the ``search_doc`` rows (raises if not)."""
    if conn.dialect is Dialect.SQLITE:
        conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(script=steps)
def test_the_index_after_any_edits_is_a_fresh_rebuild(any_db, script):
    tag = next(_examples)
    views = [
        create_contact(
            any_db,
            first_name="Kim",
            last_name=f"Tag{tag}",
            company="Acme Ltd",
            create_company=True,
            identities=[("email", f"kim.{tag}@x.example")],
        ),
        create_contact(
            any_db, first_name="Lee", identities=[("phone", f"+44 20 7946 01{tag % 90 + 10}")]
        ),
        create_contact(any_db, first_name="Mo", company="Ärzte AG", create_company=True),
    ]
    for which, (what, value) in script:
        try:
            views[which] = _apply(any_db, views[which], what, value, tag)
        except ValidationFailed:
            continue
    with any_db.write() as session:
        conn = wrap(session.connection().connection.driver_connection)
        _fts_consistent(conn)
        kept = _index(conn)
        rebuild(conn)
        _fts_consistent(conn)
        fresh = _index(conn)
        session.rollback()
    assert kept["doc"] == fresh["doc"]
    assert kept["phone"] == fresh["phone"]
    assert set(fresh["term"]) <= set(kept["term"])


@given(st.lists(st.text(), max_size=8))
def test_the_words_of_many_texts_at_once_are_the_words_of_each(texts):
    assert all_words(texts) == set().union(*map(words, texts))


def _vocabulary_one_by_one(docs) -> dict[str, int]:
    """``vocabulary`` as it read each address and text on its own (before ``all_words``)."""
    found = []
    texts = {doc[1] for doc in docs} | {doc[2] for doc in docs}
    for doc in docs:
        for address in doc[3].split():
            local, _, domain = address.partition("@")
            texts.add(domain)
            if len(local) > 4 and local.isalpha():
                found.append((local, 1))
                continue
            for word in words(local):
                if len(word) >= MIN_TERM and word.isalpha():
                    found.append((word, max_edits(word)))
                elif len(letters := leading_letters(word)) >= 4:
                    found.append((letters, 1))
    for text in texts:
        found += [(w, max_edits(w)) for w in words(text) if len(w) >= MIN_TERM and w.isalpha()]
    terms: dict[str, int] = {}
    merge_terms(terms, found)
    return terms


text = st.text(st.sampled_from("aAé Ł_.@9\tİß日"), max_size=24)


@given(st.lists(st.tuples(st.just(1), text, text, text), max_size=6))
def test_the_vocabulary_is_the_words_of_each_row_read_one_by_one(docs):
    assert vocabulary(docs) == _vocabulary_one_by_one(docs)
