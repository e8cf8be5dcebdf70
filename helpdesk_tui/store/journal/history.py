"""Operations as the journal tells them: what one did, whether it can still be undone, and the
history of a contact, company or ticket, newest first.

An operation is the Events of one unit of work (one ``operation_id``); an Event from before
operations existed (migration 0007) stands alone as ``event-<id>``. What an operation did to
its rows is the first state before and the last state after of each row its Events hold
(``net_rows``). It can be undone while every one of those rows is still as it left it, and no
later Event concerns a row the undo would remove (a ticket since opened for a contact the
operation created); ``refusal`` says otherwise, naming who changed what and when from the
``event_row`` index (``store.journal.touches``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC
from typing import NamedTuple

from sqlmodel import Session, col, select

from ..errors import NotFound
from ..models import Contact, Event, EventRow, Ticket
from ..refusals import CannotUndo, RowChanged, UndoConflict, UndoProblem
from .obstacles import claims_taken, purged_since
from .rowsets import each_row
from .states import Key, State, label, rows_now
from .unit import plain
from .views import HistoryPage, OperationView

DESCRIPTION_MAX = 300
"""An operation's description is its Events' joined, cut to this many characters."""
NAMED_CHANGES = 3
"""How many changed rows an undo's refusal names (it counts the rest)."""
LOOK_BACK = 20
"""How many of the agent's own latest operations ``undo`` without an id looks through."""
PAGE = 200

_LONE = re.compile(r"event-([0-9]+)")
_TICKET = re.compile(r"T-?[0-9]+")
_CONTACT = re.compile(r"(C-?)?[0-9]+")

NetRows = dict[Key, tuple[State | None, State | None]]


def operation_events(session: Session, operation_id: str) -> list[Event]:
    """The Events of an operation, oldest first; ``NotFound`` for an id the journal lacks."""
    lone = _LONE.fullmatch(operation_id.strip())
    if lone:
        entry = session.get(Event, int(lone[1]))
        events = [entry] if entry is not None and entry.operation_id is None else []
    else:
        events = list(
            session.exec(
                select(Event)
                .where(Event.operation_id == operation_id.strip())
                .order_by(col(Event.id))
            )
        )
    if not events:
        raise NotFound(
            f"no operation {operation_id.strip()!r} in the journal: see `history` for the ids",
            "operation",
        )
    return events


def operation_key(entry: Event) -> str:
    """The id ``undo`` and the history give an Event's operation."""
    return entry.operation_id or f"event-{entry.id}"


def describe(events: Sequence[Event]) -> str:
    """What an operation did, in words: its Events' descriptions in order, each once."""
    text = "; ".join(dict.fromkeys(entry.description for entry in events if entry.description))
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def net_rows(events: Sequence[Event]) -> NetRows:
    """Each row the operation changed: its state before the first of its Events and after the
    last, in the order the rows were first touched. Rows it inserted and deleted again are
    left out: it left nothing of them to undo."""
    found: NetRows = {}
    for entry in events:
        for row in each_row(entry.rows):
            key = (row["table"], row["id"])
            before = found[key][0] if key in found else row["before"]
            found[key] = (before, row["after"])
    return {key: states for key, states in found.items() if states != (None, None)}


def _later(
    session: Session, keys: Iterable[Key], after_event: int, touched: bool
) -> dict[Key, Event]:
    """For each row, the first Event after ``after_event`` that touched it (``touched``), or
    that touched or concerns it."""
    found: dict[Key, Event] = {}
    for table, row_id in keys:
        query = (
            select(Event)
            .join(EventRow, col(EventRow.event_id) == Event.id)
            .where(
                EventRow.row_table == table,
                EventRow.row_id == row_id,
                col(EventRow.event_id) > after_event,
            )
            .order_by(col(EventRow.event_id))
            .limit(1)
        )
        if touched:
            query = query.where(col(EventRow.touched))
        entry = session.exec(query).first()
        if entry is not None:
            found[table, row_id] = entry
    return found


def _changed(key: Key, state: State | None, entry: Event | None) -> RowChanged:
    at = None if entry is None else entry.at
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return RowChanged(
        key[0],
        key[1],
        label(key[0], key[1], state),
        entry.author if entry else "",
        at,
        entry.description if entry else "",
        operation_key(entry) if entry else None,
    )


