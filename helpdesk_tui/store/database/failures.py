"""Driver and OS failures turned into the store's errors: one sentence, a code, never SQL.

SQLite reports a locked database, a full disk, a damaged file and a missing permission as
``OperationalError`` or ``DatabaseError`` with an English message, and SQLAlchemy wraps them
with the statement and its parameters (a customer's details) attached. People must see neither:
the CLI and the TUI pass whatever escapes an operation through ``translate``, which reads the
driver's error code (never its text) and says what happened and what to do.

PostgreSQL's errors are read by their SQLSTATE class the same way. A failure to connect carries
none (libpq keeps only the server's text), so ``connect_failure`` finds out what went wrong by
asking: is the server there, does it accept the login, does the database exist.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseProblem,
    DiskFull,
    NoAccess,
    NotADatabase,
    StoreError,
)
from .connect import sqlite_path
from .files import damaged_sentence

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def translate(error: BaseException, path: str) -> StoreError | None:
    """The store error a failure met while using the database at ``path`` means to a person;
    None when it is not one a person can act on (a bug, to be reported as one)."""
    if isinstance(error, StoreError):
        return error
    cause = getattr(error, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
    if isinstance(cause, BaseException):
        error = cause
    if isinstance(error, sqlite3.Error):
        return _from_sqlite(error, path)
    if type(error).__module__.startswith("psycopg"):  # psycopg is loaded: it raised the error
        return _from_psycopg(error, path)
    if isinstance(error, OSError):
        return _from_os(error, path)
    return None


def _from_sqlite(error: sqlite3.Error, path: str) -> StoreError | None:
    make = _SQLITE.get(getattr(error, "sqlite_errorcode", 0) & 0xFF)
    return None if make is None else make(path)


def _io_error(path: str) -> StoreError:
    return DiskFull(
        path,
        f"could not read or write {path} (a disk I/O error: the disk may be full, over a "
        "file size limit, or failing); free some space and try again (nothing was saved)",
    )


def _not_a_database(path: str) -> StoreError:
    return NotADatabase(
        path,
        f"{path} is not a helpdesk-tui database (not an SQLite file, or damaged from its "
        "first page): check the --db path",
    )


def _read_only(path: str) -> StoreError:
    return NoAccess(
        path,
        f"cannot write {path}: this account may only read it; check the group's write "
        "permission on it, its -wal and -shm files and its folder (chmod g+rw)",
    )


def _cannot_open(path: str) -> StoreError:
    return NoAccess(
        path,
        f"cannot open {path}: check that it exists and that the agents' group may read and "
        "write it and its folder (chmod g+rw)",
    )


def _damaged(path: str) -> StoreError:
    return DatabaseDamaged(path, damaged_sentence(path))


def _from_os(error: OSError, path: str) -> StoreError | None:
    if error.errno in NO_SPACE:
        return _disk_full(path)
    if error.errno in NO_PERMISSION:
        where = error.filename if isinstance(error.filename, str) else path
        return NoAccess(
            path,
            f"cannot write {where}: this account has no permission; check the group's "
            "write permission (chmod g+rw)",
        )
    return None


def _disk_full(path: str) -> DiskFull:
    folder = os.path.dirname(os.path.abspath(path))
    return DiskFull(
        path,
        f"could not write {path}: the disk holding {folder} is full or a file size limit was "
        "reached; free some space and try again (nothing was saved)",
    )


_SQLITE: dict[int, Callable[[str], StoreError]] = {
    SQLITE_BUSY: DatabaseBusy,
    SQLITE_LOCKED: DatabaseBusy,
    SQLITE_FULL: _disk_full,
    SQLITE_IOERR: _io_error,
    SQLITE_CORRUPT: _damaged,
    SQLITE_NOTADB: _not_a_database,
    SQLITE_READONLY: _read_only,
    SQLITE_PERM: _read_only,
    SQLITE_CANTOPEN: _cannot_open,
}
"""What each of SQLite's primary result codes means to a person (the rest are bugs)."""


def _from_sqlstate(sqlstate: str, path: str) -> StoreError | None:
    """PostgreSQL's SQLSTATE: the exact code first, then its class (the first two characters)."""
    make = _SQLSTATE.get(sqlstate) or _SQLSTATE.get(sqlstate[:2])
    return None if make is None else make(path)


