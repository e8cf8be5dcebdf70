"""Companies: finding one by a fragment of its name, for pickers and filters."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from ..database.dbapi import Conn
from .folding import fold

SCAN = 2_000


def find_companies(conn: Conn, fragment: str, limit: int = 8) -> list[str]:
    """Company names matching ``fragment``: containing it first, then close misspellings.

    A helpdesk has thousands of companies, not millions; a bounded LIKE scan plus rapidfuzz
    over its rows answers in a few milliseconds.
    """
    fragment = fragment.strip()
    if not fragment:
        rows = conn.execute(
            "SELECT name FROM company WHERE active ORDER BY updated_at DESC LIMIT ?", (limit,)
        )
        return [row[0] for row in rows]
    like = "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT name FROM company WHERE name {conn.like} ? ESCAPE '\\' LIMIT ?",
            (like, SCAN),
        )
    ]
    if len(names) < limit:
        initial = fragment[0]
        initials = sorted({initial.lower(), initial.upper(), fold(initial)[:1].upper()})
        marks = ",".join("?" * len(initials))
        names += [
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT name FROM company WHERE substr(name, 1, 1) IN ({marks}) LIMIT ?",
                (*initials, SCAN),
            )
        ]
    ranked = process.extract(
        fold(fragment), {name: fold(name) for name in names}, scorer=fuzz.WRatio, limit=limit
    )
    return [name for _, score, name in ranked if score >= 60]
