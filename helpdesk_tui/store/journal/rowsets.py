"""Rows a bulk statement changed alike, held in an Event as one row set, and read back whole.

An Event's ``rows`` holds each row its operation changed as ``{table, id, before, after}``, with
whole states (``store.journal.unit``). A bulk UPDATE (``store.journal.bulk``: a merge's tickets,
their undo) changes every row it names the same way: the same columns to the same values, each
version one higher. Held row by row, a merge of 10,000 tickets wrote 11 MB of JSON, every ticket
whole twice with its column names each time; encoding and inserting it took a PostgreSQL merge
0.3 s, reading it back its undo 0.15 s more. A row set holds those rows as

    {"table": ..., "columns": [name, ...], "before": [[value, ...], ...], "set": {name: value}}

each row's whole state before (its values in ``columns`` order) and what the statement set.
Each row's state after is its state before with ``set`` applied and, when it has a version, that
version one higher: exactly what the statement made, so nothing is lost. ``each_row`` gives every
row of an Event back as ``{table, id, before, after}``, whole; every reader of an Event's rows
reads them through it (undo and histories, ``changes_since``, stale-edit versions, the teams
check), or, for ``event_row``'s lines, reads a row set's columns directly (``touches``). Rows
held one by one (every Event from before row sets, and rows the ORM or an insert or delete
changed) read as they always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

Held = Mapping[str, Any]
"""One item of an Event's ``rows``: a row ({table, id, before, after}) or a row set."""


def row_set(
    table: str, columns: list[str], befores: list[list[Any]], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Rows of ``table`` one statement changed alike, as an Event holds them: their whole
    states before (values in ``columns`` order, JSON-safe) and the values ``changes`` set."""
    return {"table": table, "columns": columns, "before": befores, "set": dict(changes)}


def is_row_set(held: Held) -> bool:
    """Whether an item of an Event's ``rows`` is a row set rather than one row."""
    return "columns" in held


def each_row(rows: Iterable[Held] | None) -> Iterator[Held]:
    """Every row of an Event's ``rows`` as ``{table, id, before, after}`` with whole states
    (None before an insert, after a delete), row sets read out row by row."""
    for held in rows or ():
        if not is_row_set(held):
            yield held
            continue
        table, columns, changes = held["table"], held["columns"], held["set"]
        versioned = "version" in columns
        for values in held["before"]:
            before = dict(zip(columns, values, strict=True))
            after = before | changes
            if versioned:
                after["version"] = before["version"] + 1
            yield {"table": table, "id": before["id"], "before": before, "after": after}
