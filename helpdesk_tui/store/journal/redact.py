"""A purge's other half: the journal forgets what the purged rows held.

A purge removes a contact for good (``store.contacts.lifecycle``), but every Event that
touched it kept the rows' states whole for undo, and the operation's own terms (the fields an
edit changed, the methods it added) and a description naming the person. In the purge's own
transaction, each of those Events gets, in place of the purged contact's personal data, a
marker: in ``rows``, every text column of the contact's rows (its contact methods,
activities, custom values …: rows of tables that name it) except the few that say what a row
is (``KEPT_COLUMNS``); in ``before``/``after`` of an Event about such a row, the same fields,
and anywhere a contact method that went is listed; in the description, the contact's names
(``purged contact (C-10000042)``) and the values that went. Ids, references, kinds, authors,
dates, versions and foreign keys stay, so a history still reads what happened and to which
rows, and undo still finds them and refuses (``obstacles.purged_since``).

Rows of tables that outlive the purge (``kept``: a ticket reassigned before, a contract left
unlinked) are theirs, not the contact's, and left as they are.

States are read as the journal holds them, key by key, so a state holding only some columns
(a compact one) is redacted as well as a whole one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from sqlalchemy import String, or_
from sqlmodel import Session, col, select

from ..models import Event, EventRow, stored_id
from .rowsets import each_row, is_row_set
from .states import Key, State, contact_columns, rows_now, table_order

REDACTED = "(purged)"
"""What a purged text value reads as, in states and descriptions."""
PURGED_NAME = "purged contact"
"""What a purged contact's name reads as in descriptions: ``purged contact (C-10000042)``."""
KEPT_COLUMNS = frozenset({"reference", "kind", "author", "key"})
"""Text columns that say what a row is, not what it held about the person: kept."""
SHORTEST = 3
"""Values shorter than this are not looked for in descriptions (a country code, an initial
would match words that are not theirs)."""
BATCH = 500
"""Events read and rewritten at a time."""


@cache
def _personal() -> dict[str, frozenset[str]]:
    """Per table whose rows belong to a contact (the contact's own too), its text columns
    that are redacted."""
    wanted = {"contact", *contact_columns()}
    return {
        table.name: frozenset(
            column.key
            for column in table.columns
            # SQLModel's AutoString decorates a String
            if isinstance(getattr(column.type, "impl", column.type), String)
            and column.key not in KEPT_COLUMNS
        )
        for table in table_order()
        if table.name in wanted
    }


def _fields() -> frozenset[str]:
    """Every redacted column name, as an operation's own terms use them."""
    return frozenset().union(*_personal().values())


class _Redaction:
    """What one purge redacts: the contacts, the tables left alone, and what was found."""

    def __init__(self, contacts: Collection[int], kept: Collection[str]) -> None:
        self.contacts = frozenset(contacts)
        self.kept = frozenset(kept)
        self.keys: set[Key] = set()
        """Rows a state of which was redacted."""
        self.names: set[tuple[str, str]] = set()
        """(name, reference) of the purged contacts, every name they were known by."""
        self.values: set[str] = set()

    def owns(self, table: str, row_id: int, state: Mapping[str, Any]) -> bool:
        """Whether ``state`` is one of the purged contacts' rows (or the contact itself)."""
        if table == "contact":
            return row_id in self.contacts
        if table in self.kept or table not in _personal():
            return False
        return any(state.get(name) in self.contacts for name in contact_columns()[table])

    def harvest(self, table: str, state: Mapping[str, Any]) -> None:
        """Remember the state's personal values, to find them in descriptions."""
        personal = _personal().get(table, frozenset())
        for name, value in state.items():
            if name in personal and isinstance(value, str) and len(value) >= SHORTEST:
                self.values.add(value)
        if table == "contact":
            name = " ".join(p for p in (state.get("first_name"), state.get("last_name")) if p)
            if name and isinstance(state.get("reference"), str):
                self.names.add((name, state["reference"]))

    def state(self, table: str, row_id: int, state: Any) -> Any:
        """The state redacted when it is the purged contacts', else as it was."""
        if not isinstance(state, Mapping) or not self.owns(table, row_id, state):
            return state
        self.harvest(table, state)
        self.keys.add((table, row_id))
        personal = _personal()[table]
        return {
            k: REDACTED if k in personal and isinstance(v, str) else v for k, v in state.items()
        }


def _redact_terms(value: Any, fields: frozenset[str], methods: frozenset[int]) -> Any:
    """An operation's own terms with personal ``fields`` redacted (all of them: ``fields``
    given) or only the contact methods of ``methods`` listed in them."""
    if isinstance(value, list):
        return [_redact_terms(item, fields, methods) for item in value]
    if not isinstance(value, Mapping):
        return value
    method = value.get("id") in methods and "kind" in value
    return {
        k: REDACTED
        if isinstance(v, str) and (k in fields or (method and k == "value"))
        else _redact_terms(v, fields, methods)
        for k, v in value.items()
    }


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


