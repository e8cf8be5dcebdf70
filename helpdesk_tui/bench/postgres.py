"""A throwaway PostgreSQL server, for the test run (DESIGN.md §5: both engines in every run) and
the benchmark (PostgreSQL's figures beside SQLite's).

``start()`` runs ``initdb`` in a fresh temporary folder and ``pg_ctl start`` on loopback, on a
free port, with its socket in that folder: nothing of the machine's own PostgreSQL (if one runs)
is touched, and nothing is left behind. PostgreSQL refuses to run as root, so under root the
folder is handed to an unprivileged account (``postgres``, else ``nobody``) and the server's
commands run as that account; the folder is private to it (0700), which also keeps other users
out. The server is stopped (``-m immediate``: its data is thrown away anyway) by ``stop()``,
which the caller calls and ``atexit`` calls again should the process die first.

The tests' server (``TESTS``) has durability switched off (``fsync``, synchronous commit,
full-page writes): a crash loses a test's data, nothing else, and creating a database per test
stays cheap; each test gets its own database, copied from a template that holds the schema at
HEAD. The benchmark's (``BENCH``) keeps PostgreSQL's durability and is sized as a server for a
million contacts would be, so that its figures are what agents would see.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "helpdesk"
PASSWORD = "throwaway-secret"
TEMPLATE = "helpdesk_template"
ACCOUNTS = ("postgres", "nobody")
TESTS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=200 -c shared_buffers=32MB"
)
BENCH = "-c max_connections=50 -c shared_buffers=2GB -c max_wal_size=4GB"
"""Shared buffers that hold a million contacts' search tables and every index (1.5 GB); WAL room
for a whole demo load keeps checkpoints from interrupting it."""


def find_bindir() -> Path | None:
    """Where PostgreSQL's server programs are: ``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/*/bin`` (Debian), else wherever ``initdb`` is on PATH; None when
    PostgreSQL is not installed."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout
            candidates.append(Path(out.strip()))
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(p) for p in debian), key=_major, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    return next(
        (c for c in candidates if (c / "initdb").exists() and (c / "pg_ctl").exists()), None
    )


def _major(bindir: Path) -> int:
    try:
        return int(bindir.parent.name)
    except ValueError:
        return 0


def _account() -> pwd.struct_passwd | None:
    """The account the server runs as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ACCOUNTS:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError(f"running as root and none of the accounts {ACCOUNTS} exists")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One running throwaway server: its URLs, a database per test, and its stop."""

    def __init__(
        self, bindir: Path, folder: Path, account: pwd.struct_passwd | None, settings: str = TESTS
    ) -> None:
        self.bindir = bindir
        self.settings = settings
        self.folder = folder
        self.data = folder / "data"
        self.account = account
        self.port = 0
        self.started_in = 0.0
        self._count = 0
        self._stopped = False

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        """A SQLAlchemy URL for one of the server's databases, over TCP with a password."""
        return f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        account = self.account
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C.UTF-8"
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            cwd=self.folder,
            env=env,
            check=False,
            user=None if account is None else account.pw_uid,
            group=None if account is None else account.pw_gid,
            extra_groups=None if account is None else [],
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{what} failed: {result.stderr.strip()}\n{tail}")

    def start(self) -> None:
        """initdb and start on a free port (a port taken meanwhile is tried again)."""
        began = time.perf_counter()
        pwfile = self.folder / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        if self.account is not None:
            os.chown(pwfile, self.account.pw_uid, self.account.pw_gid)
        self._check(
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                USER,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ),
            "initdb",
        )
        for attempt in range(3):
            self.port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} {self.settings}"
            )
            result = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "30",
                "start",
            )
            if result.returncode == 0:
                break
            if attempt == 2:
                self._check(result, "pg_ctl start")
        self.started_in = time.perf_counter() - began

    def admin(self):
        """An autocommit psycopg connection to the server's maintenance database."""
        import psycopg  # noqa: PLC0415 - PostgreSQL only

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=USER,
            password=PASSWORD,
            dbname="postgres",
            autocommit=True,
        )

    def make_template(self, prepare) -> None:
        """Create the template every test's database is copied from; ``prepare(url)`` fills it."""
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        prepare(self.url(TEMPLATE))

    def create_database(self) -> str:
        """A new database copied from the template; its name."""
        self._count += 1
        name = f"test_{self._count}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return name

    def drop_database(self, name: str) -> None:
        """Drop a test's database, closing whatever connection a test left open to it."""
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server at once and remove its folder; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start(bindir: Path, settings: str = TESTS) -> Server:
    """Start a throwaway server from the programs in ``bindir`` with ``settings`` (server
    options); stopped at exit at the latest."""
    account = _account()
    # Under root, in /tmp itself: the account must reach the folder, and $TMPDIR (pytest's own
    # folders too) may sit inside a folder private to root.
    folder = Path(tempfile.mkdtemp(prefix="helpdesk-pg-", dir="/tmp" if account else None))
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    server = Server(bindir, folder, account, settings)
    atexit.register(server.stop)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
