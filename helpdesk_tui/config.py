"""Where the database lives: ``--db``, else ``HELPDESK_TUI_DB``, else the user data folder.

Kept free of heavy imports: ``helpdesk-tui search`` reads it on its way to a result.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .store.database.connect import canonical_url

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "helpdesk-tui"
ENV_DB = "HELPDESK_TUI_DB"


def data_dir() -> Path:
    """The per-user folder for the default and demo databases."""
    from platformdirs import user_data_path  # noqa: PLC0415 - not needed when --db is given

    return user_data_path(APP_NAME, appauthor=False)


def default_db() -> str:
    """The database an agent works on unless told otherwise."""
    return str(data_dir() / "helpdesk.db")


def demo_db() -> str:
    """The demo database ``make run`` opens (created on first use)."""
    return str(data_dir() / "demo.db")


def resolve_db(path_or_url: str | None) -> str:
    """The URL of the database to open: the argument, the environment, or the default, in its
    one spelling (``connect.canonical_url``; an engine helpdesk-tui does not open is refused).

    The default's folder is the app's own and is made on first use; a folder the agent names
    (``--db``, ``HELPDESK_TUI_DB``) must exist, so a typo is refused, not answered with an
    empty helpdesk.
    """
    chosen = path_or_url or os.environ.get(ENV_DB)
    if chosen:
        return canonical_url(chosen)
    from .store.database.files import make_folder  # noqa: PLC0415 - not needed when --db is given

    path = default_db()
    make_folder(os.path.dirname(path))
    return canonical_url(path)
