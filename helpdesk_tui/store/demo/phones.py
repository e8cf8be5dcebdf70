"""Phone numbers for demo contacts: valid for their country, unique by contact, made cheaply.

A plan per region and kind of line (``phone_plans``) holds everything of a number that does not
depend on the contact, so that a million numbers, their typed form and their ``search_phone``
keys cost a few string operations each rather than a ``phonenumbers`` call.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise
from operator import itemgetter

from ..search.index import national_digits
from .names import LOCALES


class PhonePlan:
    """Valid numbers for one region: an example number's prefix and six digits from the contact id.

    The suffix is ``(contact_id * STEP + offset) mod 10**6`` with STEP coprime with 10**6, so two
    contacts get the same number only if their ids differ by a million: ``store.demo.generate``
    caps a run at that. The typed form keeps the example's international grouping.
    """

    STEP = 15_839

    def __init__(self, e164: str, typed: str, offset: int) -> None:
        self.prefix = e164[1:-6]
        self.offset = offset
        cut = len(typed)
        for _ in range(6):
            cut = max(i for i, ch in enumerate(typed[:cut]) if ch.isdigit())
        self.head = typed[:cut]
        # The typed tail as a %-template with one %s per run of digits, and where each run
        # starts and ends in the suffix: " 12 34" → " %s %s", (0, 2, 4)... (see ``number``).
        runs = re.findall(r"\d+|\D+", typed[cut:])
        self.tail = "".join("%s" if run[0].isdigit() else run.replace("%", "%%") for run in runs)
        ends = [0]
        for run in runs:
            if run[0].isdigit():
                ends.append(ends[-1] + len(run))
        self.groups = itemgetter(*(slice(a, b) for a, b in pairwise(ends)))
        # Country codes are prefix-free and at most three digits, all within the prefix: the
        # national number is the prefix past its country code, then the suffix.
        sample = f"+{self.prefix}000000"
        self.national = "n" + national_digits(sample)[:-6]
        self.reversed = self.prefix[::-1]
        assert len(self.prefix) >= 3 and self.prefix.endswith(self.national[1:]), sample

    def number(self, contact_id: int) -> tuple[str, str]:
        """(as typed, E.164) of this plan's number for a contact."""
        return self.numbers(contact_id)[:2]

    def numbers(self, contact_id: int) -> tuple[str, str, str, str]:
        """(as typed, E.164) of this plan's number for a contact, and its ``search_phone``
        keys, as ``search.index.phone_keys`` makes them."""
        suffix = f"{(contact_id * self.STEP + self.offset) % 1_000_000:06d}"
        return (
            self.head + self.tail % self.groups(suffix),
            f"+{self.prefix}{suffix}",
            "r" + suffix[::-1] + self.reversed,
            self.national + suffix,
        )


def phone_plans(rng: random.Random) -> dict[str, list[PhonePlan]]:
    """Per region, plans from its example mobile and fixed-line numbers (phonenumbers metadata).

    A plan whose varied suffixes leave the region's valid ranges (the last six digits of some
    short numbers carry the area code) is dropped, so every generated number validates.
    """
    import phonenumbers  # noqa: PLC0415 - only demo generation needs the metadata here

    formats = phonenumbers.PhoneNumberFormat
    plans: dict[str, list[PhonePlan]] = {}
    for locale in LOCALES:
        region_plans: list[PhonePlan] = []
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(locale.region, kind)
            assert example is not None, f"{locale.region} has no example {kind} number"
            e164 = phonenumbers.format_number(example, formats.E164)
            typed = phonenumbers.format_number(example, formats.INTERNATIONAL)
            plan = PhonePlan(e164, typed, rng.randrange(1_000_000))
            samples = [plan.number(contact_id)[1] for contact_id in range(1, 51)]
            valid = all(phonenumbers.is_valid_number(phonenumbers.parse(n)) for n in samples)
            if valid and all(other.prefix != plan.prefix for other in region_plans):
                region_plans.append(plan)
        plans[locale.region] = region_plans
    return plans
