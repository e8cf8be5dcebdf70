"""The daily look after a database: check it, and when it is sound, copy it.

Every agent's app offers to do it after its first paint; the first one of the day to start does
it, once for all of them. When it was last done is a stamp file in the backups folder (every
agent of the group can write there, and it travels with the copies); two agents starting at
once are told apart by a lock on a file beside it, and the second simply skips. A damaged
database is never stamped, so every start checks it again and says so until it is restored.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..clock import utcnow
from ..errors import DatabaseDamaged, StoreError
from .backups import folder_of, make_backup
from .failures import translated
from .files import make_folder
from .integrity import Health, check

EVERY = timedelta(hours=20)
"""How old the last check may be: a working day apart, not 24 hours, so an agent who starts
at 9 every morning gets it every morning and not every other one."""


@dataclass(frozen=True)
class Upkeep:
    """What the daily look found and did."""

    health: Health
    backup: Path | None
    """The copy made; None when the database is damaged or the copy failed."""
    backup_error: str = ""
    """Why a sound database got no copy (a full disk, a permission), in one sentence."""


def stamp_of(path: str) -> Path:
    """The file saying when ``path`` was last found sound."""
    return folder_of(path) / f"{Path(path).name}.checked"


def last_checked(path: str) -> datetime | None:
    """When ``path`` was last found sound; None if never (or the stamp is unreadable)."""
    try:
        text = stamp_of(path).read_text(encoding="ascii").strip()
        when = datetime.fromisoformat(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def due(path: str, now: datetime) -> bool:
    """Whether the daily check of ``path`` is to run now (a stamp from the future, a clock set
    back, counts as none)."""
    when = last_checked(path)
    return when is None or not when <= now < when + EVERY


def mark_checked(path: str, now: datetime | None = None) -> None:
    """Record that ``path`` was found sound ``now``.

    ``demo`` calls this for the database it has just built: sound by construction, so the
    first start on it (the bench's, too) does not spend a check and a copy on it.
    """
    folder = folder_of(path)
    make_folder(str(folder))
    stamp = stamp_of(path)
    partial = stamp.with_name(f".{stamp.name}.{os.getpid()}")
    fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o660)
    try:
        os.write(fd, (now or utcnow()).astimezone(UTC).isoformat().encode("ascii") + b"\n")
    finally:
        os.close(fd)
    os.chmod(partial, 0o660)
    partial.replace(stamp)


def daily(
    path: str, now: Callable[[], datetime] = utcnow, cancelled: Callable[[], bool] = lambda: False
) -> Upkeep | None:
    """Check ``path`` and copy it if it is sound, when that is due and no other agent is at it
    already; None when nothing was done. Raises ``integrity.Cancelled`` when stopped."""
    if not due(path, now()):
        return None
    lock = _claim(path)
    if lock is None:
        return None
    try:
        if not due(path, now()):  # another agent finished it while this one waited to start
            return None
        with translated(path):
            health = check(path, cancelled=cancelled)
        if not health.ok:
            return Upkeep(health, None)
        try:
            with translated(path):
                copy = make_backup(path, now(), cancelled=cancelled)
        except DatabaseDamaged:
            raise  # its copy found what the check did not: said, and never stamped
        except (StoreError, OSError) as error:
            mark_checked(path, now())
            return Upkeep(health, None, _no_copy(path, error))
        mark_checked(path, now())  # only now: a copy stopped halfway is made again next time
        return Upkeep(health, copy)
    finally:
        os.close(lock)


def _claim(path: str) -> int | None:
    """The lock on ``path``'s upkeep (an open file to close), or None when another agent holds
    it or this account cannot write the backups folder (an agent who may only read)."""
    folder = folder_of(path)
    try:
        make_folder(str(folder))
        fd = os.open(folder / f"{Path(path).name}.lock", os.O_CREAT | os.O_RDWR, 0o660)
    except OSError:
        return None
    with suppress(OSError):
        if os.fstat(fd).st_uid == os.getuid():
            os.fchmod(fd, 0o660)  # the umask's 0600 would keep the other agents out of it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _no_copy(path: str, error: BaseException) -> str:
    if isinstance(error, StoreError):
        return f"no daily backup of {path} was made: {error}"
    errno = error.errno if isinstance(error, OSError) else None
    reason = os.strerror(errno) if errno else type(error).__name__
    return f"no daily backup of {path} was made in {folder_of(path)}: {reason}"
