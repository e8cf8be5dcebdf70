"""Keystroke to painted results, in the real app: what an agent feels while typing.

The app runs headless in this process and keys reach it the way a terminal driver delivers them
(``driver.send_message``), without waiting for the app to go idle between them: Pilot's
``press`` waits, and an agent does not. A key's latency ends at the first screen refresh that
shows results reflecting it (results for its text or for a longer one typed since). A ticker
task in the app's event loop records the longest stall: a worker that holds the GIL or a widget
that paints slowly shows up there even when the results themselves arrive fast.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual import events

from ..app import HelpdeskApp
from .datasets import Dataset
from .plan import Plan
from .queries import BenchQuery, first_of_each
from .store_latency import percentile

TICK = 0.002
SETTLE_TIMEOUT = 10.0


@dataclass
class _Probe:
    """Paint times by query text, and the event loop's longest stall, while it runs."""

    painted: dict[str, float] = field(default_factory=dict)
    stall: float = 0.0
    typing: bool = False
    running: bool = True

    def on_result(self, screen, result) -> None:
        """A result reached the screen's state: note the refresh that paints it."""
        if result is None or result.strategy == "recent":
            return
        query = result.query
        screen.call_after_refresh(lambda: self.painted.setdefault(query, time.perf_counter()))

    async def tick(self) -> None:
        """Wake every TICK seconds; a late wake-up is a stall of the event loop."""
        while self.running:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            if self.typing:
                self.stall = max(self.stall, time.perf_counter() - before - TICK)


def _key(char: str) -> str:
    """The key name a terminal driver gives ``char`` (what Textual's bindings match on)."""
    if char.isalnum():
        return char
    return unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")


def _summary(latencies: Sequence[float]) -> dict[str, float]:
    milliseconds = [value * 1000 for value in latencies]
    return {
        "p50_ms": round(statistics.median(milliseconds), 1),
        "p95_ms": round(percentile(milliseconds, 0.95), 1),
        "max_ms": round(max(milliseconds), 1),
        "keys": len(milliseconds),
    }


async def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the app did not {what} within {SETTLE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.005)


async def _type(app, probe: _Probe, text: str, interval: float) -> list[float]:
    """Type ``text`` (every ``interval`` seconds, or as one burst when 0); per-key latencies.

    In a burst only the last key's latency is returned: the ones before it are superseded by
    design, and the agent waits for the results of what they typed.
    """
    driver = app._driver  # the seam a terminal uses to hand keys to the app
    sent: list[float] = []
    probe.typing = True
    started = time.perf_counter()
    for index, char in enumerate(text):
        if interval:
            delay = started + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        key = events.Key(_key(char), char)
        key.set_sender(app)
        sent.append(time.perf_counter())
        driver.send_message(key)
        if not interval:
            await asyncio.sleep(0)
    await _wait_for(lambda: text in probe.painted, f"paint the results for {text!r}")
    probe.typing = False
    if not interval:
        return [probe.painted[text] - sent[-1]]
    latencies = []
    for index, at in enumerate(sent):
        reflecting = [
            painted
            for typed, painted in probe.painted.items()
            if len(typed) > index and text.startswith(typed) and painted >= at
        ]
        latencies.append(min(reflecting) - at)
    return latencies


async def _clear(app, probe: _Probe) -> None:
    """Empty the search box and let the recent list settle, so each query starts afresh."""
    box = app.home.query_one("#search")
    box.value = ""
    probe.painted.clear()
    await _wait_for(lambda: app.home.result is not None and not app.home.result.query, "clear")
    await asyncio.sleep(0.05)


async def _run(
    data: Dataset, typed: Sequence[BenchQuery], interval: float, size: tuple[int, int]
) -> dict:
    app = HelpdeskApp(data.url)
    # The dataset's first daily check and copy (a 1.4 GB read at 1M, once a day, the first time
    # an app opens a freshly built dataset) is not typing's: as in the tickets bench.
    app.upkeep_after = 3600
    probe = _Probe()
    paced: list[float] = []
    burst: list[float] = []
    async with app.run_test(size=size):
        home = app.home
        await _wait_for(lambda: home.ready and home.result is not None, "open the database")
        home.watch(home, "result", lambda result: probe.on_result(home, result), init=False)
        ticker = asyncio.create_task(probe.tick())
        try:
            for index, query in enumerate(typed):
                # Alternate which mode types a query first: the second finds its pages warm.
                for pace in (interval, 0) if index % 2 == 0 else (0, interval):
                    await _clear(app, probe)
                    (paced if pace else burst).extend(await _type(app, probe, query.text, pace))
        finally:
            probe.running = False
            await ticker
    return {
        "paced": _summary(paced),
        "burst": _summary(burst),
        "stall_ms": round(probe.stall * 1000, 1),
        "interval_ms": round(interval * 1000),
        "queries": len(typed),
    }


def measure(
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Type ``plan.typed_per_class`` queries of each class into the app, paced and as a burst."""
    typed = first_of_each(queries, plan.typed_per_class)
    if progress:
        progress(f"typing {len(typed)} queries into the app")
    return asyncio.run(_run(data, typed, plan.key_interval, (100, 30)))
