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
from itertools import accumulate
from typing import Any

from ..kinds import OPEN_STATUSES, PRIORITIES, TicketStatus
from ..search.folding import fold
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
from .phones import PhonePlan
from .texts import DAY, fold_once, people, stamps, texts

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

    def at(self, fraction: float) -> Any:
        """The value a draw of ``fraction`` (``random()``) picks: ``self(rng)`` without the
        call to ``rng``, for loops that hold ``rng.random`` already."""
        return self.values[bisect(self.cumulative, fraction * self.total)]


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
AGO_CREATED, AGO_ACTIVE, AGO_OPENED, AGO_ACTIVITY = (days * DAY for days in (1500, 400, 700, 500))
"""How far back (seconds) contacts were created and last active, tickets opened and activities
logged (``Generator.ago``)."""
SLA_SECONDS = {
    (policy, priority): (60 * response, 60 * resolution)
    for policy, (_, _, times) in enumerate(SLA_POLICIES, start=1)
    for priority, (response, resolution) in zip(PRIORITIES, times, strict=True)
}
ACTIVITY_KINDS = tuple(ACTIVITY_SUMMARIES)
TOPICS = tuple(subject.split(" {")[0].lower() for subject in TICKET_SUBJECTS)
"""What an activity is about: a ticket subject without its number."""
N_PATTERNS, N_SUBJECTS, N_GROUPS, N_CHANNELS, N_AGENTS, N_SOURCES, N_ACTIVITY_KINDS = map(
    len, (EMAIL_PATTERNS, TICKET_SUBJECTS, GROUPS, CHANNELS, AGENTS, SOURCES, ACTIVITY_KINDS)
)


