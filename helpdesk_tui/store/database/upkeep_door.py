"""``Store.upkeep``: the one way the TUI and the CLI check, copy and daily look after a
SQLite database file. On PostgreSQL each raises ``ServerUpkeep`` naming the server's own tool
(``pg_amcheck``, ``pg_dump``), whose URL it gives as libpq's tools take it. Nothing heavy is
imported until a method is called; each raises only ``StoreError``s (``failures.translated``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ServerUpkeep
from .dbapi import libpq_url
from .failures import translated

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from .integrity import Health
    from .upkeep import Upkeep


class UpkeepDoor:
    """Checks and copies of the store's SQLite file (``file``; None on PostgreSQL at ``url``).
    ``check_access`` is the store's: it says first whether this account can use the file."""

    def __init__(self, file: str | None, url: str, check_access: Callable[[], None]) -> None:
        self._file = file
        self._url = url
        self._check_access = check_access

    def check_health(
        self, full: bool = False, progress: Callable[[float], None] | None = None
    ) -> Health:
        """Read every page of the SQLite file and say whether it is damaged
        (``database.integrity``); never upgrades it."""
        from .integrity import check  # noqa: PLC0415

        path = self._file_for(
            "check reads the pages of SQLite database files; on PostgreSQL the server's own "
            "tool checks them: `pg_amcheck --heapallindexed {url}` (with the amcheck extension)"
        )
        self._check_access()
        with translated(path):
            return check(path, full=full, progress=progress)

    def backup(self) -> Path:
        """Copy the SQLite file into its backups folder when its copy passes the check
        (``database.backups``), and record it as checked today."""
        from .backups import make_backup  # noqa: PLC0415
        from .upkeep import mark_checked  # noqa: PLC0415

        path = self._file_for(
            "backup copies SQLite database files; back a PostgreSQL database up with the "
            "server's own tool: `pg_dump --format=custom --file=helpdesk.dump {url}`"
        )
        self._check_access()
        with translated(path):
            copy = make_backup(path)
        mark_checked(path)  # its copy passed the check: the TUI need not repeat it today
        return copy

    def daily(self, now: Callable[[], datetime], cancelled: Callable[[], bool]) -> Upkeep | None:
        """The TUI's daily check and copy of a SQLite file (``database.upkeep.daily``); None
        when it was not due. The TUI does not ask on PostgreSQL."""
        from .upkeep import daily  # noqa: PLC0415

        path = self._file_for(
            "the daily check and copy are for SQLite files; check and back a PostgreSQL "
            "database up with pg_amcheck and pg_dump ({url})"
        )
        return daily(path, now, cancelled)

    def _file_for(self, sentence: str) -> str:
        """The SQLite file that file upkeep works on; on PostgreSQL, ``ServerUpkeep`` with
        ``sentence``, whose ``{url}`` becomes the server's URL as libpq's tools take it (the
        password left out: they ask for it, or read ~/.pgpass)."""
        if self._file is not None:
            return self._file
        scheme, _, rest = libpq_url(self._url).partition("://")
        credentials, at, host = rest.rpartition("@")
        if at:
            rest = credentials.split(":", 1)[0] + "@" + host
        raise ServerUpkeep(sentence.format(url=f"'{scheme}://{rest}'"))
