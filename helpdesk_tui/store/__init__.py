"""The headless core: tables, engine, migrations and every domain operation.

Nothing here imports textual or rich (a test enforces it). The CLI and the TUI both come in
through one door, ``service.Store``, which opens, checks and upgrades the database and runs
these modules' operations, so they cannot disagree about data.
"""
