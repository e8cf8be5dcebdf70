"""Rows of demo data for one chunk of contacts, built in a worker process.

Everything random comes from a Random seeded by (seed, chunk), so a chunk's rows are the same
whichever worker builds it and in whatever order. Identifiers that must be unique across chunks
are either derived from the contact id (phone numbers) or made unique afterwards by
``store.demo.generate`` (email addresses and handles, which two chunks may both invent).
Times are whole seconds (ints) until written, and choices use one ``random()`` call each;
``random.choice``/``choices`` and ``datetime`` arithmetic were half the run time at 1M.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from itertools import accumulate
from typing import Any

from ..kinds import OPEN_STATUSES, PHONE_KINDS, PRIORITIES, TicketStatus
from ..search.folding import fold
from ..search.index import make_doc, phone_keys
from .catalog import (
    ACTIVITY_SUMMARIES,
    AGENTS,
    CHANNELS,
    COMPANY_SUFFIXES,
    COMPANY_TRADES,
    COMPANY_WORDS,
    CUSTOM_KEYS,
    GROUPS,
    SLA_POLICIES,
    TICKET_SUBJECTS,
)
from .names import LOCALES, Locale

DAY = 86_400
PIN_DIGITS = 8
"""As ``store.contacts.keys.PIN_DIGITS`` (not imported: workers do without SQLAlchemy)."""
TABLES = ("contact", "identity", "search_doc", "search_phone", "ticket", "activity", "custom_value")


class Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, values: Sequence[Any], weights: Sequence[int]) -> None:
        self.values = values
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


COMPANY_POLICY = Weighted((None, 1, 2, 3), (55, 10, 20, 15))
IDENTITY_COUNT = Weighted((1, 2, 3, 4), (25, 40, 25, 10))
TICKET_COUNT = Weighted((0, 1, 2, 3, 4), (60, 25, 9, 4, 2))
STATUS = Weighted(tuple(status.value for status in TicketStatus), (8, 12, 8, 22, 50))
PRIORITY = Weighted(PRIORITIES, (4, 18, 58, 20))
ACTIVITY_COUNT = Weighted((0, 1, 2), (70, 22, 8))
CUSTOM_COUNT = Weighted((0, 1, 2, 3), (55, 25, 12, 8))
LOCALE = Weighted(LOCALES, tuple(loc.weight for loc in LOCALES))
TITLES = ("", "", "", "Manager", "Director", "Engineer", "Accountant")
EMAIL_PATTERNS = (
    "{f}.{l}",
    "{f}{l}",
    "{i}{l}",
    "{f}_{l}",
    "{l}.{f}",
    "{f}{y}",
    "{f}.{l}{y}",
    "{f}{l}{n}",
    "{i}.{l}{n}",
    "{l}{f}{y}",
    "{f}.{l}.{y}",
)
SOURCES = ("crm-export.csv row {n}", "billing sync", "agent")


class Stamps:
    """Epoch seconds → the text SQLAlchemy's SQLite DateTime reads back (UTC, no offset)."""

    def __init__(self) -> None:
        self.clock = _clock()
        self.days: dict[int, str] = {}

    def __call__(self, seconds: int) -> str:
        day, second = divmod(seconds, DAY)
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = datetime.fromtimestamp(day * DAY, UTC).strftime("%Y-%m-%d")
        return text + self.clock[second]


@cache
def _clock() -> tuple[str, ...]:
    """The time of day of each second, made once per process: every chunk has its own
    ``Stamps``, and making the 86,400 strings again cost each chunk 4% of its time."""
    return tuple(
        f" {h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
    )


@cache
def _ascii(name: str) -> str:
    """A name as it appears in an email address: folded, letters only."""
    return re.sub(r"[^a-z]", "", fold(name))


def _person(entry: str) -> tuple[str, str]:
    """``native|latin`` → (display name, name for emails)."""
    native, _, latin = entry.partition("|")
    return native, _ascii(latin or native)


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
        self.tail = re.sub(r"\d", "{}", typed[cut:])

    def number(self, contact_id: int) -> tuple[str, str]:
        """(as typed, E.164) of this plan's number for a contact."""
        suffix = f"{(contact_id * self.STEP + self.offset) % 1_000_000:06d}"
        return self.head + self.tail.format(*suffix), f"+{self.prefix}{suffix}"


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


