"""Tickets: opening, changing, moving and answering them, and listing them a page at a time.

``views`` (what callers get and ask with: frozen rows and enums, standard library only),
``reads`` (pages, a ticket with its thread), ``operations`` (units of work that never commit)
and ``door`` (``Store.tickets``: the one way the CLI and the TUI reach the other two).
"""
