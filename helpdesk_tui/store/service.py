"""The one door to the database for the CLI, the TUI and the bench (DESIGN.md §2).

A ``Store`` is made from what the agent passed (``--db``, ``$HELPDESK_TUI_DB``: a path or any
SQLAlchemy spelling of SQLite or PostgreSQL, ``connect.canonical_url``), so the command line twin
and the TUI cannot open, check, upgrade or refuse a database differently. It picks the engine's
parts from the URL: searches and the company picker run on plain driver connections from a pool
(``connect.RawPool``: sqlite3 or psycopg), everything else through ``engine.Database``, made on
first use. An up-to-date SQLite database is thus searched without importing SQLAlchemy or
Alembic: ``helpdesk-tui search`` is timed as a whole process, and the TUI's first paint waits
for nothing heavy.

Tickets, activities, companies, saved views, merges, agents, the journal and file upkeep have
doors of their own on the store (``Store.tickets``, ``activities``, ``company``, ``saved_views``,
``merging``, ``agents``, ``journal``, ``upkeep``), which open the database the same way.
Every method raises only ``StoreError``s (``failures.translated``): one sentence and a code,
never a driver's text with its SQL and a customer's details. Making a ``Store`` does no I/O;
the first operation opens the database (``open``), and a caller with something to say about
the opening (the CLI's note of an upgrade's backup, the TUI's status line) calls ``open``
itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .agents.scope import Scope, read_scope
from .database.accounts import os_username
from .database.connect import RawPool, canonical_url, sqlite_path
from .database.failures import translated, where
from .database.files import check_database
from .database.schema import check_revision, current_revision, ensure
from .journal.head import journal_head
from .search.hits import SearchResult
from .search.searcher import search

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

    from .activities.door import ActivityDoor
    from .agents.door import AgentDoor
    from .companies.door import CompanyDoor
    from .contacts.fields import IdentityOp, SavedContact
    from .contacts.lifecycle_door import LifecycleDoor
    from .contacts.merge_door import MergeDoor
    from .contacts.views import ContactDetail, ContactView
    from .database.engine import Database
    from .database.upkeep_door import UpkeepDoor
    from .duplicates.door import DuplicateDoor
    from .journal.door import JournalDoor
    from .saved_views.door import SavedViewDoor
    from .tickets.door import TicketDoor


def _never() -> bool:
    return False


class Store:
    """One database as the app works on it: opened, checked and upgraded once, then searched,
    read and written through the store's domain operations.

    ``create_file``: a missing SQLite file in an existing folder is made (the TUI, ``contact
    add``); without it a missing file is refused (a command that reads must not answer a typo'd
    path with an empty helpdesk). ``author`` and ``region`` default to the OS user and the locale's
    region (``engine.Database``). Safe to share between threads: the pool lends a connection to
    one thread at a time, and the first operations of several threads open the database once.
    """

    def __init__(
        self,
        path_or_url: str,
        *,
        create_file: bool = False,
        author: str | None = None,
        region: str | None = None,
    ) -> None:
        self.url = canonical_url(path_or_url)
        self.file = sqlite_path(self.url)
        """The SQLite file; None on PostgreSQL, whose server looks after its own files."""
        self.where = where(self.url)
        """How messages name the database (its path, or the server without the password)."""
        self.key = self.url if self.file else self.where
        """What per-database state (drafts) is filed under: never a password, so that a
        changed one still finds the drafts made before."""
        self.create_file = create_file
        self.author = author
        self._region = region
        self._pool = RawPool(self.url)
        self._database: Database | None = None
        self._database_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._opened = False
        self._scope: Scope | None = None
        self._scope_lock = threading.Lock()

    # The doors are made on first use: a whole-process search imports none of their modules
    # (their view dataclasses cost it about 25 ms, a third of its time against fzf).

    @cached_property
    def tickets(self) -> TicketDoor:
        """Ticket lists, tickets and their changes (``store.tickets.door``)."""
        from .tickets.door import TicketDoor  # noqa: PLC0415

        return TicketDoor(self._ready_database, self.where)

    @cached_property
    def activities(self) -> ActivityDoor:
        """Activities of contacts and companies (``store.activities.door``)."""
        from .activities.door import ActivityDoor  # noqa: PLC0415

        return ActivityDoor(self._ready_database, self.where)

    @cached_property
    def company(self) -> CompanyDoor:
        """A company for its screen, and its edits (``store.companies.door``)."""
        from .companies.door import CompanyDoor  # noqa: PLC0415

        return CompanyDoor(self._ready_database, self.where)

    @cached_property
    def journal(self) -> JournalDoor:
        """Histories, and undo of any operation (``store.journal.door``)."""
        from .journal.door import JournalDoor  # noqa: PLC0415

        return JournalDoor(self._ready_database, self.where)

    @cached_property
    def merging(self) -> MergeDoor:
        """Merges of two contacts, and moves of a contact method (``store.contacts.merge_door``)."""
        from .contacts.merge_door import MergeDoor  # noqa: PLC0415

        return MergeDoor(self._ready_database, self.where)

    @cached_property
    def agents(self) -> AgentDoor:
        """Agents and teams (``store.agents.door``); a change forgets ``scope``."""
        from .agents.door import AgentDoor  # noqa: PLC0415

        return AgentDoor(self._ready_database, self.where, self._forget_scope)

    @property
    def scope(self) -> Scope:
        """What the acting agent may see (``store.agents.scope``): read once per store, on
        the first read that needs it (one query on a pooled connection, no SQLAlchemy), and
        again after this store changed agents or teams. Changes another process makes are seen
        by the next store (the next command, the next start of the TUI)."""
        with self._scope_lock:
            if self._scope is None:
                self._ready()
                with translated(self.where), self._pool.connection() as conn:
                    self._scope = read_scope(conn, self.author or os_username())
            return self._scope

    def _forget_scope(self) -> None:
        with self._scope_lock:
            self._scope = None

    @cached_property
    def lifecycle(self) -> LifecycleDoor:
        """Deactivate, reactivate, delete, restore, purge (``store.contacts.lifecycle_door``)."""
        from .contacts.lifecycle_door import LifecycleDoor  # noqa: PLC0415

        return LifecycleDoor(self._ready_database, self.where)

    @cached_property
    def saved_views(self) -> SavedViewDoor:
        """The agent's saved searches (``store.saved_views.door``)."""
        from .saved_views.door import SavedViewDoor  # noqa: PLC0415

        return SavedViewDoor(self._ready_database, self.where)

    @cached_property
    def upkeep(self) -> UpkeepDoor:
        """Checks and copies of a SQLite file (``database.upkeep_door``)."""
        from .database.upkeep_door import UpkeepDoor  # noqa: PLC0415

        return UpkeepDoor(self.file, self.url, self.check_access)

    @cached_property
    def duplicates(self) -> DuplicateDoor:
        """Possible duplicate pairs, and "not duplicates" (``store.duplicates.door``)."""
        from .duplicates.door import DuplicateDoor  # noqa: PLC0415

        return DuplicateDoor(self._ready_database, self.where)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def database(self) -> Database:
        """The SQLAlchemy side (``engine.Database``), made on first use so that searching an
        up-to-date database never imports SQLAlchemy."""
        with self._database_lock:
            if self._database is None:
                from .database.engine import Database  # noqa: PLC0415 - keeps SQLAlchemy lazy

                self._database = Database(
                    self.url, author=self.author, region=self._region, scope=lambda: self.scope
                )
            return self._database

    @property
    def region(self) -> str:
        """Where a phone number typed without +country code is read, as saves read it."""
        if self._region is None:
            from .contacts.identities import default_region  # noqa: PLC0415 - loads phonenumbers

            self._region = default_region()
        return self._region

    def check_access(self) -> None:
        """Say, before anything reads the database, whether this account can use it as it is.

        SQLite: the file checks of ``files.check_database`` (a folder, a missing folder, a file
        that is not SQLite or is cut short, a world-readable one, a missing permission), making
        a missing file when the store was made with ``create_file``. PostgreSQL: a connection to
        the server (kept in the pool), whose failure ``failures.connect_failure`` explains: the
        server is not there, the login is refused, or the database does not exist.
        """
        with translated(self.where):
            if self.file is not None:
                check_database(self.file, create=self.create_file)
            else:
                with self._pool.connection():
                    pass

    def open(self) -> Path | None:
        """Check the database and bring it to the current schema; returns the backup an
        upgrade of an older SQLite file made (None when nothing was upgraded, or on
        PostgreSQL, where the upgrade is one transaction and backups are pg_dump's).

        The revision is read with one plain query on a pooled connection; only a new or older
        database pays for SQLAlchemy and Alembic (``schema.ensure``). Done once per store: later
        calls return None at once.
        """
        with self._open_lock:
            if self._opened:
                return None
            self.check_access()
            with translated(self.where):
                with self._pool.connection() as conn:
                    needs_upgrade = check_revision(current_revision(conn))
                backup = None
                if needs_upgrade:
                    backup = ensure(self.database)
            self._opened = True
            return backup

    def _ready(self) -> None:
        if not self._opened:
            self.open()

    def _ready_database(self) -> Database:
        """The SQLAlchemy side of an opened database, for the doors of ``tickets`` and the
        like."""
        self._ready()
        return self.database

    def search(
        self, query: str, limit: int = 50, cancelled: Callable[[], bool] = _never
    ) -> SearchResult:
        """Home's search, the palette's and ``helpdesk-tui search`` (see ``store.search.searcher``);
        raises ``search.Cancelled`` when ``cancelled()`` turns true between its steps. The
        result notes where the journal stood before it was read (``as_of``)."""
        scope = self.scope
        with translated(self.where), self._pool.connection() as conn:
            as_of = journal_head(conn)
            found = search(conn, query, limit=limit, cancelled=cancelled, scope=scope)
            return found._replace(as_of=as_of)

    def journal_head(self) -> int:
        """The id of the journal's last Event (``journal.head``): whether anything changed
        since a search, whoever changed it, is one indexed read."""
        self._ready()
        with translated(self.where), self._pool.connection() as conn:
            return journal_head(conn)

    def companies(self, fragment: str, limit: int = 8) -> list[str]:
        """Company names for a picker and the palette, best match first: those the agent's
        teams may access."""
        from .search.companies import find_companies  # noqa: PLC0415

        visible = self.scope.company_condition("company.id")
        with translated(self.where), self._pool.connection() as conn:
            return find_companies(conn, fragment, limit, visible)

    def contact(self, reference: str, *, urgent: bool = True) -> ContactDetail:
        """Everything the contact screen and ``helpdesk-tui show`` show (``urgent=False``:
        without the newest tickets, which the screen pages itself, and the most urgent open
        ones, which ``tickets.most_urgent`` reads)."""
        from .contacts.reads import get_contact  # noqa: PLC0415

        self._ready()
        with translated(self.where):
            return get_contact(self.database, reference, urgent)

    def company_exists(self, name: str) -> bool:
        """Whether a save would find the company called ``name``."""
        from .contacts.operations import company_exists  # noqa: PLC0415

        self._ready()
        with translated(self.where):
            return company_exists(self.database, name)

    def create(
        self,
        *,
        first_name: str = "",
        last_name: str = "",
        company: str = "",
        create_company: bool = False,
        identities: Iterable[tuple[str, str]] = (),
        **fields: Any,
    ) -> ContactView:
        """Create a contact (the New contact form, ``helpdesk-tui contact add``)."""
        from .contacts.operations import create_contact  # noqa: PLC0415

        self._ready()
        with translated(self.where):
            return create_contact(
                self.database,
                first_name=first_name,
                last_name=last_name,
                company=company,
                create_company=create_company,
                identities=identities,
                **fields,
            )

    def save(
        self,
        reference: str,
        version: int,
        changes: dict[str, str],
        identity_ops: Sequence[IdentityOp] = (),
        create_company: bool = False,
    ) -> SavedContact:
        """Save edits made on ``version`` of a contact (the Details tab, ``contact edit``)."""
        from .contacts.operations import update_contact  # noqa: PLC0415

        self._ready()
        with translated(self.where):
            return update_contact(
                self.database, reference, version, changes, identity_ops, create_company
            )

    def close(self) -> None:
        """Close every connection (a borrowed one closes when its thread gives it back)."""
        self._pool.close()
        with self._database_lock:
            if self._database is not None:
                self._database.dispose()
