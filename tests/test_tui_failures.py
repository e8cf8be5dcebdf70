"""The error table in the TUI: the same sentences as the CLI, never the driver's text, edits kept;
and ``helpdesk-tui`` exits non-zero when the TUI ends on an error (a real pty)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import ErrorCode

from .conftest import make_app, overwrite_a_page, settle

SCRIPT = Path(sys.executable).with_name("helpdesk-tui")
LEAKS = ("Traceback", "sqlite3.", "sqlalchemy", "SELECT", "UPDATE", "[SQL", "OperationalError")


def reference_of(db: Database) -> str:
    with db.raw() as conn:
        return conn.execute("SELECT reference FROM contact ORDER BY id LIMIT 1").fetchone()[0]


def notices(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def clean_of_leaks(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, text


async def test_a_busy_database_on_save_is_said_and_the_edits_kept(demo_db, monkeypatch):
    monkeypatch.setenv("HELPDESK_TUI_BUSY_TIMEOUT", "0.2")
    reference = reference_of(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(reference)
        await settle(pilot)
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"Busy", "enter")
        holder = sqlite3.connect(demo_db.url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        said = notices(app)
        assert "database is busy: another agent is writing" in said
        clean_of_leaks(said)
        assert app.screen.pending == {"title": "Busy"}, "the edit waits to be saved again"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty


async def test_another_programs_database_is_named_on_home_and_fails_the_exit(tmp_path):
    other = tmp_path / "inventory.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE item (name TEXT)")
    other.chmod(0o660)
    db = Database(to_url(str(other)), author="tester", region="GB")
    app = make_app(db)
    async with app.run_test() as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status", Static).render())
        assert "is not a helpdesk-tui database" in status
        clean_of_leaks(status)
    assert app.failure.code is ErrorCode.DATABASE
    db.dispose()


async def test_damage_met_while_working_reads_as_damaged(demo_db, tmp_path):
    reference = reference_of(demo_db)
    path = demo_db.url.removeprefix("sqlite:///")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        overwrite_a_page(path)
        app.open_contact(reference)
        await settle(pilot)
        said = notices(app)
        assert "is damaged" in said and "restore it from a backup" in said
        clean_of_leaks(said)


def run_in_pty(args: list[str], keys_after: str, then: bytes, timeout: float = 30) -> tuple:
    """Run helpdesk-tui on a terminal; once ``keys_after`` shows, type ``then``; returns the
    exit status and everything the terminal received."""
    main, child = pty.openpty()
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        [SCRIPT, *args], stdin=child, stdout=child, stderr=child, env=env, close_fds=True
    )
    os.close(child)
    seen = b""
    typed = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(main, 65536)
                except OSError:
                    break
            if not typed and keys_after.encode() in seen.replace(b"\xc2\xa0", b" "):
                time.sleep(0.3)
                os.write(main, then)
                typed = True
        try:
            status = process.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            status = None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return status, seen.decode("utf-8", "replace")


def test_the_tui_exits_non_zero_when_it_ends_on_an_error(tmp_path):
    other = tmp_path / "inventory.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE item (name TEXT)")
    other.chmod(0o660)
    status, seen = run_in_pty(["--db", str(other)], "program's", b"\x11")
    assert status == ErrorCode.DATABASE.value, seen[-500:]
    clean_of_leaks(seen)


def test_a_damaged_file_is_refused_before_the_screen_is_taken(demo_file, tmp_path):
    copy = tmp_path / "cut.db"
    shutil.copy(demo_file, copy)
    copy.chmod(0o660)
    with open(copy, "r+b") as file:
        file.truncate(copy.stat().st_size - 3 * 4096)
    done = subprocess.run(
        [SCRIPT, "--db", str(copy)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == ErrorCode.DATABASE.value
    assert done.stdout == "", "the alternate screen was never entered"
    assert done.stderr.startswith("helpdesk-tui: ") and "is damaged" in done.stderr
    clean_of_leaks(done.stderr)


@pytest.mark.parametrize("where", ["missing-folder", "folder"])
def test_a_wrong_path_is_refused_before_the_screen_is_taken(tmp_path, where):
    path = tmp_path / "typo" / "helpdesk.db" if where == "missing-folder" else tmp_path
    done = subprocess.run(
        [SCRIPT, "--db", str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == ErrorCode.DATABASE.value
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "typo").exists()
