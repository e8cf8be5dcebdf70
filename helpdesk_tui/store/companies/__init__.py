"""Companies as their screen shows them: details, contacts (the primary first), ticket counts
by group, recent tickets and activities; inline edits and the primary contact.

``views`` (frozen rows, the editable fields; standard library only), ``reads``, ``operations``
(units of work that never commit) and ``door`` (``Store.company``). ``Store.companies`` (the
name picker's fuzzy lookup, ``store.search.companies``) is another thing and stays as it was.
"""
