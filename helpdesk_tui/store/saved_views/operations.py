"""Saved views: list an agent's (with the shipped ones), save one (a name saved again is
replaced) and delete one, each change a unit of work with its journal Event.

A view belongs to the agent acting (``unit.author``, the OS user): one agent never sees, nor
replaces, another's. Its query is checked as Home's search would read it (an unknown
``kind:`` is refused now, not when the view is opened). Names compare as typed, apart from
spaces at their ends; an agent's view named like a shipped one stands in its place.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..database.engine import Database
from ..errors import InvalidInput, NotFound
from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import SavedView
from ..search.query import parse
from .views import DEFAULTS, NAME_MAX, QUERY_MAX, SavedViewRow

_FIELDS = ("owner", "name", "query", "has_open_tickets", "has_unassigned_tickets")


def _row(view: SavedView) -> SavedViewRow:
    return SavedViewRow(
        view.name,
        view.query,
        view.has_open_tickets,
        view.has_unassigned_tickets,
        shipped=False,
        version=view.version,
    )


def _name(typed: str) -> str:
    name = " ".join(typed.split())
    if not name or len(name) > NAME_MAX:
        raise InvalidInput("name", f"a saved view needs a name of 1 to {NAME_MAX} characters")
    return name


def _query(typed: str, has_open: bool, has_unassigned: bool) -> str:
    query = " ".join(typed.split())
    if len(query) > QUERY_MAX:
        raise InvalidInput("query", f"the search is {len(query):,} characters; at most {QUERY_MAX}")
    if parse(query).problem:
        raise InvalidInput("query", f"{parse(query).problem}: fix the search, then save it")
    if not query and not (has_open or has_unassigned):
        raise InvalidInput(
            "query", "a saved view needs a search, or open or unassigned tickets to look for"
        )
    return query


def _own(session: Session, owner: str, name: str, lock: bool = False) -> SavedView | None:
    statement = select(SavedView).where(SavedView.owner == owner, SavedView.name == name)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def list_views(db: Database) -> tuple[SavedViewRow, ...]:
    """The acting agent's views and the shipped ones, by name; the agent's own stands in
    for a shipped one of the same name."""
    with db.read() as session:
        own = session.exec(
            select(SavedView).where(SavedView.owner == db.author).order_by(col(SavedView.name))
        ).all()
    rows = {row.name: row for row in DEFAULTS} | {view.name: _row(view) for view in own}
    return tuple(sorted(rows.values(), key=lambda row: row.name.casefold()))


def save_view_in(
    unit: Unit,
    name: str,
    query: str,
    has_open_tickets: bool = False,
    has_unassigned_tickets: bool = False,
) -> SavedViewRow:
    """Save a view under ``name`` for the acting agent, replacing theirs of that name.
    Journalled as one Event (``create`` or ``update``); saving it as it is writes nothing."""
    name = _name(name)
    query = _query(query, has_open_tickets, has_unassigned_tickets)
    session = unit.session
    view = _own(session, unit.author, name, lock=True)
    wanted = (query, has_open_tickets, has_unassigned_tickets)
    if (
        view is not None
        and (view.query, view.has_open_tickets, view.has_unassigned_tickets) == wanted
    ):
        return _row(view)
    before = snapshot(view, _FIELDS) | {"version": view.version} if view else None
    if view is None:
        view = SavedView(owner=unit.author, name=name)
        session.add(view)
    view.query, view.has_open_tickets, view.has_unassigned_tickets = wanted
    session.flush()
    record(
        unit,
        "saved_view",
        view.id,
        "update" if before else "create",
        f"saved the view {name!r}: {query or '(no search)'}",
        before=before,
        after=snapshot(view, _FIELDS) | {"version": view.version},
    )
    return _row(view)


def delete_view_in(unit: Unit, name: str) -> SavedViewRow:
    """Delete the acting agent's view called ``name``; returns it as it was. A shipped view
    (unless the agent's own stands in for it) or a name they never saved is ``NotFound``
    (field ``name``). Journalled as one Event (``delete``) holding the whole row."""
    typed = " ".join(name.split())
    session = unit.session
    view = _own(session, unit.author, typed, lock=True)
    if view is None:
        shipped = any(row.name == typed for row in DEFAULTS)
        raise NotFound(
            f"{typed!r} is a view every agent has: it cannot be deleted"
            if shipped
            else f"you have no saved view called {typed!r}: see view list",
            "name",
        )
    removed = _row(view)
    before = snapshot(view, _FIELDS) | {"version": view.version}
    session.delete(view)
    session.flush()
    record(unit, "saved_view", view.id, "delete", f"deleted the view {typed!r}", before=before)
    return removed


def save_view(
    db: Database,
    name: str,
    query: str,
    has_open_tickets: bool = False,
    has_unassigned_tickets: bool = False,
) -> SavedViewRow:
    """``save_view_in`` as a unit of work of its own (Home, ``view save``)."""
    with db.unit() as unit:
        return save_view_in(unit, name, query, has_open_tickets, has_unassigned_tickets)


def delete_view(db: Database, name: str) -> SavedViewRow:
    """``delete_view_in`` as a unit of work of its own (the palette, ``view delete``)."""
    with db.unit() as unit:
        return delete_view_in(unit, name)
