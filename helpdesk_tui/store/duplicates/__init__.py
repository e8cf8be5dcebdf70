"""Possible duplicates: pairs of live contacts that look like one person, found by blocking
(never by comparing every pair), and the pairs agents marked "not duplicates".

``views`` (the reasons, a pair, the scan's counts; standard library only), ``blocking`` (the
blocks read from the database and the comparisons within them), ``operations`` (find the
pairs, dismiss a pair: a unit of work) and ``door`` (``Store.duplicates``).
"""
