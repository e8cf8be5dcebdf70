"""The database file on a shared server: checked before SQLite touches it, shared with the group.

SQLite's own answer to a wrong path, a folder, a missing permission or a truncated file is
"unable to open database file" or "disk image is malformed" — or, worse, it creates a new empty
database, or -wal and -shm files that lock other agents out. These checks run first and say
which of those it is and what to do, in one sentence. Plain ``os`` calls and one 100-byte read:
``helpdesk-tui search`` runs them on its way to a result.
"""

from __future__ import annotations

import os
import stat

from ..errors import DatabaseDamaged, DatabaseMissing, NoAccess, NotADatabase, UnsafeDatabase

SIDECARS = ("-wal", "-shm")
"""The files SQLite keeps beside a database in WAL mode; they hold its data too."""

MAGIC = b"SQLite format 3\x00"
HEADER = 100


def check_database(path: str, create: bool) -> None:
    """Refuse, in one sentence, a database path this account cannot use as it is.

    With ``create`` a missing file in an existing folder is made (0660, the group's); a missing
    folder is never made here (only ``demo`` makes one), so a mistyped ``--db`` is refused
    rather than answered with an empty helpdesk.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(path):
        _check_folder(path, folder)
        if not create:
            raise DatabaseMissing(
                path,
                f"no database at {path}: create one with `helpdesk-tui demo --db {path}` "
                "or by opening it in the TUI",
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise NoAccess(
                path,
                f"cannot create {path}: this account cannot write to {folder}; "
                "check the group's write permission (chmod g+rwx)",
            )
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660)
        os.close(fd)
        os.chmod(path, 0o660)
        return
    if os.path.isdir(path):
        raise NotADatabase(
            path,
            f"{path} is a folder, not a database file: give the path of a file in it, "
            f"e.g. --db {os.path.join(path, 'helpdesk.db')}",
        )
    for file in (path, *(path + suffix for suffix in SIDECARS)):
        _check_private(file)
    if not os.access(path, os.R_OK):
        raise NoAccess(
            path,
            f"cannot read {path}: this account has no permission; ask its owner to give "
            "the agents' group read and write access (chmod g+rw)",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NoAccess(
            path,
            f"cannot write to the folder {folder}: agents share the database's -wal and -shm "
            "files there; check the group's write permission (chmod g+rwx)",
        )
    check_header(path)


def _check_folder(path: str, folder: str) -> None:
    """A missing database's folder must exist (and be a folder, not a file)."""
    parent = folder
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise DatabaseMissing(
            path, f"cannot use {path}: {parent} is a file, not a folder; check the --db path"
        )
    if parent != folder:
        raise DatabaseMissing(
            path,
            f"no folder {folder} for {path}: check the --db path, or create the folder "
            "for the agents' group first (mkdir -m 2770)",
        )


def _check_private(file: str) -> None:
    """Refuse a world-readable database, -wal or -shm: every account on the server could read
    every customer's details (the -wal holds recent changes in full)."""
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        return
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        raise UnsafeDatabase(
            f"{file} is readable or writable by every user on this server; "
            f"run `chmod o-rwx {file}` (and on the database's other files) and try again"
        )


def check_header(path: str) -> None:
    """Notice a file that is not SQLite, or a truncated one, from its first 100 bytes.

    Overwritten pages need a full read to find (``store.database.integrity``); a wrong file or a
    cut one shows in the header: the magic string, the page size, and the page count against the
    size. The count is compared only while the -wal is empty: a checkpoint writes page 1 first, so a
    file can briefly be shorter than its header says.
    """
    try:
        with open(path, "rb") as file:
            header = file.read(HEADER)
            size = os.fstat(file.fileno()).st_size
    except PermissionError:
        return  # reported by SQLite's open, which names the same path
    if size == 0:
        return  # a new database, created empty
    if len(header) < HEADER or not header.startswith(MAGIC):
        raise NotADatabase(
            path,
            f"{path} is not a helpdesk-tui database (not an SQLite file): check the --db path",
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]
    valid = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
    whole = size % page_size == 0 and not (counted and size < pages * page_size)
    if valid and (whole or _wal_in_use(path)):
        return
    raise DatabaseDamaged(path, damaged_sentence(path, "it is shorter than its header says"))


def _wal_in_use(path: str) -> bool:
    try:
        return os.path.getsize(path + "-wal") > 0
    except OSError:
        return False


def damaged_sentence(path: str, detail: str = "") -> str:
    """What an agent reads when the database is damaged: what, and how to get it back."""
    why = f" ({detail})" if detail else ""
    return (
        f"{path} is damaged{why}: stop using it and restore it from a backup "
        f"({restore_advice(path)})"
    )


def restore_advice(path: str) -> str:
    """Which copy to restore ``path`` from and the commands that do it, so the agent who reads
    it can hand it to whoever looks after the server and nothing is left to guess."""
    from .backups import newest, restore_commands  # noqa: PLC0415 - backups imports this module

    copy = newest(path)
    if copy is None:
        return "no backup was found next to it; ask whoever keeps the server's backups"
    return (
        f"the newest is {copy}: with every agent out of the app, run "
        f"`{restore_commands(path, copy)}`"
    )


def share_sidecars(path: str) -> None:
    """Leave the -wal and -shm this account created writable by the group.

    SQLite gives them the database file's mode, so an agent who may only read (a 0640 file)
    leaves a 0640 -shm that the agents who write cannot open for writing: they are locked out
    until it is removed. Opening the files makes them; this runs right after.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    if not mode & stat.S_IRGRP:
        return  # a private database: its files stay private too
    wanted = (mode | stat.S_IRGRP | stat.S_IWGRP) & 0o660
    uid = os.getuid()
    for suffix in SIDECARS:
        file = path + suffix
        try:
            info = os.stat(file)
            if info.st_uid == uid and stat.S_IMODE(info.st_mode) != wanted:
                os.chmod(file, wanted)
        except OSError:
            continue  # gone already (the last connection closed), or not ours to change


def make_folder(folder: str) -> None:
    """Create ``folder`` (and missing parents) 0770 whatever the umask: the agents of a group
    each create the database's -wal and -shm files in it, and a 0750 or 0700 folder (the
    umask's doing) stops all but its owner even from searching."""
    missing = []
    while not os.path.exists(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for created in reversed(missing):
        try:
            os.mkdir(created, 0o770)
        except FileExistsError:
            continue  # another agent made it meanwhile: theirs, with its own mode
        os.chmod(created, 0o770)
