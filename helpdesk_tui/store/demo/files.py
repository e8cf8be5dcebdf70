"""Where a demo build lives until it is complete, and the worker processes that fill it.

A build writes its database and its workers' part files into a private folder (0700) made beside
the target, so that the finished file reaches its place by one rename on the same file system and
nobody ever sees it half-made. The build holds a lock on that folder while it runs; a build killed
outright (SIGKILL, a power cut) cannot clean up after itself, and the lock is how the next build
into the same folder knows the leftover is dead and removes it. Workers die with the build rather
than run on as orphans.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from multiprocessing import active_children, get_context
from pathlib import Path

from ..errors import StoreError

PREFIX = ".helpdesk-demo-"
LOCK = "lock"
GRACE_SECONDS = 60
FILE_MODE = 0o660
PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def clear_leftovers(target: Path) -> None:
    """Remove what killed builds left beside ``target``.

    Private folders whose lock nobody holds belong to builds that are gone; ``NAME.building*``
    files come from the scheme before them, which made every later build into the folder fail.
    Folders of builds still running (or of other users, which cannot be opened) are left alone.
    """
    try:
        names = list(target.parent.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot read the folder {target.parent}: {exc.strerror}") from exc
    for path in names:
        if path.name.startswith(target.name + ".building"):
            with suppress(OSError):  # another user's: it is in nobody's way now
                path.unlink()
        elif path.name.startswith(PREFIX):
            _remove_if_abandoned(path)


def _remove_if_abandoned(folder: Path) -> None:
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        # Killed between making the folder and its lock, or a build starting right now.
        with suppress(OSError):
            if time.time() - folder.lstat().st_mtime > GRACE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        return
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Still locked while removing: a build that made this folder a moment ago and has
        # not locked it yet waits, then sees its lock gone and makes another folder.
        shutil.rmtree(folder, ignore_errors=True)
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


@contextmanager
def private_folder(beside: Path) -> Iterator[Path]:
    """A folder only this build can read, locked while it runs and removed when it ends.

    Removal is in ``finally``, so a failure, Ctrl-C or an exception raised by a signal handler
    all leave nothing behind; only SIGKILL does, and ``clear_leftovers`` takes care of that.
    """
    while True:
        try:
            folder = tempfile.mkdtemp(prefix=PREFIX, dir=beside)
        except OSError as exc:
            raise StoreError(f"cannot write in the folder {beside}: {exc.strerror}") from exc
        lock = os.path.join(folder, LOCK)
        try:
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        except FileNotFoundError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.path.samestat(os.fstat(fd), os.stat(lock)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def new_file(path: Path) -> Path:
    """Create ``path`` empty and private, for SQLite to build in (the store refuses files others
    can read, and a file SQLite creates itself would be 0644)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


def publish(built: Path, target: Path) -> None:
    """Give ``target`` the finished database in one step, on disk before it is visible.

    A new target is hard-linked, which fails rather than overwrite a file that appeared during the
    build; an existing one (the caller has checked it holds no contacts) is replaced, together
    with its old write-ahead log, which would otherwise be replayed into the new file.
    """
    fd = os.open(built, os.O_RDONLY)
    try:
        os.fchmod(fd, FILE_MODE)
        os.fsync(fd)
    finally:
        os.close(fd)
    if target.exists():
        for suffix in ("-wal", "-shm", "-journal"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(built, target)
    else:
        try:
            os.link(built, target)
        except FileExistsError:
            raise StoreError(
                f"{target} appeared while demo data was being built; it was left as it is"
            ) from None
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def worker_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple
) -> Iterator[ProcessPoolExecutor]:
    """Forked workers that never outlive the build.

    If the build fails or is interrupted they are killed at once rather than left to finish
    chunks nobody will read (and to write them into a folder being removed). ``initializer``
    must call ``tie_to_parent`` first. The build must not cancel its futures (``map`` does, on an
    exception): Python 3.11's executor then fails on the cancelled ones while handling the
    killed workers, and the process hangs on exit.
    """
    before = set(active_children())
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        yield pool
    except BaseException:
        ours = set(active_children()) - before
        for child in ours:
            child.kill()
        for child in ours:
            child.join()
        raise
    finally:
        pool.shutdown()


def tie_to_parent(parent: int) -> None:
    """In a worker: die with the build process ``parent``.

    Orphaned workers otherwise run on for minutes after a killed build. Linux kills the worker
    when its parent dies (PR_SET_PDEATHSIG); a parent that died before that took effect is caught
    by the check after it, and a thread watching for a new parent covers other systems. Signals
    meant for the build are the build's to handle: Ctrl-C reaches the whole terminal's process
    group, and a worker would print a traceback of its own; handlers the build installed for
    SIGTERM and SIGHUP were copied by fork and are reset.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