def refusal(
    session: Session, events: Sequence[Event], net: NetRows, now: Mapping[Key, State]
) -> UndoConflict | CannotUndo | None:
    """Why the operation cannot be undone as the rows stand (``now``: ``states.rows_now`` of
    ``net``), or None when it can: it predates whole rows; it is a purge, which undo never
    reverses, or its rows name a contact purged since; a row it changed has changed since;
    a later Event concerns a row the undo would remove; or it would give back an address
    another contact holds now (``obstacles``)."""
    operation_id = operation_key(events[0])
    description = describe(events)
    if any(entry.operation_id is None or entry.rows is None for entry in events):
        return CannotUndo(
            UndoProblem.NO_ROWS,
            f"cannot undo {description!r}: it was journalled before the journal kept whole "
            "rows, so there is nothing to put back",
            operation_id,
        )
    if any(entry.action == "purge" for entry in events):
        return CannotUndo(
            UndoProblem.PURGED,
            f"cannot undo {description!r}: a purge is the one change undo cannot reverse "
            "(the contact's rows are gone); nothing was undone",
            operation_id,
        )
    last = max(entry.id or 0 for entry in events)
    purged = purged_since(session, net, last)
    if purged:
        which = f"contact {purged[0]} was" if len(purged) == 1 else "contacts {} and {} were"
        which = which.format(", ".join(purged[:-1]), purged[-1])
        return CannotUndo(
            UndoProblem.PURGED_SINCE,
            f"cannot undo {description!r}: {which} purged since, and a purge is for good; "
            "nothing was undone",
            operation_id,
        )
    changed = [key for key, (_, after) in net.items() if now.get(key) != after]
    if changed:
        firsts = _later(session, changed[:NAMED_CHANGES], last, touched=True)
        named = [
            _changed(key, now.get(key) or net[key][0], firsts.get(key))
            for key in changed[:NAMED_CHANGES]
        ]
        return UndoConflict(operation_id, description, named, len(changed))
    removed = [key for key, (before, _) in net.items() if before is None]
    users = _later(session, removed, last, touched=False)
    if users:
        named = [_changed(key, now.get(key), entry) for key, entry in list(users.items())[:3]]
        return UndoConflict(operation_id, description, named, len(users))
    return _claims_refusal(session, operation_id, description, net, last)


def _claims_refusal(
    session: Session, operation_id: str, description: str, net: NetRows, last: int
) -> UndoConflict | None:
    """An undo that would give back an address another contact holds now: the holder's
    method named as the row changed since, by whoever gave it to them."""
    taken = claims_taken(session, net)
    if not taken:
        return None
    firsts = _later(session, [key for key, _ in taken[:NAMED_CHANGES]], last, touched=True)
    named = []
    for key, held in taken[:NAMED_CHANGES]:
        change = _changed(key, None, firsts.get(key))
        change.label = held
        named.append(change)
    return UndoConflict(operation_id, description, named, len(taken))


def operation_view(
    session: Session,
    events: Sequence[Event],
    undoable: bool | None = None,
    net: NetRows | None = None,
) -> OperationView:
    """An operation for a history or an undo's question, with whether it can be undone now
    (found out unless the caller knows), and how many rows it changed (its ``net_rows``, read
    again unless the caller has them: 10,000 tickets a merge moved take 0.05 s)."""
    net = net_rows(events) if net is None else net
    if undoable is None:
        undoable = refusal(session, events, net, rows_now(session, net)) is None
    last = events[-1]
    return OperationView(
        operation_id=operation_key(events[0]),
        at=last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC),
        author=last.author,
        description=describe(events),
        actions=tuple(entry.action for entry in events),
        rows=len(net),
        undoable=undoable,
    )


