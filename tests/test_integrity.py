"""Damage is noticed: ``helpdesk-tui check``, the TUI's daily check in the background, and the
schedule that keeps it to once a day for all the agents of a database."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.database import upkeep
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.database.integrity import check
from helpdesk_tui.store.errors import ErrorCode

from .conftest import APP_NOW, make_app, overwrite_a_page, settle

DATABASE = ErrorCode.DATABASE.exit_status


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("HELPDESK_TUI_DB", raising=False)


def test_a_sound_database_checks_sound(capsys, copy):
    assert main(["check", "--db", str(copy)]) == 0
    out, err = capsys.readouterr()
    assert "sound" in out and err == ""
    assert check(str(copy)).ok and check(str(copy), full=True).ok


def test_overwritten_pages_make_check_exit_5_with_the_sentence(capsys, copy):
    upgrade = copy.with_name("helpdesk.db.0003-20261101T000000.bak")
    shutil.copy(copy, upgrade)
    overwrite_a_page(copy)
    for extra in ([], ["--full"]):
        assert main(["check", "--db", str(copy), *extra]) == DATABASE
        out, err = capsys.readouterr()
        assert out == ""
        first = err.splitlines()[0]
        assert first.startswith(f"helpdesk-tui: {copy} is damaged"), err
        assert "restore it from a backup" in first and str(upgrade) in first
        assert "Page" in err, "SQLite's words for where, for whoever restores it"


def test_check_json_lists_the_problems(capsys, copy):
    overwrite_a_page(copy)
    assert main(["check", "--db", str(copy), "--json"]) == DATABASE
    out, _ = capsys.readouterr()
    found = json.loads(out)
    assert found["ok"] is False and found["problems"] and found["path"] == str(copy)


def test_the_check_is_due_once_a_day(copy):
    path = str(copy)
    assert upkeep.due(path, APP_NOW), "never checked"
    upkeep.mark_checked(path, APP_NOW)
    assert not upkeep.due(path, APP_NOW + timedelta(hours=6)), "not twice a day"
    assert upkeep.due(path, APP_NOW + timedelta(days=1)), "again the next day"
    assert upkeep.due(path, APP_NOW - timedelta(hours=1)), "a stamp from the future is none"


def test_daily_checks_copies_and_stamps_then_skips_until_tomorrow(copy):
    path = str(copy)
    clock = [APP_NOW]
    done = upkeep.daily(path, lambda: clock[0])
    assert done is not None and done.health.ok and done.backup is not None
    assert upkeep.last_checked(path) == APP_NOW
    clock[0] = APP_NOW + timedelta(hours=8)
    assert upkeep.daily(path, lambda: clock[0]) is None
    clock[0] = APP_NOW + timedelta(days=1)
    again = upkeep.daily(path, lambda: clock[0])
    assert again is not None and again.backup != done.backup


def test_a_second_agent_starting_at_once_skips(copy):
    path = str(copy)
    folder = copy.parent / "backups"
    folder.mkdir(mode=0o770)
    fd = os.open(folder / "helpdesk.db.lock", os.O_CREAT | os.O_RDWR, 0o660)
    fcntl.flock(fd, fcntl.LOCK_EX)  # the first agent, at it already
    try:
        assert upkeep.daily(path, lambda: APP_NOW) is None
    finally:
        os.close(fd)
    assert upkeep.daily(path, lambda: APP_NOW) is not None


def test_damage_is_never_stamped_so_every_start_says_it(copy):
    path = str(copy)
    overwrite_a_page(copy)
    for _ in range(2):
        done = upkeep.daily(path, lambda: APP_NOW)
        assert done is not None and not done.health.ok and done.backup is None
    assert upkeep.last_checked(path) is None


async def test_the_tui_says_damage_found_by_its_background_check(demo_file, tmp_path):
    path = tmp_path / "helpdesk.db"
    shutil.copy(demo_file, path)
    path.chmod(0o660)
    overwrite_a_page(path, "ticket")  # Home's first search reads contacts, not tickets
    db = Database(to_url(str(path)), author="tester", region="GB")
    app = make_app(db)
    app.upkeep_after = 0.01
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        damaged = [n for n in app._notifications if "is damaged" in str(n.message)]
        assert damaged and damaged[0].severity == "error"
        assert damaged[0].timeout > 24 * 3600, "stays until the agent dismisses it"
        assert "restore it from a backup" in str(damaged[0].message)
        status = str(app.home.query_one("#status").render())
        assert "is damaged" in status
        assert app.home.ready, "reading goes on"
    assert not (tmp_path / "backups" / "helpdesk.db.checked").exists()
    assert not list((tmp_path / "backups").glob("*.bak"))
    db.dispose()


async def test_the_tui_checks_and_copies_a_sound_database_quietly(demo_db):
    path = Path(demo_db.url.removeprefix("sqlite:///"))
    app = make_app(demo_db)
    app.upkeep_after = 0.01
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert not app._notifications
    assert upkeep.last_checked(str(path)) == APP_NOW
    assert len(list((path.parent / "backups").glob("demo.db.*.bak"))) == 1


def test_a_copy_stopped_halfway_leaves_the_day_due(copy, monkeypatch):
    from helpdesk_tui.store.database.integrity import Cancelled

    def stopped(*_args, **_kwargs):
        raise Cancelled

    monkeypatch.setattr(upkeep, "make_backup", stopped)
    with pytest.raises(Cancelled):
        upkeep.daily(str(copy), lambda: APP_NOW)
    assert upkeep.due(str(copy), APP_NOW)
