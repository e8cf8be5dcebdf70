"""Daily copies of the database to restore from when it is damaged.

A copy is made with SQLite's online backup API from one read snapshot (WAL lets agents keep
saving meanwhile, and nothing they write is half in the copy), a few pages at a time with a
pause between, so the disk stays free for their reads. It lands in a ``backups`` folder beside
the database, shared with the group like the database itself, and only after it passed its own
``quick_check``: a copy of damage is worthless, and it never pushes a good copy out.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..clock import utcnow
from ..errors import DatabaseDamaged, DiskFull
from .connect import busy_timeout_ms
from .files import check_header, damaged_sentence, make_folder, share_sidecars
from .integrity import Cancelled, check

FOLDER = "backups"
KEEP = 7
"""Daily copies kept: a week back, so damage noticed after a weekend still has a good copy
from before it."""
PAGES = 1024
"""Pages copied per step (4 MiB at SQLite's default page size)."""
PAUSE = 0.002
"""Seconds between steps: the disk and the CPU are the agents' first (1M contacts, 1.2 GB,
copy in about 3 s)."""
STAMP = "%Y%m%dT%H%M%SZ"
"""The time in a copy's name: names sort by age, and the newest is the last."""


def folder_of(path: str | os.PathLike[str]) -> Path:
    """The folder where the daily copies (and the check's stamp) of ``path`` live."""
    return Path(os.path.abspath(path)).parent / FOLDER


def copies(path: str | os.PathLike[str]) -> list[Path]:
    """The daily copies of ``path``, oldest first."""
    name = Path(path).name
    try:
        found = [p for p in folder_of(path).glob(f"{name}.*.bak") if _stamp_of(p, name)]
    except OSError:
        return []
    return sorted(found, key=lambda p: _stamp_of(p, name))


def _stamp_of(copy: Path, name: str) -> str:
    """The time in a daily copy's name ('' for any other file)."""
    stamp = copy.name.removeprefix(name + ".").removesuffix(".bak")
    try:
        datetime.strptime(stamp, STAMP)
    except ValueError:
        return ""
    return stamp


def upgrade_copies(path: str | os.PathLike[str]) -> list[Path]:
    """The copies a schema upgrade left next to ``path`` (``store.database.schema.backup``),
    oldest first."""
    where = Path(os.path.abspath(path))
    try:
        found = list(where.parent.glob(f"{where.name}.*.bak"))
        return sorted(found, key=lambda p: p.stat().st_mtime)
    except OSError:
        return []


def newest(path: str | os.PathLike[str]) -> Path | None:
    """The copy to restore ``path`` from: the newest daily copy (each passed its check), else
    the newest copy a schema upgrade made."""
    found = copies(path) or upgrade_copies(path)
    return found[-1] if found else None


def restore_commands(path: str | os.PathLike[str], copy: Path) -> str:
    """The shell commands that put ``copy`` back in place of ``path``, keeping the damaged file
    aside (for whoever wants to look at it) and dropping its -wal and -shm, which belong to it."""
    db = shlex.quote(os.path.abspath(path))
    aside = shlex.quote(os.path.abspath(path) + ".damaged")
    return (
        f"mv {db} {aside}; rm -f {db}-wal {db}-shm; "
        f"cp -p {shlex.quote(str(copy))} {db}; chmod 660 {db}"
    )


def make_backup(
    path: str,
    now: datetime | None = None,
    keep: int = KEEP,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Copy the database at ``path`` into its backups folder; returns the copy.

    The copy is written under a hidden name, checked, and only then named and counted: a
    damaged database raises ``DatabaseDamaged`` and leaves the folder as it was. The ``keep``
    newest copies stay; older ones go once the new one is in place.
    """
    check_header(path)
    folder = folder_of(path)
    make_folder(str(folder))
    _check_room(path, folder)
    name = Path(path).name
    stamp = (now or utcnow()).astimezone(UTC).strftime(STAMP)
    final = folder / f"{name}.{stamp}.bak"
    partial = folder / f".{final.name}.partial"
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660))
    os.chmod(partial, 0o660)
    try:
        _copy(path, partial, cancelled)
        health = check(str(partial), cancelled=cancelled)
        if not health.ok:
            raise DatabaseDamaged(path, damaged_sentence(path, "its daily check found damage"))
        with open(partial, "rb+") as file:
            os.fsync(file.fileno())
        partial.replace(final)
    finally:
        for leftover in (partial, *(Path(f"{partial}{s}") for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    for old in copies(path)[:-keep]:
        old.unlink(missing_ok=True)
    return final


def _check_room(path: str, folder: Path) -> None:
    """Refuse a copy that would leave less free space than the database's own size: the agents'
    saves (and the -wal they grow) come first, and a backup must never be what fills the disk."""
    size = sum(os.path.getsize(f) for f in (path, path + "-wal") if os.path.exists(f))
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    if free < 2 * size:
        raise DiskFull(
            path,
            f"no room for a backup of {path} in {folder}: {free // 2**20:,} MiB free, and a "
            f"copy needs {size // 2**20:,} MiB with as much again left over for the agents' "
            "saves; free some space (or remove old copies there)",
        )


def _copy(path: str, target: Path, cancelled: Callable[[], bool]) -> None:
    """Copy one read snapshot of ``path`` into ``target``, a step at a time.

    The read transaction held on the source keeps every step on the same snapshot (without it,
    a save by another agent would restart the copy from its first page); in WAL it never holds
    up a writer. The copy is left in rollback-journal mode: one file, whole by itself.
    """
    source = sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000, isolation_level=None
    )
    share_sidecars(path)
    try:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        dest = sqlite3.connect(target, isolation_level=None)
        try:

            def pause(_status: int, _remaining: int, _total: int) -> None:
                if cancelled():
                    raise Cancelled
                time.sleep(PAUSE)

            source.backup(dest, pages=PAGES, progress=pause)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        source.close()
