"""The engine factory and units of work (DESIGN.md §5).

One ``Database`` per process and URL. Every operation runs in its own short transaction:
``read()`` for a snapshot, ``unit()`` for a write (``store.journal.unit``); no transaction stays
open while a person thinks. Writes on SQLite start with ``BEGIN IMMEDIATE`` so two agents never both
read and then both write, and a failed commit is always rolled back so its half-transaction can
never ride along with the next save. On PostgreSQL (``postgresql+psycopg://``) see
``make_engine`` for the isolation and locking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from ..agents.scope import Scope, read_scope
from ..agents.write_scope import refuse_outside
from ..contacts.identities import default_region
from ..journal.unit import Unit
from .accounts import os_username
from .connect import (
    RawPool,
    busy_timeout_ms,
    configure_sqlite,
    is_sqlite,
    prepare_file,
    sqlite_file,
)
from .dbapi import Conn, wrap
from .failures import connect_failure, where
from .files import share_sidecars

WRITE_OPTION = "helpdesk_write"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas, transaction handling and pool each backend needs.

    PostgreSQL: writes run at READ COMMITTED and lock the rows they change with
    ``SELECT ... FOR UPDATE`` (``contacts._load_live(lock=True)``: a contact's methods change
    only under their contact's lock) before checking the version a form edit carries. Two
    agents saving one contact thus queue on its row; the second reads the version the first
    committed and gets its stale-edit choice, exactly as on SQLite, where
    ``BEGIN IMMEDIATE`` queues whole writes. REPEATABLE READ would answer the same race with a
    serialization failure instead, and every unit of work would need a retry loop around it to
    reach the same stale-edit question. Uniqueness (references, PINs, identities) rests on unique
    indexes under both. A write waits for a lock at most the busy timeout (``lock_timeout``),
    then says "busy" as SQLite does. ``pool_pre_ping`` replaces connections the server dropped
    (a restart, an idle timeout) before a unit of work meets them. Operations composed in one
    unit lock their rows in the order they run; should two units ever wait on each other,
    PostgreSQL's deadlock detector fails one of them (rolled back, nothing saved) instead of
    both hanging. The journal's Events go in last, under an advisory lock (``Unit.finish``).
    """
    if not is_sqlite(url):
        return _postgres_engine(url)
    path = sqlite_file(url)
    if path is None:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        prepare_file(path)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms() / 1000}
        )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        configure_sqlite(dbapi_connection)
        if path is not None:
            share_sidecars(str(path))

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: str) -> Engine:
    engine = create_engine(
        url,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": max(1, busy_timeout_ms() // 1000),
            "options": f"-c lock_timeout={busy_timeout_ms()}",
        },
    )

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect, _record, cargs, cparams):
        import psycopg  # noqa: PLC0415 - PostgreSQL only

        try:
            return psycopg.connect(*cargs, **cparams)
        except psycopg.OperationalError as error:
            raise connect_failure(cparams, where(url)) from error

    return engine


class Database:
    """A database the app works on: the engine, the session factories and the current author."""

    def __init__(
        self,
        url: str,
        author: str | None = None,
        region: str | None = None,
        scope: Callable[[], Scope] | None = None,
    ) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.author = author or os_username()
        self.region = region or default_region()
        self._scope_source = scope
        self._scope: Scope | None = None
        # PostgreSQL reads see one snapshot, as SQLite's do (READ COMMITTED would let each
        # statement of a read see a different state); a read-only one never fails to serialize.
        reads = (
            self.engine
            if is_sqlite(url)
            else self.engine.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        )
        self._read = sessionmaker(reads, class_=Session, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}),
            class_=Session,
            expire_on_commit=False,
        )
        self._memory = is_sqlite(url) and sqlite_file(url) is None
        self._raw = RawPool(
            url,
            (lambda: wrap(self.engine.raw_connection().driver_connection))
            if self._memory
            else None,
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot, closed at the end of the block.

        Closing hands the connection back to the pool, which rolls the read transaction back;
        rows read stay usable (detached, not expired).
        """
        with self._read() as session:
            yield session

    def unit(self) -> AbstractContextManager[Unit]:
        """The write wrapper for domain operations: a unit of work for the operations run in
        the block (``store.journal.unit``), committed at its end with their Events, rolled back on
        any failure. A change no Event records refuses to commit (``UnjournalledChange``)."""
        return self._transaction(journalled=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A bare write session, for rows no domain operation makes (tests setting up a state,
        repairs): ``unit()``'s transaction, rollback and versions, without requiring Events."""
        with self._transaction(journalled=False) as work:
            yield work.session

    @contextmanager
    def _transaction(self, journalled: bool) -> Iterator[Unit]:
        """The one write transaction under ``unit()`` and ``write()``.

        The rollback also covers a failed COMMIT itself (and a failure while the Events go in):
        SQLite can leave the transaction open after one, and the next save on the pooled
        connection would otherwise commit it.
        """
        with self._write() as session:
            work = Unit(session, self.author, self.region, journalled=journalled)
            try:
                yield work
                if journalled:
                    refuse_outside(session, self.scope, work.journalled_rows())
                work.finish()
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def scope(self) -> Scope:
        """What the author may see (``agents.scope``): the store's, when a store made this
        database; else read once, on first use."""
        if self._scope_source is not None:
            return self._scope_source()
        if self._scope is None:
            with self.raw() as conn:
                self._scope = read_scope(conn, self.author)
        return self._scope

    def raw(self) -> AbstractContextManager[Conn]:
        """Borrow a plain driver connection for the search path (``connect.RawPool``)."""
        return self._raw.connection()

    def dispose(self) -> None:
        """Close every connection (tests and the CLI call this before exiting)."""
        if not self._memory:
            self._raw.close()
        self.engine.dispose()
