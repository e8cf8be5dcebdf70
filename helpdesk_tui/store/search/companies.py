"""Companies: finding one by a fragment of its name, for pickers and filters."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from ..database.dbapi import Conn
from .folding import fold

SCAN = 2_000


def find_companies(conn: Conn, fragment: str, limit: int = 8, visible: str = "") -> list[str]:
    """Company names matching ``fragment``: containing it first, then close misspellings;
    kept to ``visible`` (an SQL condition on ``company.id``: the agent's teams; '' for all).

    A helpdesk has thousands of companies, not millions; a bounded LIKE scan plus rapidfuzz
    over its rows answers in a few milliseconds.
    """
    fragment = fragment.strip()
    visible = f" AND {visible}" if visible else ""
    if not fragment:
        rows = conn.execute(
            f"SELECT name FROM company WHERE active{visible} ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        )
        return [row[0] for row in rows]
    like = "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT name FROM company WHERE name {conn.like} ? ESCAPE '\\'{visible} "
            "LIMIT ?",
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
                f"SELECT DISTINCT name FROM company WHERE substr(name, 1, 1) IN ({marks})"
                f"{visible} LIMIT ?",
                (*initials, SCAN),
            )
        ]
    ranked = process.extract(
        fold(fragment), {name: fold(name) for name in names}, scorer=fuzz.WRatio, limit=limit
    )
    return [name for _, score, name in ranked if score >= 60]
