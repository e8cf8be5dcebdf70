"""Shared fixtures: real SQLite files (never mocks), demo data built once per session, and the
snapshot folder at the top of the repository."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_textual_snapshot

from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.demo.generate import generate

from . import postgres

os.environ["TZ"] = "UTC"
time.tzset()
# Snapshots are taken on a true-colour terminal unless a test says otherwise (the app picks
# its theme from the terminal's colours, and honours NO_COLOR).
os.environ["TERM"] = "xterm-256color"
os.environ["COLORTERM"] = "truecolor"
os.environ.pop("NO_COLOR", None)

ROOT = Path(__file__).resolve().parents[1]
DEMO_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DEMO_CONTACTS = 2_000
APP_NOW = DEMO_NOW + timedelta(hours=3)


def realdata_folder() -> Path | None:
    """Where the shared real data is: ``$HELPDESK_TUI_REALDATA``, else ``shared/realdata``
    beside the repository, else ``/work/shared/realdata`` (CI runs on a clone in /tmp, where
    nothing is beside it); None when none of them exists."""
    candidates = [ROOT.parent / "shared" / "realdata", Path("/work/shared/realdata")]
    if os.environ.get("HELPDESK_TUI_REALDATA"):
        candidates.insert(0, Path(os.environ["HELPDESK_TUI_REALDATA"]))
    return next((path for path in candidates if path.is_dir()), None)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def realdata(relative: str) -> Path:
    """A file of the shared real data. Missing, the test is skipped on a developer's machine,
    and fails under CI (``CI=true``): a run there must never pass by testing nothing."""
    folder = realdata_folder()
    path = folder / relative if folder is not None else None
    if path is not None and path.exists():
        return path
    message = (
        f"real data not found: {path}"
        if path is not None
        else f"real data not found: no folder for {relative} at $HELPDESK_TUI_REALDATA, "
        f"{ROOT.parent / 'shared' / 'realdata'} or /work/shared/realdata"
    )
    if _in_ci():
        pytest.fail(message)
    pytest.skip(message)


class TopLevelSnapshots(pytest_textual_snapshot.SVGImageExtension):
    """Keep snapshot SVGs in the repository's top-level snapshots/<test module>/ folder.

    pytest-textual-snapshot 1.1.0 pins syrupy 4.8, which has no option for the folder; its
    ``snap_compare`` looks the extension class up on its module at each call, so replacing it
    there installs this one.
    """

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(ROOT / "snapshots" / Path(test_location.filepath).stem)


pytest_textual_snapshot.SVGImageExtension = TopLevelSnapshots


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data folder (drafts of unsaved edits live there) is the test's own, never the
    home of whoever runs the tests."""
    folder = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


ENGINES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: run each test of the module that takes `db` on every engine"
    )
    config.addinivalue_line(
        "markers",
        "sqlite_only: a test of SQLite's own files or pragmas, with nothing to match on "
        "PostgreSQL (in a both_engines module)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """In a module marked ``both_engines``, each test that takes ``db`` runs on SQLite and on
    PostgreSQL, unless it is marked ``sqlite_only``."""
    node = metafunc.definition
    if (
        "db" in metafunc.fixturenames
        and node.get_closest_marker("both_engines")
        and not node.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("db", ENGINES, indirect=True)


def _empty_database(request: pytest.FixtureRequest, tmp_path: Path, engine: str) -> Database:
    if engine == "sqlite":
        url = to_url(str(tmp_path / "helpdesk.db"))
    else:
        url = request.getfixturevalue("pg_url")
    database = Database(url, author="tester", region="GB")
    schema.ensure(database)
    return database


@pytest.fixture
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """An empty database at the current schema: a real SQLite file, or (in a module marked
    ``both_engines``) each engine in turn."""
    database = _empty_database(request, tmp_path, getattr(request, "param", "sqlite"))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database generated once per test session; copy it before writing to it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    generate(to_url(str(path)), contacts=DEMO_CONTACTS, seed=7, now=DEMO_NOW)
    return path


@pytest.fixture
def copy(demo_file: Path, tmp_path: Path) -> Path:
    """A private copy of the session's demo database (0660) in its own group folder (0770),
    as agents share one: for tests of the file itself (damage, backups, permissions)."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o770)
    path = folder / "helpdesk.db"
    shutil.copy(demo_file, path)
    path.chmod(0o660)
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Database:
    """A private copy of the session's demo database, safe to edit."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    copy.chmod(0o660)
    database = Database(to_url(str(copy)), author="tester", region="GB")
    yield database
    database.dispose()


def overwrite_a_page(path: str | Path, table: str = "contact") -> None:
    """What a stray program or a failing disk does: the first page of a table turned to
    noise, the header untouched, so only reading the pages finds it."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    with open(path, "r+b") as file:
        file.seek((root - 1) * page)
        file.write(b"\xa5" * page)


def make_app(database: Database):
    """The TUI on a test database, with a fixed clock (SLA states stay put in snapshots)."""
    from helpdesk_tui.app import HelpdeskApp
    from helpdesk_tui.store.service import Store

    store = Store(database.url, author="tester", region="GB")
    return HelpdeskApp(store, clock=lambda: APP_NOW)


HOSTILE_TEXT = "Boom\x1b]52;c;QUJD\x07[/]\u202eevil [@click=app.quit]"
"""A stranger's text with an OSC 52 clipboard write, a bell, markup, a bidi override and a
click action: what no command's output or screen may pass through raw."""
FORBIDDEN = ("\x1b", "\x07", "\u202e")
"""What must never reach the terminal from HOSTILE_TEXT."""


def run_cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit status, stdout, stderr), argparse's refusals included."""
    from helpdesk_tui.cli import main

    capsys.readouterr()
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as usage:  # argparse refusing the options
        code = usage.code
    out, err = capsys.readouterr()
    return code, out, err


async def settle(pilot) -> None:
    """Let workers finish and their messages land (a search, a load, a save)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_contact(pilot, reference: str):
    """The contact screen of ``reference``, opened as Home's enter opens it and settled."""
    from helpdesk_tui.screens.contact import ContactScreen

    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ContactScreen)
    return pilot.app.screen


POSTGRES_MISSING = (
    "PostgreSQL is not installed (no initdb in pg_config --bindir, /usr/lib/postgresql or PATH)"
)


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> postgres.Server:
    """The run's throwaway PostgreSQL (tests/postgres.py), started for the first test that
    needs it. Without PostgreSQL such tests are skipped, and fail under CI (``CI=true``)."""
    bindir = postgres.find_bindir()
    if bindir is None:
        if _in_ci():
            pytest.fail(POSTGRES_MISSING)
        pytest.skip(POSTGRES_MISSING)
    server = postgres.start(bindir)
    request.addfinalizer(server.stop)

    def prepare(url: str) -> None:
        database = Database(url)
        schema.ensure(database)
        database.dispose()

    server.make_template(prepare)
    return server


@pytest.fixture
def pg_url(pg_server: postgres.Server) -> str:
    """A URL to a new PostgreSQL database at the current schema, dropped after the test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """An empty database at the current schema on each engine in turn."""
    database = _empty_database(request, tmp_path, request.param)
    yield database
    database.dispose()


def pytest_terminal_summary(terminalreporter) -> None:
    """Say how many tests were skipped for want of PostgreSQL, and why."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if POSTGRES_MISSING in str(report.longrepr)
    ]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {POSTGRES_MISSING}")
