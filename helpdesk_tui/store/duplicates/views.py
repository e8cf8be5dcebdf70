"""A possible duplicate pair as the store hands it out, and why it was paired.

Only the standard library: the CLI prints these and the TUI lists them without loading
SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DuplicateReason(StrEnum):
    """Why two contacts were paired: each rule of ``store.duplicates.blocking``. The values are
    what ``duplicates --json`` prints; ``REASON_WORDS`` says them to people."""

    SAME_PHONE = "same_phone"
    SIMILAR_NAME_COMPANY = "similar_name_company"
    SIMILAR_NAME_DOMAIN = "similar_name_domain"
    SAME_NAME_SHARED_METHOD = "same_name_shared_method"


REASON_WORDS: dict[DuplicateReason, str] = {
    DuplicateReason.SAME_PHONE: "one phone number, written differently",
    DuplicateReason.SIMILAR_NAME_COMPANY: "similar names at one company",
    DuplicateReason.SIMILAR_NAME_DOMAIN: "similar names at one email domain",
    DuplicateReason.SAME_NAME_SHARED_METHOD: "same name, overlapping contact methods",
}
"""Each reason in words, for the duplicates view and ``helpdesk-tui duplicates``."""


REASON_SHORT: dict[DuplicateReason, str] = {
    DuplicateReason.SAME_PHONE: "phone",
    DuplicateReason.SIMILAR_NAME_COMPANY: "company",
    DuplicateReason.SIMILAR_NAME_DOMAIN: "domain",
    DuplicateReason.SAME_NAME_SHARED_METHOD: "same name",
}
"""Each reason in a word or three, for a list with no room for ``REASON_WORDS``."""


def reasons_words(reasons: tuple[DuplicateReason, ...], short: bool = False) -> str:
    """A pair's reasons as one phrase: ``one phone number, written differently; similar …``
    (``short``: ``phone, company``)."""
    if short:
        return ", ".join(REASON_SHORT[reason] for reason in reasons)
    return "; ".join(REASON_WORDS[reason] for reason in reasons)


@dataclass(frozen=True)
class PairContact:
    """One side of a pair, as the view and the CLI name it."""

    reference: str
    name: str
    company: str


@dataclass(frozen=True)
class DuplicatePair:
    """Two live contacts that look like one person: ``a`` has the smaller id (the order a
    dismissal stores), ``score`` 0-100 (higher: likelier), ``reasons`` strongest first."""

    a: PairContact
    b: PairContact
    score: int
    reasons: tuple[DuplicateReason, ...]


@dataclass
class ScanCounts:
    """What finding the pairs cost: blocks read, the pairs compared within them (the figure
    that blocking keeps far below n²/2), and the blocks too large to compare whole (compared
    with their neighbours by name only, ``blocking.BLOCK_MAX``)."""

    blocks: int = 0
    comparisons: int = 0
    capped: int = 0
    common: int = 0
    """Shared local parts or handles left alone, held by too many (``blocking.STEM_HOLDERS``)."""


@dataclass(frozen=True)
class Duplicates:
    """The likeliest pairs not dismissed, best first, at most the limit asked; ``found`` is
    how many there were in all."""

    pairs: tuple[DuplicatePair, ...]
    found: int
    counts: ScanCounts = field(default_factory=ScanCounts)
