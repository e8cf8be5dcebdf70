"""The engine factory and units of work (DESIGN.md §5).

One ``Database`` per process and URL. Every operation opens its own short session with ``read()``
or ``write()``; no transaction stays open while a person thinks. Writes on SQLite start with
``BEGIN IMMEDIATE`` so two agents never both read and then both write, and a failed commit is
always rolled back so its half-transaction can never ride along with the next save.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from .connect import (
    RawPool,
    busy_timeout_ms,
    configure_sqlite,
    is_sqlite,
    prepare_file,
    sqlite_file,
)
from .files import share_sidecars
from .identities import default_region

WRITE_OPTION = "helpdesk_write"


def os_username() -> str:
    """The journal's author: the account the process runs as, not ``$USER`` (which anyone sets).

    An account with no name (a uid missing from the password database) is its number.
    """
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def make_engine(url: str) -> Engine:
    """An engine with the pragmas, transaction handling and pool each backend needs."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
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


class Database:
    """A database the app works on: the engine, the session factories and the current author."""

    def __init__(self, url: str, author: str | None = None, region: str | None = None) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.author = author or os_username()
        self.region = region or default_region()
        self._read = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}),
            class_=Session,
            expire_on_commit=False,
        )
        memory = sqlite_file(url) is None
        self._raw = RawPool(
            url, (lambda: self.engine.raw_connection().driver_connection) if memory else None
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot, closed at the end of the block.

        Closing hands the connection back to the pool, which rolls the read transaction back;
        rows read stay usable (detached, not expired).
        """
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write unit of work: committed at the end of the block, rolled back on any failure.

        The rollback also covers a failed COMMIT itself: SQLite can leave the transaction open
        after one, and the next save on the pooled connection would otherwise commit it.
        """
        with self._write() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def raw(self) -> AbstractContextManager[sqlite3.Connection]:
        """Borrow a plain sqlite3 connection for the search path (SQLite only)."""
        return self._raw.connection()

    def dispose(self) -> None:
        """Close every connection (tests and the CLI call this before exiting)."""
        if sqlite_file(self.url) is not None:
            self._raw.close()
        self.engine.dispose()