class Generator:
    """Builds rows from one seeded Random: the companies of a run, or one chunk's contacts."""

    def __init__(self, seed: str, now: int, phones: dict[str, list[PhonePlan]]) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.now = now
        self.stamp = Stamps()
        self.phones = phones
        self.seen: dict[str, int] = {}
        self.people = {
            loc.code: ([_person(n) for n in loc.first], [_person(n) for n in loc.last])
            for loc in LOCALES
        }
        self.ticket_id = 0

    def chunk(
        self, start: int, count: int, companies: list[tuple], pins: Sequence[int]
    ) -> dict[str, list[tuple]]:
        """The rows of contacts ``start`` … ``start + count - 1``, per table of ``TABLES``;
        ``pins`` holds their support PINs, drawn for the whole run
        (``store.demo.generate._pins``)."""
        out: dict[str, list[tuple]] = {table: [] for table in TABLES}
        self.contact_rows(start, count, companies, pins, out)
        return out

    def pick(self, values: Sequence[Any]) -> Any:
        return values[int(self.random() * len(values))]

    def below(self, limit: int) -> int:
        return int(self.random() * limit)

    def ago(self, max_days: float) -> int:
        """A moment in the last ``max_days``, more of them recent (as real helpdesks see)."""
        return self.now - int(max_days * DAY * self.random() ** 2)

    def unique(self, stem: str, tail: str = "", sep: str = ".") -> str:
        """``stem + tail``, or ``stem + sep + N + tail`` when that was already handed out."""
        key = stem + tail
        count = self.seen.get(key, 0)
        self.seen[key] = count + 1
        return key if not count else f"{stem}{sep}{count + 1}{tail}"

    def companies(self, count: int) -> list[tuple]:
        """(id, name, reference, mail domain, locale, SLA policy) of ``count`` companies."""
        rows = []
        for index in range(count):
            locale = LOCALE(self.rng)
            surname = self.pick(self.people[locale.code][1])[0]
            first = surname if self.random() < 0.4 else self.pick(COMPANY_WORDS)
            trade = self.pick(COMPANY_TRADES)
            name = f"{first} {trade} {self.pick(COMPANY_SUFFIXES[locale.code])}"
            slug = re.sub(r"[^a-z]", "", fold(first)) or "firm"
            domain = self.unique(f"{slug}-{trade.lower()}", f".{locale.tld}", sep="")
            policy = COMPANY_POLICY(self.rng)
            rows.append((index + 1, name, f"CO-{1_000_000 + index + 1}", domain, locale, policy))
        return rows

    def contact_rows(
        self,
        start: int,
        count: int,
        companies: list[tuple],
        pins: Sequence[int],
        out: dict[str, list[tuple]],
    ) -> None:
        """Append the rows of ``count`` contacts from id ``start`` to ``out`` (per table)."""
        stamp, random, rng = self.stamp, self.random, self.rng
        contacts, identities, docs, phones = (
            out["contact"],
            out["identity"],
            out["search_doc"],
            out["search_phone"],
        )
        n_companies = len(companies)
        for contact_id in range(start, start + count):
            company = companies[int(random() * n_companies)] if random() < 0.7 else None
            locale: Locale = company[4] if company and random() < 0.8 else LOCALE(rng)
            firsts, lasts = self.people[locale.code]
            first, first_ascii = firsts[int(random() * len(firsts))]
            last, last_ascii = lasts[int(random() * len(lasts))]
            created = self.ago(1500)
            policy = 1 + int(random() * 3) if random() < 0.03 else None
            # The draw six-digit PINs were made of, kept so that a seed still makes the same
            # people, companies and tickets (snapshots and bench queries are drawn from them).
            random()
            contacts.append(
                (
                    contact_id,
                    first,
                    last,
                    company[0] if company else None,
                    f"C-{10_000_000 + contact_id}",
                    f"{pins[contact_id - start]:0{PIN_DIGITS}d}",
                    TITLES[int(random() * len(TITLES))],
                    policy,
                    locale.region,
                    stamp(created),
                    stamp(max(created, self.ago(400))),
                )
            )
            owned = self.identities(contact_id, locale, first_ascii, last_ascii, company)
            identities += owned
            docs.append(
                make_doc(
                    contact_id,
                    first,
                    last,
                    "",
                    company[1] if company else "",
                    [(row[1], row[3]) for row in owned],
                )
            )
            numbers = sorted({row[3] for row in owned if row[1] in PHONE_KINDS})
            phones += [(key, contact_id) for number in numbers for key in phone_keys(number)]
            self.tickets(contact_id, f"{first} {last}", company, policy, created, out)
            self.activities(contact_id, company[0] if company else None, created, out["activity"])
            self.custom_values(contact_id, created, out["custom_value"])

    def identities(
        self,
        contact_id: int,
        locale: Locale,
        first: str,
        last: str,
        company: tuple | None,
    ) -> list[tuple]:
        """One to four identities: emails unique within the chunk, phones unique by contact."""
        first = first or "user"
        last = last or str(contact_id)
        count = IDENTITY_COUNT(self.rng)
        rows: list[tuple] = []
        kinds: set[str] = set()

        def add(kind: str, value: str, normalized: str) -> None:
            rows.append((contact_id, kind, value, normalized, kind not in kinds))
            kinds.add(kind)

        local = self.pick(EMAIL_PATTERNS).format(
            f=first, l=last, i=first[0], y=1950 + self.below(56), n=1 + self.below(999)
        )
        if company and self.random() < 0.6:
            address = self.unique(f"{first}.{last}", "@" + company[3])
        else:
            address = self.unique(local, "@" + self.pick(locale.mail))
        add("email", address, address)
        if count >= 2:
            value, e164 = self.pick(self.phones[locale.region]).number(contact_id)
            add("phone", value, e164)
            if count >= 3 and self.random() < 0.5:
                add(self.pick(("whatsapp", "sms")), value, e164)
        if count >= 3 and len(rows) < count:
            stem = local if company and self.random() < 0.5 else f"{first[0]}{last}{self.below(99)}"
            address = self.unique(stem, "@" + self.pick(locale.mail))
            add("email", address, address)
        if len(rows) < count:
            handle = self.unique(f"{first}{last}"[:10], sep="")
            add("twitter", "@" + handle, handle)
        return rows

    def tickets(
        self,
        contact_id: int,
        requester: str,
        company: tuple | None,
        policy: int | None,
        created: int,
        out: dict[str, list[tuple]],
    ) -> None:
        """Tickets numbered from 1 within the chunk; ``store.demo.generate`` renumbers them in
        order."""
        stamp = self.stamp
        policy = policy or (company[5] if company else None)
        for _ in range(TICKET_COUNT(self.rng)):
            self.ticket_id += 1
            opened = max(created, self.ago(700))
            status = STATUS(self.rng)
            priority = PRIORITY(self.rng)
            subject = self.pick(TICKET_SUBJECTS)
            if "{" in subject:
                subject = subject.format(
                    n=10_000 + self.below(90_000), f=1 + self.below(8), k=2 + self.below(400)
                )
            first_due = resolve_due = responded = resolved = None
            if policy is not None:
                response, resolution = SLA_POLICIES[policy - 1][2][PRIORITIES.index(priority)]
                first_due = stamp(opened + 60 * response)
                resolve_due = stamp(opened + 60 * resolution)
            if status != "new":
                responded = stamp(opened + 60 * (5 + self.below(2000)))
            if status not in OPEN_STATUSES:
                resolved = stamp(opened + 60 * (60 + self.below(20000)))
            out["ticket"].append(
                (
                    self.ticket_id,
                    subject,
                    self.pick(GROUPS),
                    status,
                    priority,
                    1 + self.below(len(AGENTS)) if status != "new" else None,
                    contact_id,
                    company[0] if company else None,
                    requester,
                    self.pick(CHANNELS),
                    stamp(opened),
                    resolved or responded or stamp(opened),
                    responded,
                    resolved,
                    first_due,
                    resolve_due,
                    self.below(240) if status != "new" else 0,
                )
            )

    def activities(self, contact_id: int, company: int | None, created: int, out: list) -> None:
        """Calls, visits, meetings and notes, by the demo agents (the company's too)."""
        for _ in range(ACTIVITY_COUNT(self.rng)):
            kind = self.pick(tuple(ACTIVITY_SUMMARIES))
            topic = self.pick(TICKET_SUBJECTS).split(" {")[0].lower()
            summary = self.pick(ACTIVITY_SUMMARIES[kind]).format(s=topic)
            occurred = self.stamp(max(created, self.ago(500)))
            out.append((contact_id, company, kind, summary, self.pick(AGENTS)[0], occurred))

    def custom_values(self, contact_id: int, created: int, out: list[tuple]) -> None:
        """Customer Data rows with their source, as an import would leave them."""
        count = CUSTOM_COUNT(self.rng)
        if not count:
            return
        imported = self.stamp(created)
        for key, values in self.rng.sample(CUSTOM_KEYS, count):
            source = self.pick(SOURCES).format(n=contact_id + 1)
            out.append((contact_id, key, self.pick(values), source, imported))
