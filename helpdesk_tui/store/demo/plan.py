"""What a demo build shares between its engines and its worker processes.

One run draws its companies, support PINs and chunks once in the main process (``plan``); each
worker builds chunks from the same seeds (``store.demo.rows``) whichever engine they are for, and
the main process makes addresses unique across chunks in contact order (``unique_address``). So
a seed gives the same rows on SQLite (``store.demo.generate``) and PostgreSQL
(``store.demo.postgres``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from ..kinds import PRIORITIES
from ..search.index import vocabulary
from .catalog import AGENTS, SLA_POLICIES
from .files import tie_to_parent, worker_pool
from .phones import phone_plans
from .rows import PIN_DIGITS, Generator

CHUNK = 25_000
ADDRESS_KINDS = ("email", "twitter")
"""Identities two chunks may both invent, so renamed where a later one does (``unique_address``)."""
MAX_CONTACTS = 1_000_000
Progress = Callable[[int, int], None]
"""Told (done, total) contacts after each chunk and once more before the data is visible; it may
raise (Ctrl-C in the CLI) to stop the build, which then leaves nothing behind."""


WORKER: dict = {}
"""In a worker process: what every chunk of the run shares (``start_worker``)."""


def start_worker(
    parent: int, seed: int, now: int, companies: list[tuple], folder: Path | None
) -> None:
    """A worker's initializer: tied to the build, with the run's seed, anchor, companies and
    phone plans (and the folder for SQLite's part files)."""
    tie_to_parent(parent)
    WORKER.update(seed=seed, now=now, companies=companies, folder=folder, phones=_plans(seed))


def _plans(seed: int) -> dict:
    import random  # noqa: PLC0415

    return phone_plans(random.Random(f"{seed}:phones"))


def _pins(seed: int, contacts: int) -> list[int]:
    """A distinct random support PIN for each contact of a run, in contact order.

    Drawn once for the whole run (about 0.9 s for a million) rather than per chunk, because
    chunks are built apart and PINs must be unique across all of them (``ux_contact_pin``).
    """
    import random  # noqa: PLC0415

    return random.Random(f"{seed}:pins").sample(range(10**PIN_DIGITS), contacts)


@dataclass(frozen=True)
class Run:
    """What every chunk of one build shares, drawn once in the main process."""

    contacts: int
    seed: int
    now: int
    stamp: str
    """``now`` as written into the rows."""
    companies: list[tuple]
    jobs: list[tuple[int, int, int, list[int]]]
    """(chunk index, first contact id, contacts, their PINs) per chunk, in contact order."""

    def pool(
        self, workers: int | None, folder: Path | None
    ) -> AbstractContextManager[ProcessPoolExecutor]:
        """The worker processes that build this run's chunks (two on the reference machine)."""
        return worker_pool(
            workers or min(2, os.cpu_count() or 1),
            start_worker,
            (os.getpid(), self.seed, self.now, self.companies, folder),
        )

    def done(self, chunk: int) -> int:
        """Contacts loaded once chunks ``0 … chunk`` are, for the progress callback."""
        return min(self.contacts, (chunk + 1) * CHUNK)

    @property
    def event(self) -> tuple[str, str]:
        """The journal's one entry: (at, description)."""
        return self.stamp, f"generated {self.contacts} demo contacts (seed {self.seed})"


def plan(contacts: int, seed: int, now: int) -> Run:
    """The companies, PINs and chunks of a run: the same for the same arguments."""
    main = Generator(f"{seed}:companies", now, {})
    pins = _pins(seed, contacts)
    jobs = [
        (i, start, size, pins[start - 1 : start - 1 + size])
        for i, start in enumerate(range(1, contacts + 1, CHUNK))
        for size in [min(CHUNK, contacts + 1 - start)]
    ]
    return Run(contacts, seed, now, main.stamp(now), main.companies(max(1, contacts // 12)), jobs)


def fixed_rows(stamp: str, companies: list[tuple]) -> dict[str, tuple[str, list[tuple]]]:
    """Agents, SLA policies and companies, the small tables every contact points into: per
    table, its columns and rows, for each engine to write its own way."""
    targets = [
        (policy_id, priority, response, resolution, 1)
        for policy_id, (_, _, times) in enumerate(SLA_POLICIES, start=1)
        for priority, (response, resolution) in zip(PRIORITIES, times, strict=True)
    ]
    return {
        "agent": (
            "id, username, display_name, role, active, created_at, version",
            [(i, *agent, True, stamp, 1) for i, agent in enumerate(AGENTS, start=1)],
        ),
        "sla_policy": (
            "id, name, description, created_at, version",
            [(i, name, text, stamp, 1) for i, (name, text, _) in enumerate(SLA_POLICIES, 1)],
        ),
        "sla_target": (
            "id, policy_id, priority, first_response_minutes, resolution_minutes, version",
            [(i, *target) for i, target in enumerate(targets, start=1)],
        ),
        "company": (
            "id, name, reference, domains, notes, active, sla_policy_id, created_at, "
            "updated_at, version",
            [(c[0], c[1], c[2], c[3], "", True, c[5], stamp, stamp, 1) for c in companies],
        ),
    }


def unique_address(kind: str, old: str, seen: set[str]) -> tuple[str, str, str] | None:
    """An address or handle another chunk already handed out, renamed: (normalized, value as
    typed, its ``search_doc`` column); None, and noted as handed out, when it is new.

    Chunks are built independently, so two can invent ``john.smith@gmail.com``; the later one
    becomes ``john.smith_2@gmail.com`` (a chunk's own repeats use ``.2``, so the two never meet),
    a handle gets ``_2``. Called in contact order, it renames the same ones on either engine.
    """
    key = f"{kind}:{old}"
    if key not in seen:
        seen.add(key)
        return None
    n = 2
    while f"{kind}:{_renamed(kind, old, n)[0]}" in seen:
        n += 1
    new, value, column = _renamed(kind, old, n)
    seen.add(f"{kind}:{new}")
    return new, value, column


def _renamed(kind: str, old: str, n: int) -> tuple[str, str, str]:
    """The ``n``-th new name of an address or handle (``unique_address``)."""
    if kind == "email":
        local, _, domain = old.partition("@")
        return f"{local}_{n}@{domain}", f"{local}_{n}@{domain}", "emails"
    return f"{old}_{n}", f"@{old}_{n}", "handles"


Renamed = tuple[int, str, str, str]
"""(position among the chunk's addresses, normalized, value as typed, ``search_doc`` column)."""


def address_keys(identities: list[tuple]) -> list[tuple[int, str]]:
    """(position, ``kind:normalized``) of a chunk's identity rows that may need renaming
    (``ADDRESS_KINDS``), in contact order: what ``rename_addresses`` takes, made by the worker
    that built the chunk."""
    return [
        (position, f"{row[1]}:{row[3]}")
        for position, row in enumerate(identities)
        if row[1] in ADDRESS_KINDS
    ]


def rename_addresses(keys: Sequence[str], seen: set[str]) -> list[Renamed]:
    """What ``unique_address`` renames among a chunk's addresses and handles (their
    ``kind:normalized`` keys in contact order), all of them noted as handed out.

    A call per address took five seconds of the main process at a million contacts; here the
    chunk is checked against ``seen`` with one set operation, and only the few it shares with
    earlier chunks are renamed one by one. Where that could rename differently from calls in
    contact order (a chunk repeating an address, or a new name that is one of the chunk's own
    addresses), the calls are made.
    """
    clashing = seen.intersection(keys)
    renamed = _rename_clashes(keys, clashing, seen) if clashing else []
    if renamed is None:
        return [
            (position, *found)
            for position, key in enumerate(keys)
            if (found := unique_address(*_split(key), seen)) is not None
        ]
    seen.update(keys)
    seen.update(f"{_split(keys[at])[0]}:{new}" for at, new, _, _ in renamed)
    return renamed


def _split(key: str) -> tuple[str, str]:
    """``kind:normalized`` → (kind, normalized)."""
    kind, _, normalized = key.partition(":")
    return kind, normalized


def _rename_clashes(
    keys: Sequence[str], clashing: set[str], seen: set[str]
) -> list[Renamed] | None:
    """New names for the addresses in ``clashing``, or None where they might not be the ones
    ``unique_address`` gives in contact order (``rename_addresses``); ``seen`` is unchanged."""
    own = set(keys)
    if len(own) != len(keys):
        return None
    taken: set[str] = set()
    renamed = []
    for position, key in enumerate(keys):
        if key not in clashing:
            continue
        kind, old = _split(key)
        n = 2
        while True:
            new, value, column = _renamed(kind, old, n)
            candidate = f"{kind}:{new}"
            if candidate in own:
                return None
            if candidate not in seen and candidate not in taken:
                break
            n += 1
        taken.add(candidate)
        renamed.append((position, new, value, column))
    return renamed


def address_terms(addresses: list[str]) -> dict[str, int]:
    """The vocabulary that renamed addresses add to their chunk's: ``johnsmith_2@…`` holds the
    word ``johnsmith``, which absorbs more edits than the whole local part ``johnsmith`` did,
    as a rebuild of the index finds (its other words were the chunk's already)."""
    return vocabulary([(0, "", "", " ".join(addresses))])