def last_undoable(session: Session, author: str) -> list[Event]:
    """The Events of ``author``'s latest operation that can be undone, among their
    ``LOOK_BACK`` latest: undos are passed over (so repeated undos walk back through one's own
    work; undo an undo by its id to redo), as are operations changed since (each undone one
    among them)."""
    seen: dict[str, None] = {}
    query = (
        select(Event.operation_id, Event.action)
        .where(Event.author == author, col(Event.operation_id).is_not(None))
        .order_by(col(Event.at).desc(), col(Event.id).desc())
        .limit(LOOK_BACK * 20)
    )
    undos = set()
    for operation_id, action in session.exec(query).all():
        seen.setdefault(str(operation_id))
        if action == "undo":
            undos.add(operation_id)
    for operation_id in list(seen)[:LOOK_BACK]:
        if operation_id in undos:
            continue
        events = operation_events(session, operation_id)
        net = net_rows(events)
        if net and refusal(session, events, net, rows_now(session, net)) is None:
            return events
    raise CannotUndo(
        UndoProblem.NOTHING,
        f"nothing of {author}'s to undo: their latest operations were undone or changed since "
        "(see `history` for one to undo by its id)",
    )


class Subject(NamedTuple):
    """What a history is asked of: its row (``table``, ``row_id``), as people know it
    (``label``), and when that row was made (``made``, as the journal writes it), which tells
    its Events from those of an earlier row that held its id."""

    table: str
    row_id: int
    label: str
    made: str


def subject_of(session: Session, typed: str) -> Subject:
    """The row a history is asked of: a ticket (``T-…``), a contact (``C-…`` or its digits; a
    tombstone's own history, merges not followed), else a company by reference or name."""
    from ..contacts.fields import contact_reference  # noqa: PLC0415
    from ..tickets.reads import find_company_by, load_ticket  # noqa: PLC0415

    text = typed.strip().upper()
    if _TICKET.fullmatch(text):
        ticket: Ticket = load_ticket(session, text)
        subject = f"ticket {ticket.reference} ({ticket.subject})"
        return Subject("ticket", ticket.id or 0, subject, plain(ticket.created_at))
    if _CONTACT.fullmatch(text):
        reference = contact_reference(text)
        contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
        if contact is None:
            raise NotFound(f"no contact with reference {reference}", "reference")
        state = {"reference": contact.reference}
        state |= {"first_name": contact.first_name, "last_name": contact.last_name}
        named = label("contact", contact.id or 0, state)
        return Subject("contact", contact.id or 0, named, plain(contact.created_at))
    company = find_company_by(session, typed)
    subject = f"company {company.name} ({company.reference})"
    return Subject("company", company.id or 0, subject, plain(company.created_at))


def history_page(session: Session, typed: str, offset: int, limit: int) -> HistoryPage:
    """The operations that touched or concern one contact, company or ticket, newest first:
    ``limit`` of them after the first ``offset``."""
    subject = subject_of(session, typed)
    wanted = offset + limit + 1
    found: dict[str, None] = {}
    below: int | None = None
    while len(found) < wanted:
        query = (
            select(EventRow.event_id, Event.operation_id, EventRow.touched)
            .join(Event, col(Event.id) == EventRow.event_id)
            .where(EventRow.row_table == subject.table, EventRow.row_id == subject.row_id)
            .order_by(col(EventRow.event_id).desc())
            .limit(PAGE)
        )
        if below is not None:
            query = query.where(col(EventRow.event_id) < below)
        batch = session.exec(query).all()
        ended = len(batch) < PAGE
        for event_id, operation_id, touched in batch:
            if len(found) >= wanted:
                break
            if touched and not _same_life(session, event_id, subject):
                ended = True  # older Events are of the id's earlier holder
                break
            found.setdefault(operation_id or f"event-{event_id}")
        if ended:
            break
        below = batch[-1][0]
    keys = list(found)[offset : offset + limit]
    entries = tuple(operation_view(session, operation_events(session, key)) for key in keys)
    return HistoryPage(subject.label, entries, offset, len(found) > offset + limit)


def _same_life(session: Session, event_id: int, subject: Subject) -> bool:
    """Whether Event ``event_id`` touched the row the history is of, not an earlier row that
    held its id: before ``journal.fresh_ids``, SQLite gave the id of a row deleted at the top
    of its table (a creation undone, a contact purged) to the next row made, and a ticket's
    reference, made from its id, came back with it. The row's state in the Event says which
    by when it was made (a row put back by an undo keeps that); a state without it (a row set
    of other columns) is taken as this row's."""
    entry = session.get(Event, event_id)
    for held in each_row(entry.rows if entry is not None else None):
        if held["table"] == subject.table and held["id"] == subject.row_id:
            state = held["after"] or held["before"] or {}
            return state.get("created_at", subject.made) == subject.made
    return True
