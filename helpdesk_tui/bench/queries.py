"""The benchmark's query set: drawn from the data with a fixed seed, one list per query class.

Each query remembers the contact it was made from, so search quality (is the intended contact
first, in the top five?) is measured on the same queries as speed.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..store.search.folding import fold

CLASSES = (
    "exact_name",
    "name_prefix",
    "two_letter_prefix",
    "misspelt_name",
    "misspelt_email",
    "email_domain",
    "phone_fragment",
    "company",
    "reference",
)
MISSPELT = ("misspelt_name", "misspelt_email")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class BenchQuery:
    """A query, its class, and the contact (and full name) it was made from."""

    kind: str
    text: str
    contact_id: int
    name: str


def _edit(rng: random.Random, word: str) -> str:
    """One typing slip anywhere after the first letter (people rarely miss that one): swap two
    neighbours, drop, double or replace a letter."""
    if len(word) < 3:
        return word
    slip = rng.choice(("swap", "drop", "double", "replace"))
    i = rng.randrange(1, len(word) - 1 if slip == "swap" else len(word))
    if slip == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    if slip == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(ALPHABET.replace(word[i], "")) + word[i + 1 :]


def misspell(
    rng: random.Random, text: str, edits: int, known: Callable[[str], bool] = lambda _: False
) -> str | None:
    """``text`` folded to what an agent types, with ``edits`` slips: at most one per word of
    four letters or more (two in words of eight or more), and never one that spells another
    real word (``known``: "Mila" → "Mia" is a different name, not a misspelling). None when
    the text has no word to misspell (a name in Han script, say)."""
    parts = re.split(r"([^a-z]+)", fold(text))
    made = [0] * len(parts)
    for _ in range(edits):
        options = [
            i
            for i, word in enumerate(parts)
            if len(word) >= 4 and word.isalpha() and made[i] < (2 if len(word) >= 8 else 1)
        ]
        rng.shuffle(options)
        for i in options:
            slipped = _edit(rng, parts[i])
            if slipped != parts[i] and not known(slipped):
                parts[i] = slipped
                made[i] += 1
                break
    return "".join(parts) if sum(made) == edits else None


def _sample_contacts(conn: sqlite3.Connection, rng: random.Random, count: int) -> list[tuple]:
    top = conn.execute("SELECT max(id) FROM contact").fetchone()[0] or 0
    chosen: list[tuple] = []
    seen: set[int] = set()
    while len(chosen) < count and len(seen) < top:
        contact_id = rng.randint(1, top)
        if contact_id in seen:
            continue
        seen.add(contact_id)
        row = conn.execute(
            """SELECT c.id, c.first_name, c.last_name, c.reference, COALESCE(co.name, ''),
                 (SELECT group_concat(value, char(1)) FROM identity
                  WHERE contact_id = c.id AND kind = 'email'),
                 (SELECT group_concat(normalized, char(1)) FROM identity
                  WHERE contact_id = c.id AND kind = 'phone')
               FROM contact c LEFT JOIN company co ON co.id = c.company_id
               WHERE c.id = ? AND c.merged_into_id IS NULL""",
            (contact_id,),
        ).fetchone()
        if row:
            chosen.append(row)
    return chosen


def build(conn: sqlite3.Connection, per_class: int = 40, seed: int = 11) -> list[BenchQuery]:
    """``per_class`` queries of every class, the same for the same data and seed."""
    rng = random.Random(seed)
    queries: list[BenchQuery] = []

    def known(word: str) -> bool:
        return (
            conn.execute("SELECT 1 FROM search_term WHERE term = ?", (word,)).fetchone() is not None
        )

    for contact_id, first, last, reference, company, emails, phones in _sample_contacts(
        conn, rng, per_class * 4
    ):
        name = f"{first} {last}".strip()
        email = rng.choice(emails.split("\x01")) if emails else ""
        phone = rng.choice(phones.split("\x01")) if phones else ""

        def add(kind: str, text: str, contact_id: int = contact_id, name: str = name) -> None:
            if text and sum(q.kind == kind for q in queries) < per_class:
                queries.append(BenchQuery(kind, text, contact_id, name))

        add("exact_name", name)
        cut = rng.randint(min(len(name), len(first) + 2), len(name))
        add("name_prefix", name[:cut])
        add("two_letter_prefix", fold(first)[:2] if len(fold(first)) >= 2 else "")
        add("misspelt_name", misspell(rng, name, rng.choice((1, 2)), known) or "")
        if email:
            local, _, domain = email.partition("@")
            slipped = misspell(rng, local, 1, known)
            host, dot, rest = domain.partition(".")
            if rng.random() < 0.5:  # "jhon.doe@exmaple.com": the domain slips too, at times
                host = misspell(rng, host, 1, known) or host
            add("misspelt_email", f"{slipped}@{host}{dot}{rest}" if slipped else "")
            add("email_domain", domain)
        if phone:
            add("phone_fragment", phone[-rng.randint(4, 7) :])
        add("company", company)
        add("reference", reference)
    return queries


def first_of_each(queries: Sequence[BenchQuery], per_class: int) -> list[BenchQuery]:
    """The first ``per_class`` queries of each class, in class order: the same on every run."""
    return [q for kind in CLASSES for q in [q for q in queries if q.kind == kind][:per_class]]