def _description(text: str, found: _Redaction, about_purged: bool) -> str:
    """A description without the purged contacts' names and values: ``Name (REF)`` anywhere,
    a bare name in an Event about a purged row, every value that went; longest first, so a
    value holding a name ("Ann's allergy notes") goes whole."""
    wanted = {f"{name} ({ref})": f"{PURGED_NAME} ({ref})" for name, ref in found.names}
    if about_purged:
        wanted |= {name: PURGED_NAME for name, _ in found.names if name not in wanted}
    wanted |= {value: REDACTED for value in found.values if value not in wanted}
    for said in sorted(wanted, key=len, reverse=True):
        text = _word(said).sub(_literally(wanted[said]), text)
    return text


def _literally(replacement: str) -> Callable[[re.Match[str]], str]:
    """``replacement`` as ``re.sub`` takes it without reading backslashes in it."""
    return lambda _match: replacement


def _batches(session: Session, contacts: Collection[int]) -> list[list[int]]:
    """Ids of the Events of every operation that touched the contacts or a row of theirs
    (``touches`` links every row naming a contact to it; an operation's other Events name
    them too: a method moved away is the other contact's Event), in batches."""
    linked = select(EventRow.event_id).where(
        EventRow.row_table == "contact", col(EventRow.row_id).in_(sorted(contacts))
    )
    operations = select(Event.operation_id).where(
        col(Event.id).in_(linked), col(Event.operation_id).is_not(None)
    )
    query = select(Event.id).where(
        or_(col(Event.id).in_(linked), col(Event.operation_id).in_(operations))
    )
    ids = sorted(stored_id(event_id) for event_id in session.exec(query))
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def _rewrite(session: Session, batch: list[int], change: Callable[[Event], None]) -> set[int]:
    """Apply ``change`` to a batch of Events, write those it changed, and let them go from
    the session; returns the ids of those it changed."""
    changed = set()
    entries = session.exec(select(Event).where(col(Event.id).in_(batch))).all()
    for entry in entries:
        was = (entry.rows, entry.before, entry.after, entry.description)
        change(entry)
        if (entry.rows, entry.before, entry.after, entry.description) != was:
            changed.add(stored_id(entry.id))
        else:
            session.expire(entry)
    session.flush()
    for entry in entries:
        session.expunge(entry)
    return changed


def redact_purged(
    session: Session,
    contacts: Collection[int],
    gone: Iterable[tuple[str, State]],
    kept: Collection[str],
) -> int:
    """Redact the purged ``contacts`` from every Event that touched them, in ``session``'s
    transaction (the purge's; run it after the rows are deleted). ``gone`` lists the states
    the purge removed, (table, state), so their values are found in descriptions too;
    ``kept``: tables whose rows outlive the purge. Returns how many Events were rewritten."""
    found = _Redaction(contacts, kept)
    for table, state in gone:
        found.harvest(table, state)
    batches = _batches(session, contacts)

    def states(entry: Event) -> None:
        if entry.rows:
            entry.rows = list(_rows(found, entry.rows))

    changed: set[int] = set()
    for batch in batches:  # every state first, so every name and value is known
        changed |= _rewrite(session, batch, states)
    still = set(rows_now(session, found.keys))
    went = {key for key in found.keys if key not in still}
    methods = frozenset(row_id for table, row_id in went if table == "identity")
    fields = _fields()

    def terms(entry: Event) -> None:
        about = (entry.entity, entry.entity_id or 0) in went or (
            entry.entity == "contact" and entry.entity_id in found.contacts
        )
        if about or methods:
            wanted = fields if about else frozenset()
            entry.before = _redact_terms(entry.before, wanted, methods)
            entry.after = _redact_terms(entry.after, wanted, methods)
        entry.description = _description(entry.description, found, about)
        after = entry.after or {}
        if entry.action == "undo" and isinstance(after.get("what"), str):
            # an undo keeps what it undid in words, to say it again when it is redone
            entry.after = {**after, "what": _description(after["what"], found, about)}

    for batch in batches:
        changed |= _rewrite(session, batch, terms)
    return len(changed)


def _rows(found: _Redaction, rows: Iterable[Any]) -> Iterator[Any]:
    """An Event's rows with their states redacted where they are the purged contacts'. A row
    set (``rowsets``) that holds any of theirs is written out row by row, each row's states
    whole, so that its states after can be redacted as well as before; one holding none of
    theirs stays as it was."""
    for held in rows:
        if not (isinstance(held, Mapping) and is_row_set(held)):
            yield _row(found, held)
            continue
        each = list(each_row([held]))
        redacted = [_row(found, row) for row in each]
        if redacted == each:
            yield held
        else:
            yield from redacted


def _row(found: _Redaction, row: Any) -> Any:
    """One of an Event's rows, its states redacted where they are the purged contacts'."""
    if not isinstance(row, Mapping) or not isinstance(row.get("id"), int):
        return row
    return {
        key: found.state(row["table"], row["id"], value) if key in ("before", "after") else value
        for key, value in row.items()
    }