def _from_psycopg(error: BaseException, path: str) -> StoreError | None:
    """A server's error by its SQLSTATE; one without (the client's own) is a connection that
    failed: lost or closed under a query, as when the server restarts or an administrator ends
    it. Saying so (try again) is what helps: the pool drops the connection and the next one
    goes to the server afresh."""
    import psycopg  # noqa: PLC0415 - already imported by whatever raised the error

    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        return _from_sqlstate(sqlstate, path)
    return _unreachable(path) if isinstance(error, psycopg.OperationalError) else None


def _refused(path: str) -> StoreError:
    return NoAccess(
        path,
        f"{path} refused this account: check the user name and password in the --db URL and "
        "that the server lets this user use this database (ask its administrator)",
    )


def _unreachable(path: str) -> StoreError:
    return DatabaseProblem(
        path,
        f"cannot reach the database server at {path}: check that it runs and that the host "
        "and port in the --db URL are right, then try again (nothing was saved)",
    )


def _no_database(path: str) -> StoreError:
    return DatabaseMissing(
        path,
        f"{path} does not exist on that server: check the database name in the --db URL, or "
        "create it (createdb) first",
    )


def _server_full(path: str) -> StoreError:
    return DiskFull(
        path,
        f"the server of {path} has no disk space left; its administrator must free some, then "
        "try again (nothing was saved)",
    )


_SQLSTATE: dict[str, Callable[[str], StoreError]] = {
    "40001": DatabaseBusy,  # serialization failure
    "40P01": DatabaseBusy,  # deadlock detected (the other agent's write went through)
    "55P03": DatabaseBusy,  # lock not available: lock_timeout, the busy timeout, ran out
    "53100": _server_full,
    "28": _refused,  # invalid authorization
    "42501": _refused,  # insufficient privilege
    "08": _unreachable,  # connection exception
    "57P01": _unreachable,  # admin shutdown: the server stopped, or ended this connection
    "57P02": _unreachable,  # crash shutdown
    "57P03": _unreachable,  # cannot connect now: the server is starting or stopping
    "3D000": _no_database,
}
"""What PostgreSQL's SQLSTATEs mean to a person, by exact code or by class (the rest are bugs)."""


def connect_failure(params: dict, path: str) -> StoreError:
    """Why connecting to a PostgreSQL server failed, found out without reading its message:
    is the server there, does it accept the login on its ``postgres`` database, and does the
    database asked for exist. ``params`` are psycopg's connection parameters (the password
    included); ``path`` names the server without it."""
    import socket  # noqa: PLC0415 - off the search path

    import psycopg  # noqa: PLC0415 - PostgreSQL only

    host = params.get("host") or "/var/run/postgresql"
    port = int(params.get("port") or 5432)
    if host.startswith("/"):
        reachable = os.path.exists(os.path.join(host, f".s.PGSQL.{port}"))
    else:
        try:
            socket.create_connection((host, port), timeout=5).close()
            reachable = True
        except OSError:
            reachable = False
    if not reachable:
        return _unreachable(path)
    try:
        probe = psycopg.connect(**{**params, "dbname": "postgres"})
    except psycopg.OperationalError:
        return _refused(path)
    with probe:
        found = probe.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (params.get("dbname"),)
        ).fetchone()
    return _refused(path) if found else _no_database(path)


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Re-raise what ``translate`` recognises as a store error, without the driver's text."""
    try:
        yield
    except Exception as error:
        found = translate(error, path)
        if found is None or found is error:
            raise
        raise found from error


def where(url: str) -> str:
    """How messages name a database: a SQLite file by its path, a server by its URL without
    the password."""
    path = sqlite_path(url)
    if path is not None:
        return path
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        rest = credentials.split(":", 1)[0] + ":***@" + host
    return f"{scheme}://{rest}" if scheme and rest else url or "the database"


def sentence(error: BaseException) -> str:
    """What to tell a person about ``error``: a store error's own sentence; for anything else
    (a bug) its kind only, since a driver's text can hold SQL and a customer's details."""
    if isinstance(error, StoreError):
        return str(error)
    return (
        f"unexpected error ({type(error).__name__}): nothing more was saved; run again with "
        "HELPDESK_TUI_DEBUG=1 for the details and report them"
    )
