"""Property: after any sequence of contact edits, on both engines, the journal's whole rows are
the stored rows: the last Event's after-states equal the rows read back, and replaying every
Event's after-states rebuilds the contact and its methods exactly (what undo will rely on)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from helpdesk_tui.store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.errors import ValidationFailed
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import Contact, Event, Identity

MODELS = {"contact": Contact, "identity": Identity}
_examples = itertools.count()

fields = st.fixed_dictionaries(
    {},
    optional={
        "title": st.sampled_from(["", "CTO", "Head of IT"]),
        "city": st.sampled_from(["", "Leeds", "Zürich"]),
        "first_name": st.sampled_from(["Ann", "Åsa", "Bo"]),
        "is_primary": st.sampled_from(["yes", "no"]),
    },
)
methods = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(["a", "B", "c"]), st.booleans()),
        st.tuples(st.just("phone"), st.sampled_from(["0000", "0999"]), st.booleans()),
        st.tuples(st.sampled_from(["remove", "default"]), st.integers(0, 5), st.just(False)),
    ),
    max_size=3,
)
edits = st.lists(st.tuples(fields, methods), min_size=1, max_size=6)


def _ops(view, steps, tag: int):
    ops = []
    for verb, what, flag in steps:
        if verb == "add":
            ops.append(AddIdentity("email", f"{what}.{tag}@Example.COM", make_default=flag))
        elif verb == "phone":
            ops.append(AddIdentity("phone", f"+44 20 79{tag % 100:02d} {what}", make_default=flag))
        elif view.identities:
            target = view.identities[what % len(view.identities)]
            ops.append(RemoveIdentity.of(target) if verb == "remove" else MakeDefault.of(target))
    return ops


def _stored(session, contact_id: int) -> dict[tuple[str, int], dict]:
    rows = {("contact", contact_id): row_state(session.get(Contact, contact_id))}
    for row in session.exec(select(Identity).where(Identity.contact_id == contact_id)):
        rows["identity", row.id] = row_state(row)
    return rows


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=edits)
def test_the_journal_rows_are_the_stored_rows_after_any_edits(any_db, steps):
    tag = next(_examples)
    view = create_contact(any_db, first_name="Kim", identities=[("email", f"kim.{tag}@x.example")])
    for changes, method_steps in steps:
        try:
            view = update_contact(
                any_db, view.reference, view.version, changes, _ops(view, method_steps, tag)
            )
        except ValidationFailed:
            continue
        with any_db.read() as session:
            last = session.exec(select(Event).order_by(col(Event.id).desc())).first()
            for row in last.rows if last.entity_id == view.id else ():
                stored = session.get(MODELS[row["table"]], row["id"])
                assert row["after"] == (None if stored is None else row_state(stored))

    with any_db.read() as session:
        replayed: dict[tuple[str, int], dict] = {}
        journal = session.exec(
            select(Event)
            .where(Event.entity == "contact", Event.entity_id == view.id)
            .order_by(col(Event.id))
        )
        for entry in journal:
            for row in entry.rows:
                key = (row["table"], row["id"])
                assert replayed.get(key) == row["before"]
                if row["after"] is None:
                    del replayed[key]
                else:
                    replayed[key] = row["after"]
        assert replayed == _stored(session, view.id)
