"""Candidates found by key rather than by word (either engine): phone digits, references, PINs,
the contacts with a kind of contact method, and those with open tickets (``ticket_filters``).
Each lookup is an index range scan bounded by ``limit``.
"""

from __future__ import annotations

import re

from ..agents.scope import EVERYTHING, Scope
from ..database.dbapi import Conn
from . import ticket_filters
from .folding import digits
from .ranking import best

_END = "\U0010ffff"  # above every character: key < key + _END bounds a prefix range (bytewise)
RARE_KIND = 5000
LIFECYCLE = {
    "inactive": "NOT active AND deleted_at IS NULL",
    "deleted": "deleted_at IS NOT NULL",
}
"""What ``is:`` keeps, as conditions on ``contact``: written as migration 0012's partial
indexes are, so that SQLite lists them off those indexes."""

Source = dict[int, float | None]
"""Candidates of one part of a query: contact id → its score, or None to score by words."""


class KeySources:
    """The key lookups of one search, all kept to the contacts ``kind:``, ``has:`` and ``is:``
    ask for (if any), and to those the agent's teams may see (``visible``)."""

    def __init__(
        self,
        conn: Conn,
        kind: str,
        limit: int,
        has: str = "",
        lifecycle: str = "",
        visible: Scope = EVERYTHING,
    ) -> None:
        self.conn = conn
        self.kind = kind
        self.limit = limit
        self.has = has
        self.lifecycle = lifecycle
        self.visible = visible

    def scope(self, column: str) -> tuple[str, tuple[str, ...]]:
        """SQL (and its parameters) keeping only the contacts ``kind:``, ``is:`` and ``has:``
        ask for, by their id in ``column``. A condition rather than a source of its own: 50
        contacts with WhatsApp and 50 named Anna seldom have one in common, though there are
        Annas with WhatsApp."""
        scope, params = self.kind_scope(column)
        scope += self.lifecycle_scope(column)
        if self.has:
            scope += ticket_filters.condition(self.has, column)
        return scope, params

    def lifecycle_scope(self, column: str) -> str:
        """SQL keeping the contacts ``is:`` asks for (none of the hidden ones are otherwise:
        ``rows.read_hits`` leaves them out), by their id in ``column``: the few such ids, off
        migration 0012's partial indexes. Only a search that asks ``is:`` pays for it."""
        if not self.lifecycle:
            return ""
        return f" AND {column} IN (SELECT id FROM contact WHERE {LIFECYCLE[self.lifecycle]})"

    def kind_scope(self, column: str) -> tuple[str, tuple[str, ...]]:
        """``scope`` of ``kind:`` and the agent's teams (``agents.scope``) alone; with no
        ``kind:`` and no team limits, nothing: the SQL runs as written."""
        visible = self.visible.contacts(column)
        if not self.kind:
            return visible, ()
        return (
            f" AND EXISTS (SELECT 1 FROM identity WHERE identity.contact_id = {column} "
            f"AND identity.kind = ?){visible}",
            (self.kind,),
        )

    def number_source(self, number: str) -> Source:
        """Typed digits: a phone fragment, a PIN or a reference number."""
        source: Source = {}
        for part in (
            self.phone_source(number),
            self.pin_source(digits(number)),
            self.reference_source(digits(number)),
        ):
            for key, score in part.items():
                source[key] = best(source.get(key), score)
        return source

    def phone_source(self, typed: str) -> Source:
        """Numbers ending in the digits (what a caller reads out), or starting with them in
        national form; typed with + or 00, the digits start with a country code. Scored by
        the ranking, from the numbers themselves (``ranking.phone_score``)."""
        number = digits(typed)
        start = typed.lstrip()
        if start.startswith(("+", "00")):
            number = number.removeprefix("00") if start.startswith("00") else number
            keys = ["n" + number[size:] for size in (1, 2, 3) if len(number) > size + 2]
        else:
            keys = ["r" + number[::-1], "n" + number.lstrip("0")]
        source: Source = {}
        scope, kind = self.scope("search_phone.contact_id")
        for key in keys:
            if len(key) < 4:
                continue
            for (contact_id,) in self.conn.execute(
                f"SELECT contact_id FROM search_phone WHERE key{self.conn.bytewise} >= ? "
                f"AND key{self.conn.bytewise} < ?{scope} LIMIT ?",
                (key, key + _END, *kind, self.limit),
            ):
                source[contact_id] = None
        return source

    def reference_source(self, text: str) -> Source:
        """References starting with ``text`` (with or without their letters and dash); the one
        that is exactly ``text`` scores highest."""
        text = text.upper()
        if text.isdigit():
            text = "C-" + text
        elif "-" not in text:
            text = re.sub(r"^([A-Z]+)", r"\1-", text)
        upper = text + _END
        scope, kind = self.scope("contact.id")
        bytewise = self.conn.bytewise
        return {
            contact_id: 100.0 if reference == text else 90.0
            for contact_id, reference in self.conn.execute(
                f"SELECT id, reference FROM contact WHERE reference{bytewise} >= ? "
                f"AND reference{bytewise} < ? "
                f"AND merged_into_id IS NULL{scope} LIMIT ?",
                (text, upper, *kind, self.limit),
            )
        }

    def pin_source(self, pin: str) -> Source:
        """Contacts with exactly this support PIN."""
        scope, kind = self.scope("contact.id")
        return dict.fromkeys(
            (
                row[0]
                for row in self.conn.execute(
                    f"SELECT id FROM contact WHERE pin = ? AND merged_into_id IS NULL{scope} "
                    f"LIMIT ?",
                    (pin.strip(), *kind, self.limit),
                )
            ),
            92.0,
        )

    def rare_kind(self) -> bool:
        """Whether fewer than ``RARE_KIND`` contact methods are of the kind ``kind:`` asks for
        (counted no further)."""
        count = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM identity WHERE kind = ? LIMIT ?) AS probe",
            (self.kind, RARE_KIND),
        ).fetchone()[0]
        return bool(count < RARE_KIND)

    def kind_source(self) -> Source:
        """The newest contacts with a contact method of the kind ``kind:`` asks for, when
        nothing else was asked. A common kind turns up within the first few contacts scanned
        newest first; a rare one (or one nobody has) is read whole from the identity index
        instead of scanning every contact for it."""
        if self.rare_kind():
            sql = (
                "SELECT DISTINCT identity.contact_id FROM identity "
                "JOIN contact ON contact.id = identity.contact_id "
                "WHERE identity.kind = ? AND contact.merged_into_id IS NULL"
                f"{self.visible.contacts('contact.id')} "
                "ORDER BY identity.contact_id DESC LIMIT ?"
            )
        else:
            scope, _ = self.scope("contact.id")
            sql = (
                f"SELECT id FROM contact WHERE merged_into_id IS NULL{scope} "
                f"ORDER BY id DESC LIMIT ?"
            )
        return dict.fromkeys(row[0] for row in self.conn.execute(sql, (self.kind, self.limit)))

    def lifecycle_source(self) -> Source:
        """The newest deactivated (or deleted) contacts, when ``is:`` is all that was asked
        besides ``kind:``: read off migration 0012's partial index of those few."""
        scope, params = self.kind_scope("contact.id")
        return dict.fromkeys(
            row[0]
            for row in self.conn.execute(
                f"SELECT id FROM contact WHERE {LIFECYCLE[self.lifecycle]} "
                f"AND merged_into_id IS NULL{scope} ORDER BY id DESC LIMIT ?",
                (*params, self.limit),
            )
        )

    def has_source(self) -> Source:
        """The contacts whose open (or unassigned) tickets changed last, when ``has:`` is all
        that was asked besides ``kind:``; latest first (``ticket_filters.listed``, or for a
        rare kind ``listed_with_kind``)."""
        if self.kind and self.rare_kind():
            found = ticket_filters.listed_with_kind(
                self.conn, self.has, self.kind, self.limit, self.visible.contacts("contact.id")
            )
        else:
            scope, params = self.kind_scope("contact.id")
            scope += self.lifecycle_scope("contact.id")
            found = ticket_filters.listed(self.conn, self.has, scope, params, self.limit)
        return dict.fromkeys(found)
