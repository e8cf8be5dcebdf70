"""Activities: calls, visits, meetings, emails and notes logged for a contact or a company.

``views`` (what callers get and ask with: frozen rows, the kind parser; standard library
only), ``reads`` (a contact's or company's activities, newest first, a page at a time),
``operations`` (log, edit and remove: units of work that never commit) and ``door``
(``Store.activities``: the one way the CLI and the TUI reach the other two).
"""