class Generator:
    """Builds rows from one seeded Random: the companies of a run, or one chunk's contacts.

    The per-contact methods are written for speed (a million contacts at a few microseconds
    each): weighted choices inline, strings that repeat made once per process (``_Texts``).
    Every ``random()`` call is kept in its order, so a seed still makes the same rows.
    """

    def __init__(self, seed: str, now: int, phones: dict[str, list[PhonePlan]]) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.now = now
        self.stamp = stamps()
        self.phones = phones
        self.seen: dict[str, int] = {}
        self.people = people()
        self.texts = texts()
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

    def sample(self, population: Sequence[Any], k: int) -> list[Any]:
        """``rng.sample(population, k)`` for a population of at most 21, the very draws of
        CPython's: its check that ``population`` is a ``collections.abc.Sequence`` (an ABC
        ``isinstance``) cost 8% of a chunk. Fixed here, the rows stay those of a seed even if
        a later Python samples otherwise."""
        n = len(population)
        assert 0 <= k <= n <= 21
        pool = list(population)
        result = []
        getrandbits = self.rng.getrandbits
        for i in range(k):
            below = n - i
            bits = below.bit_length()
            j = getrandbits(bits)
            while j >= below:
                j = getrandbits(bits)
            result.append(pool[j])
            pool[j] = pool[below - 1]
        return result

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
        stamp, random, now, people, texts = (
            self.stamp,
            self.random,
            self.now,
            self.people,
            self.texts,
        )
        contacts, docs, phones = out["contact"], out["search_doc"], out["search_phone"]
        tickets, activities, custom_values = out["ticket"], out["activity"], out["custom_value"]
        n_companies, n_titles = len(companies), len(TITLES)
        folded_names, folded_companies = texts.names, texts.companies
        for contact_id in range(start, start + count):
            company: tuple | None = None
            locale: Locale | None = None
            if random() < 0.7:
                company = companies[int(random() * n_companies)]
                locale = company[4] if random() < 0.8 else None
            if locale is None:
                locale = LOCALE.at(random())
            firsts, lasts = people[locale.code]
            first, first_ascii = firsts[int(random() * len(firsts))]
            last, last_ascii = lasts[int(random() * len(lasts))]
            created = now - int(AGO_CREATED * random() ** 2)
            policy = 1 + int(random() * 3) if random() < 0.03 else None
            # The draw six-digit PINs were made of, kept so that a seed still makes the same
            # people, companies and tickets (snapshots and bench queries are drawn from them).
            random()
            title = TITLES[int(random() * n_titles)]
            active = max(created, now - int(AGO_ACTIVE * random() ** 2))
            company_id = company[0] if company else None
            contacts.append(
                (
                    contact_id,
                    first,
                    last,
                    company_id,
                    f"C-{10_000_000 + contact_id}",
                    f"{pins[contact_id - start]:0{PIN_DIGITS}d}",
                    title,
                    policy,
                    locale.region,
                    stamp(created),
                    stamp(active),
                )
            )
            emails, handles, numbers, keys = self.identities(
                contact_id, locale, first_ascii, last_ascii, company, out["identity"]
            )
            name = f"{first} {last}"
            folded = folded_names.get(name) or texts.name(name)
            firm = ""
            if company:
                firm = folded_companies.get(company[1]) or texts.company(company[1])
            docs.append((contact_id, folded, firm, emails, handles, numbers))
            if keys:
                phones += ((keys[0], contact_id), (keys[1], contact_id))
            self.tickets(contact_id, name, company, policy, created, tickets)
            self.activities(contact_id, company_id, created, activities)
            self.custom_values(contact_id, created, custom_values)

    def identities(
        self,
        contact_id: int,
        locale: Locale,
        first: str,
        last: str,
        company: tuple | None,
        out: list[tuple],
    ) -> tuple[str, str, str, list[str]]:
        """One to four identities (appended to ``out``): emails unique within the chunk, phones
        unique by contact. Returns the contact's ``search_doc`` emails, handles and phones, and
        its ``search_phone`` keys."""
        random, unique = self.random, self.unique
        first = first or "user"
        last = last or str(contact_id)
        count = IDENTITY_COUNT.at(random())
        pattern = EMAIL_PATTERNS[int(random() * N_PATTERNS)]
        local = pattern.format(
            f=first, l=last, i=first[0], y=1950 + int(random() * 56), n=1 + int(random() * 999)
        )
        if company and random() < 0.6:
            email = unique(f"{first}.{last}", "@" + company[3])
        else:
            email = unique(local, "@" + locale.mail[int(random() * len(locale.mail))])
        out.append((contact_id, "email", email, email, True))
        emails = fold_once(email)
        made = 1
        numbers = ""
        keys: list[str] = []
        if count >= 2:
            plans = self.phones[locale.region]
            plan = plans[int(random() * len(plans))]
            value, e164, *keys = plan.numbers(contact_id)
            out.append((contact_id, "phone", value, e164, True))
            numbers, made = e164, 2
            if count >= 3 and random() < 0.5:
                kind = "whatsapp" if random() < 0.5 else "sms"
                out.append((contact_id, kind, value, e164, True))
                numbers, made = f"{e164} {e164}", 3
        if count >= 3 and made < count:
            stem = local if company and random() < 0.5 else f"{first[0]}{last}{int(random() * 99)}"
            email = unique(stem, "@" + locale.mail[int(random() * len(locale.mail))])
            out.append((contact_id, "email", email, email, False))
            emails = f"{emails} {fold_once(email)}"
            made += 1
        handles = ""
        if made < count:
            handle = unique(f"{first}{last}"[:10], sep="")
            out.append((contact_id, "twitter", "@" + handle, handle, True))
            handles = fold_once(handle)
        return emails, handles, numbers, keys

    def tickets(
        self,
        contact_id: int,
        requester: str,
        company: tuple | None,
        policy: int | None,
        created: int,
        out: list[tuple],
    ) -> None:
        """Tickets numbered from 1 within the chunk; ``store.demo.generate`` renumbers them in
        order."""
        random, stamp, now = self.random, self.stamp, self.now
        policy = policy or (company[5] if company else None)
        company_id = company[0] if company else None
        for _ in range(TICKET_COUNT.at(random())):
            self.ticket_id += 1
            opened = max(created, now - int(AGO_OPENED * random() ** 2))
            status = STATUS.at(random())
            priority = PRIORITY.at(random())
            subject = TICKET_SUBJECTS[int(random() * N_SUBJECTS)]
            if "{" in subject:
                subject = subject.format(
                    n=10_000 + int(random() * 90_000),
                    f=1 + int(random() * 8),
                    k=2 + int(random() * 400),
                )
            first_due = resolve_due = responded = resolved = None
            if policy is not None:
                response, resolution = SLA_SECONDS[policy, priority]
                first_due = stamp(opened + response)
                resolve_due = stamp(opened + resolution)
            is_new = status == "new"
            if not is_new:
                responded = stamp(opened + 60 * (5 + int(random() * 2000)))
            if status not in OPEN_STATUSES:
                resolved = stamp(opened + 60 * (60 + int(random() * 20000)))
            group = GROUPS[int(random() * N_GROUPS)]
            assignee = None if is_new else 1 + int(random() * N_AGENTS)
            channel = CHANNELS[int(random() * N_CHANNELS)]
            opened_at = stamp(opened)
            out.append(
                (
                    self.ticket_id,
                    subject,
                    group,
                    status,
                    priority,
                    assignee,
                    contact_id,
                    company_id,
                    requester,
                    channel,
                    opened_at,
                    resolved or responded or opened_at,
                    responded,
                    resolved,
                    first_due,
                    resolve_due,
                    0 if is_new else int(random() * 240),
                )
            )

    def activities(self, contact_id: int, company: int | None, created: int, out: list) -> None:
        """Calls, visits, meetings and notes, by the demo agents (the company's too)."""
        random, summarize = self.random, self.texts.summary
        for _ in range(ACTIVITY_COUNT.at(random())):
            kind = ACTIVITY_KINDS[int(random() * N_ACTIVITY_KINDS)]
            topic = TOPICS[int(random() * N_SUBJECTS)]
            templates = ACTIVITY_SUMMARIES[kind]
            summary = summarize(templates[int(random() * len(templates))], topic)
            occurred = self.stamp(max(created, self.now - int(AGO_ACTIVITY * random() ** 2)))
            out.append(
                (contact_id, company, kind, summary, AGENTS[int(random() * N_AGENTS)][0], occurred)
            )

    def custom_values(self, contact_id: int, created: int, out: list[tuple]) -> None:
        """Customer Data rows with their source, as an import would leave them."""
        random = self.random
        count = CUSTOM_COUNT.at(random())
        if not count:
            return
        imported = self.stamp(created)
        for key, values in self.sample(CUSTOM_KEYS, count):
            source = SOURCES[int(random() * N_SOURCES)]
            if "{" in source:
                source = source.format(n=contact_id + 1)
            out.append((contact_id, key, values[int(random() * len(values))], source, imported))
