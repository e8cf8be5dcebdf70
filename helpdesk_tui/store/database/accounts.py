"""Who is acting: the OS account the process runs as (DESIGN.md §5).

Its own small module, free of SQLAlchemy, because the search path needs it too: a search is
kept to the companies the acting agent's teams may access (``store.agents.scope``), and
``helpdesk-tui search`` never imports SQLAlchemy.
"""

from __future__ import annotations

import os
import pwd


def os_username() -> str:
    """The journal's author: the account the process runs as, not ``$USER`` (which anyone sets).

    An account with no name (a uid missing from the password database) is its number.
    """
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())
