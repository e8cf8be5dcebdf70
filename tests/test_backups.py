"""The automatic backup: a consistent copy, shared with the group, the newest few kept, never
made of a damaged database, and named in the sentence an agent reads when damage is found."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from helpdesk_tui.cli import main
from helpdesk_tui.store.database import backups
from helpdesk_tui.store.database.files import damaged_sentence, restore_advice
from helpdesk_tui.store.errors import DatabaseDamaged, DiskFull

from .conftest import APP_NOW, overwrite_a_page

TABLES = ("contact", "identity", "ticket", "company", "event")


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_one_snapshot_while_an_agent_writes(copy, monkeypatch):
    before = rows(copy)
    writer = sqlite3.connect(copy, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    written = []

    def agent_saves_between_steps(_seconds: float) -> None:
        writer.execute("UPDATE contact SET title = 'Changed' WHERE id = ?", (len(written) + 1,))
        written.append(1)

    monkeypatch.setattr(backups, "PAGES", 8)
    monkeypatch.setattr(backups.time, "sleep", agent_saves_between_steps)
    made = backups.make_backup(str(copy), APP_NOW)
    writer.close()
    assert len(written) > 3, "the agent saved while the copy was made, and was not held up"
    assert rows(made) == before, "the copy is the database as it was when the copy began"
    assert rows(copy) != before


def test_restoring_a_backup_with_the_advised_commands_gives_the_same_rows(copy):
    before = rows(copy)
    made = backups.make_backup(str(copy), APP_NOW)
    overwrite_a_page(copy)
    advice = restore_advice(str(copy))
    assert str(made) in advice
    command = advice.split("`")[1]
    subprocess.run(["sh", "-c", command], check=True)
    assert rows(copy) == before
    assert mode(copy) == 0o660
    assert Path(f"{copy}.damaged").exists(), "the damaged file is kept aside"


def test_backups_are_0660_in_a_0770_folder_whatever_the_umask(copy):
    old = os.umask(0o077)
    try:
        made = backups.make_backup(str(copy), APP_NOW)
    finally:
        os.umask(old)
    assert mode(made.parent) == 0o770
    assert mode(made) == 0o660
    assert made.parent == copy.parent / "backups"
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name], "nothing left over"


def test_only_the_newest_are_kept_and_their_names_sort_by_age(copy):
    made = [
        backups.make_backup(str(copy), APP_NOW + timedelta(days=day), keep=3) for day in range(5)
    ]
    assert backups.copies(str(copy)) == made[-3:]
    assert sorted(p.name for p in made) == [p.name for p in made]
    assert backups.newest(str(copy)) == made[-1]


def test_a_damaged_database_is_never_copied_and_good_copies_stay(copy):
    good = backups.make_backup(str(copy), APP_NOW)
    overwrite_a_page(copy)
    for day in range(1, 9):
        with pytest.raises(DatabaseDamaged, match="is damaged"):
            backups.make_backup(str(copy), APP_NOW + timedelta(days=day))
    assert sorted((copy.parent / "backups").iterdir()) == [good]


def test_a_backup_never_fills_the_disk_the_agents_save_to(copy, monkeypatch):
    """With less free space than twice the database, the copy is refused before a byte is
    written (the disk's real size cannot be shrunk in a test: its free space is reported)."""
    real = os.statvfs(copy.parent)
    size = copy.stat().st_size

    class Tight:
        f_frsize = real.f_frsize
        f_bavail = (2 * size - 1) // real.f_frsize

    monkeypatch.setattr(backups.os, "statvfs", lambda _folder: Tight)
    with pytest.raises(DiskFull, match="no room for a backup"):
        backups.make_backup(str(copy), APP_NOW)
    assert list((copy.parent / "backups").iterdir()) == []


def test_restore_advice_names_the_newest_good_backup(copy):
    path = str(copy)
    assert "no backup was found" in restore_advice(path)
    upgrade = copy.with_name("helpdesk.db.0003-20260101T000000.bak")
    shutil.copy(copy, upgrade)
    assert str(upgrade) in restore_advice(path), "an upgrade's copy, when there is no other"
    backups.make_backup(path, APP_NOW)
    newest = backups.make_backup(path, APP_NOW + timedelta(days=1))
    os.utime(upgrade)  # newer on disk, yet the checked daily copy comes first
    advice = restore_advice(path)
    assert str(newest) in advice and str(upgrade) not in advice
    assert str(newest) in damaged_sentence(path)


def test_the_backup_command_prints_where_it_wrote(capsys, copy):
    assert main(["backup", "--db", str(copy)]) == 0
    out, err = capsys.readouterr()
    made = Path(out.strip())
    assert made.parent == copy.parent / "backups" and made.exists() and err == ""
    overwrite_a_page(copy)
    assert main(["backup", "--db", str(copy)]) == 5
    out, err = capsys.readouterr()
    assert out == "" and "is damaged" in err and str(made) in err
    assert backups.copies(str(copy)) == [made]


def test_a_copy_failing_otherwise_than_the_os_is_named_by_its_kind():
    """Only an OSError has an errno: anything else is named by its type, not a crash."""
    from helpdesk_tui.store.database.upkeep import _no_copy

    assert _no_copy("/srv/helpdesk.db", ValueError("odd")).endswith(": ValueError")
    assert _no_copy("/srv/helpdesk.db", OSError(28, "full")).endswith(os.strerror(28))
