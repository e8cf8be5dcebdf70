"""Finding likely duplicate pairs by blocking: contacts are compared only with the few that
share a key with them, never with every other contact.

Comparing every pair of a million contacts is 5·10¹¹ comparisons; instead each rule reads its
blocks from the database, sorted by the block's key so that one block at a time is in memory,
and compares the contacts within a block:

- ``SAME_PHONE``: one E.164 number held by two contacts (as a phone by one, as WhatsApp or SMS by
  the other: a (kind, number) has one owner, so the same number twice is always two kinds,
  written differently). Only numbers held more than once are read (``HAVING``).
- ``SIMILAR_NAME_COMPANY``, ``SIMILAR_NAME_DOMAIN``: within one company, or one email domain
  that is not a free-mail one (``FREE_MAIL``: everyone shares gmail.com), contacts are blocked
  again by the first three letters of their first or last name, and a pair whose names score
  ``SIMILAR`` or more (rapidfuzz's token-sort ratio on folded names) is kept.
- ``SAME_NAME_SHARED_METHOD``: contacts with identical names whose methods overlap: an email's
  local part or a handle they share (``jo.bloggs@a.com`` and ``jo.bloggs@b.org``), read only
  for stems held more than once, and left alone when held by more than ``STEM_HOLDERS``.

Live contacts only: tombstones (merged) and deactivated contacts are never paired. A block
larger than ``BLOCK_MAX`` (a company of many Smiths) is compared as a sorted neighbourhood:
each contact with the ``WINDOW`` next by name, so no block costs more than n·``WINDOW``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations, groupby
from operator import itemgetter

from rapidfuzz import fuzz

from ..database.dbapi import Conn, Dialect
from ..kinds import PHONE_KINDS, IdentityKind
from ..search.folding import words
from .views import DuplicateReason, ScanCounts

BLOCK_MAX = 60
WINDOW = 8
SIMILAR = 85
KEY_LETTERS = 3
STEM_MIN = 3
STEM_HOLDERS = 4
"""A local part or handle held by more live contacts than this is a common name's
(``maria.garcia`` at every free-mail domain), not a sign that any two of them are one person."""

FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.es",
        "hotmail.fr",
        "hotmail.de",
        "hotmail.it",
        "hotmail.se",
        "live.com",
        "live.se",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.es",
        "yahoo.fr",
        "yahoo.de",
        "yahoo.com.vn",
        "yahoo.com.br",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "comcast.net",
        "btinternet.com",
        "web.de",
        "gmx.de",
        "gmx.net",
        "t-online.de",
        "posteo.de",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "wanadoo.fr",
        "telefonica.net",
        "outlook.es",
        "uol.com.br",
        "bol.com.br",
        "terra.com.br",
        "wp.pl",
        "onet.pl",
        "interia.pl",
        "o2.pl",
        "vnn.vn",
        "fpt.vn",
        "eircom.net",
        "iol.ie",
        "telia.com",
        "bredband.net",
        "protonmail.com",
        "proton.me",
        "mail.com",
        "yandex.ru",
        "mail.ru",
        "qq.com",
        "163.com",
        "126.com",
        "naver.com",
    ]
)
"""Email domains shared by strangers: similar names there say nothing."""

Member = tuple[int, str]
"""A contact in a block: its id and its folded name (words joined by one space)."""
Found = dict[int, int]
"""Pairs and the score each rule gave them, packed so that millions fit: the key is the pair
(smaller id in the high bits, ``pair_key``), the value each rule's score (0-100) in 7 bits of
its own (``REASON_BITS``)."""

REASONS = tuple(DuplicateReason)
REASON_BITS = 7
_SCORE_MASK = (1 << REASON_BITS) - 1
_ID_BITS = 32


def pair_key(a: int, b: int) -> int:
    """A pair of contact ids as one number, smaller id first: (a, b) and (b, a) are one pair,
    and keys sort as the pairs do."""
    low, high = (a, b) if a < b else (b, a)
    return (low << _ID_BITS) | high


def pair_ids(key: int) -> tuple[int, int]:
    """The contact ids of a ``pair_key``, smaller first."""
    return key >> _ID_BITS, key & ((1 << _ID_BITS) - 1)


_LIVE = "c.merged_into_id IS NULL AND c.active AND c.deleted_at IS NULL"
_PHONES = ", ".join(f"'{kind}'" for kind in sorted(PHONE_KINDS))


def folded_name(first: str, last: str) -> str:
    """A name as blocks compare it: folded words, one space apart ("Siobhán  O'Brien" →
    "siobhan o brien")."""
    return " ".join(words(f"{first} {last}"))


def name_keys(name: str) -> set[str]:
    """The keys a name is blocked under: the first letters of its first and its last word, so
    "Jon Smith" meets "John Smith" (``smi``) and "Jane Smyth" meets "Jane Smith" (``jan``)."""
    parts = name.split()
    return {parts[0][:KEY_LETTERS], parts[-1][:KEY_LETTERS]} if parts else set()


def _blocks(rows: Iterable[tuple[object, int, str, str]]) -> Iterator[list[Member]]:
    """Rows (key, contact id, first name, last name) sorted by key, as blocks of two or more
    distinct contacts."""
    for _key, group in groupby(rows, key=itemgetter(0)):
        members = {row[1]: folded_name(row[2] or "", row[3] or "") for row in group}
        if len(members) > 1:
            yield list(members.items())


def candidates(members: list[Member], counts: ScanCounts) -> Iterator[tuple[Member, Member]]:
    """The pairs of one block worth comparing: all of them up to ``BLOCK_MAX`` members, else
    each member with its ``WINDOW`` next by name (counted in ``counts.capped``)."""
    counts.blocks += 1
    if len(members) <= BLOCK_MAX:
        yield from combinations(members, 2)
        return
    counts.capped += 1
    ordered = sorted(members, key=itemgetter(1))
    for index, member in enumerate(ordered):
        for other in ordered[index + 1 : index + 1 + WINDOW]:
            yield member, other


def _keep(found: Found, a: Member, b: Member, reason: DuplicateReason, score: float) -> None:
    key = pair_key(a[0], b[0])
    shift = REASON_BITS * REASONS.index(reason)
    packed = found.get(key, 0)
    old, new = (packed >> shift) & _SCORE_MASK, max(1, min(100, round(score)))
    if new > old:
        found[key] = packed + ((new - old) << shift)


def similar_names(
    blocks: Iterable[list[Member]],
    reason: DuplicateReason,
    weight: float,
    found: Found,
    counts: ScanCounts,
) -> None:
    """Within each block (one company, one domain), block again by name key and keep the
    pairs whose names are ``SIMILAR``; a pair that shares two keys is compared once."""
    for block in blocks:
        by_key: dict[str, list[Member]] = {}
        for member in block:
            for key in name_keys(member[1]):
                by_key.setdefault(key, []).append(member)
        compared: set[tuple[int, int]] = set()
        for members in by_key.values():
            if len(members) < 2:
                continue
            for a, b in candidates(members, counts):
                if (a[0], b[0]) in compared or (b[0], a[0]) in compared:
                    continue
                compared.add((a[0], b[0]))
                counts.comparisons += 1
                score = fuzz.token_sort_ratio(a[1], b[1], score_cutoff=SIMILAR)
                if score:
                    _keep(found, a, b, reason, score * weight)


def company_blocks(conn: Conn, seen: str = "") -> Iterator[list[Member]]:
    """Live contacts by company."""
    return _blocks(
        conn.execute(
            f"SELECT c.company_id, c.id, c.first_name, c.last_name FROM contact c "
            f"WHERE {_LIVE}{seen} AND c.company_id IS NOT NULL ORDER BY c.company_id"
        )
    )


def _domain(conn: Conn) -> str:
    if conn.dialect is Dialect.POSTGRESQL:
        return "split_part(i.normalized, '@', 2)"
    return "substr(i.normalized, instr(i.normalized, '@') + 1)"


def domain_blocks(conn: Conn, seen: str = "") -> Iterator[list[Member]]:
    """Live contacts by the domain of their email addresses, free-mail domains left out."""
    domain = _domain(conn)
    free = ", ".join("?" for _ in FREE_MAIL)
    return _blocks(
        conn.execute(
            f"SELECT {domain} AS domain, c.id, c.first_name, c.last_name FROM identity i "
            f"JOIN contact c ON c.id = i.contact_id WHERE i.kind = ? AND {_LIVE}{seen} "
            f"AND {domain} NOT IN ({free}) ORDER BY domain",
            (IdentityKind.EMAIL.value, *sorted(FREE_MAIL)),
        )
    )


def same_phone(conn: Conn, found: Found, counts: ScanCounts, seen: str = "") -> None:
    """Pairs holding one number: likely one person whatever their names (a household sharing
    a line scores lower, its names differing)."""
    rows = conn.execute(
        f"SELECT i.normalized, c.id, c.first_name, c.last_name FROM identity i "
        f"JOIN contact c ON c.id = i.contact_id WHERE i.kind IN ({_PHONES}) AND {_LIVE}{seen} "
        f"AND i.normalized IN (SELECT normalized FROM identity WHERE kind IN ({_PHONES}) "
        f"GROUP BY normalized HAVING COUNT(*) > 1) ORDER BY i.normalized"
    )
    for block in _blocks(rows):
        for a, b in candidates(block, counts):
            counts.comparisons += 1
            _keep(
                found,
                a,
                b,
                DuplicateReason.SAME_PHONE,
                60 + 0.4 * fuzz.token_sort_ratio(a[1], b[1]),
            )


def _stem(conn: Conn, alias: str) -> str:
    """An email's local part, or a handle as it is: what two contact methods share."""
    at = (
        f"strpos({alias}.normalized, '@')"
        if conn.dialect is Dialect.POSTGRESQL
        else f"instr({alias}.normalized, '@')"
    )
    return (
        f"CASE WHEN {alias}.kind = 'email' THEN substr({alias}.normalized, 1, {at} - 1) "
        f"ELSE {alias}.normalized END"
    )


