"""The headless core: tables, engine, migrations and every domain operation.

Nothing here imports textual or rich (a test enforces it): the CLI and the TUI both go through
these modules, so they cannot disagree about data.
"""
