"""The command a user runs, for the measurements that start the app as a whole process."""

from __future__ import annotations

import sys
from pathlib import Path


def program() -> list[str]:
    """The installed ``helpdesk-tui`` script when there is one (its start-up is what a user
    waits for), else the module run by this interpreter."""
    script = Path(sys.executable).with_name("helpdesk-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "helpdesk_tui"]