def shared_methods(conn: Conn, found: Found, counts: ScanCounts, seen: str = "") -> None:
    """Pairs with identical names sharing an email's local part or a handle."""
    stem, inner = _stem(conn, "i"), _stem(conn, "s")
    rows = conn.execute(
        f"SELECT {stem} AS stem, c.id, c.first_name, c.last_name FROM identity i "
        f"JOIN contact c ON c.id = i.contact_id WHERE i.kind NOT IN ({_PHONES}) AND {_LIVE}{seen} "
        f"AND length(i.normalized) >= {STEM_MIN} "
        f"AND {stem} IN (SELECT {inner} FROM identity s WHERE s.kind NOT IN ({_PHONES}) "
        f"GROUP BY {inner} HAVING COUNT(*) > 1) ORDER BY stem"
    )
    for block in _blocks(row for row in rows if len(row[0] or "") >= STEM_MIN):
        if len(block) > STEM_HOLDERS:
            counts.common += 1
            continue
        for a, b in candidates(block, counts):
            counts.comparisons += 1
            if a[1] and a[1] == b[1]:
                _keep(found, a, b, DuplicateReason.SAME_NAME_SHARED_METHOD, 90.0)


def find_pairs(conn: Conn, counts: ScanCounts, seen: str = "") -> Found:
    """Every rule's pairs, with each rule's score; ``seen`` is SQL on ``c.id`` keeping the
    contacts the agent may see."""
    found: Found = {}
    same_phone(conn, found, counts, seen)
    similar_names(
        company_blocks(conn, seen), DuplicateReason.SIMILAR_NAME_COMPANY, 0.9, found, counts
    )
    similar_names(
        domain_blocks(conn, seen), DuplicateReason.SIMILAR_NAME_DOMAIN, 0.85, found, counts
    )
    shared_methods(conn, found, counts, seen)
    return found


def score_of(packed: int) -> int:
    """``scored``'s score alone, cheaply: what ranking millions of pairs computes."""
    scores = [(packed >> (REASON_BITS * index)) & _SCORE_MASK for index in range(len(REASONS))]
    found = [score for score in scores if score]
    return min(100, max(found) + 5 * (len(found) - 1))


def scored(packed: int) -> tuple[int, tuple[DuplicateReason, ...]]:
    """A pair's score (its best rule's, 5 more for each other rule that found it, at most 100)
    and its reasons, strongest first."""
    scores = {
        reason: (packed >> (REASON_BITS * index)) & _SCORE_MASK
        for index, reason in enumerate(REASONS)
    }
    reasons = tuple(sorted((r for r in REASONS if scores[r]), key=lambda r: -scores[r]))
    return min(100, scores[reasons[0]] + 5 * (len(reasons) - 1)), reasons
