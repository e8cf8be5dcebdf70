"""Saved views: Home's searches saved under a name, per agent, beside a few shipped ones.

``views`` (the frozen row, the shipped defaults; standard library only), ``operations`` (list,
save and delete: units of work that never commit, and the list's read) and ``door``
(``Store.saved_views``).
"""
