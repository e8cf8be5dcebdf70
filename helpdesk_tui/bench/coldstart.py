"""Cold start and memory of the real app, driven from outside through a pseudo-terminal.

A user waits for everything between pressing enter and seeing contacts: the interpreter
starting, the imports, the database opening, the first frame and the first search. Timing
the app in-process (Textual's pilot, say) skips most of that, so here the installed command
runs as a real process on a real pty of 100x30 cells, and the clock reads what reaches the
screen. Markers are matched on the output with escape sequences stripped:

* Home is painted when its status line says "… recently active contacts · type to search"
  (an empty search box lists the most recently active contacts);
* a search's results are painted when the status line says "N contacts" / "1 contact" (or
  "Nothing matches …") after the query was sent. The count and the word come from one
  freshly written status line, so, unlike a contact's name drawn across columns, escape codes
  never split it; the recent-contacts status never matches, since a word stands between its
  count and "contacts".

A query arrives as one bracketed paste, as when an agent pastes an email or a reference from a
ticket. Sent as a burst of separate keys, every prefix starts a search, and one that ends
before the next key is handled is painted ("50 contacts" for "debora.lp" where the whole
email finds 1): the status line cannot tell those from the query's own results. A paste is a
single edit, so the first results painted after it are the query's.

Before each search of the memory run the box is cleared (ctrl+u, Input's delete-left-all) and
the recent-contacts status awaited before the next query is sent: Textual runs a bound key's
action only once the key has bubbled up to the app, so text sent right behind ctrl+u is
typed first and then deleted. Waiting also means every search repaints the status line from a
different text, so two searches with the same count are never confused.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Sequence
from itertools import cycle, islice
from pathlib import Path

from .datasets import Dataset
from .plan import Plan
from .program import program
from .queries import BenchQuery

COLUMNS, LINES = 100, 30
PAINT_TIMEOUT = 15.0
"""Seconds allowed for the first frame, and again for the first results."""
SEARCH_TIMEOUT = 5.0
"""Seconds allowed for each search of the memory run."""
QUIT_TIMEOUT = 5.0
CLEAR = "\x15"
"""ctrl+u: Textual's Input deletes everything left of the cursor."""
QUIT = "\x11"
"""ctrl+q: the app's quit binding."""
PASTE = "\x1b[200~{}\x1b[201~"
"""A bracketed paste (the app turns it on), which the search box takes as one edit."""

ESCAPE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, ended by BEL or ST
    r"|\x1b[P^_X][^\x1b]*\x1b\\"  # DCS, PM, APC, SOS strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[ -/]*(?![\[\]P^_X])[0-~]"  # short escapes (charset, keypad, save/restore cursor)
)
LONGEST_ESCAPE = 4096
"""An unfinished escape held back longer than this is let through as text."""
HOME_PAINTED = re.compile(r"recently active contacts")
RESULTS_PAINTED = re.compile(r"\b\d+ contacts?\b|Nothing matches")


class _Terminal:
    """The app on a pty, its output drained by a thread into escape-free text."""

    def __init__(self, command: list[str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = os.environ | {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
        self.master = master
        self.started = time.perf_counter()
        try:
            self.process = subprocess.Popen(
                command,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._screen = ""
        self._held = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, name="coldstart-pty", daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the app exited and closed its side
                    return
                if not chunk:
                    return
                self._feed(self._decoder.decode(chunk))
        finally:
            with self._changed:
                self._changed.notify_all()

    def _feed(self, raw: str) -> None:
        raw = self._held + raw
        cut = raw.rfind("\x1b")
        unfinished = cut != -1 and not ESCAPE.match(raw, cut) and len(raw) - cut < LONGEST_ESCAPE
        if not unfinished:
            cut = len(raw)
        self._held = raw[cut:]
        text = ESCAPE.sub("", raw[:cut])
        with self._changed:
            self._screen += text
            self._changed.notify_all()

    def tail(self, size: int = 500) -> str:
        """The end of the output, each line with words once: the search box's blinking cursor
        repaints its line and borders twice a second, and would fill any tail of fixed size."""
        with self._changed:
            lines = [" ".join(line.split()) for line in reversed(self._screen.splitlines())]
        recent = list(dict.fromkeys(line for line in lines if re.search(r"\w", line)))
        return "\n".join(reversed(recent))[-size:]

    def send(self, keys: str) -> int:
        """Write ``keys`` at once; returns where the output after them starts."""
        with self._changed:
            mark = len(self._screen)
        os.write(self.master, keys.encode())
        return mark

    def wait_for(self, marker: re.Pattern[str], since: int, timeout: float) -> float | None:
        """Seconds from spawn until ``marker`` shows in the output after ``since``, or None."""
        deadline = time.perf_counter() + timeout
        with self._changed:
            while not marker.search(self._screen, since):
                left = deadline - time.perf_counter()
                if left <= 0 or not self._reader.is_alive():
                    return None
                self._changed.wait(left)
            return time.perf_counter() - self.started

    def peak_rss_mb(self) -> float:
        """The process's high-water resident set (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmHWM in /proc/{self.process.pid}/status")

    def quit(self) -> None:
        """Leave as a user does, killing the app only if it hangs."""
        os.write(self.master, QUIT.encode())
        try:
            self.process.wait(QUIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def close(self) -> None:
        """Never leave an app running, whatever happened."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._stop.set()
        self._reader.join()
        os.close(self.master)


def command(data: Dataset) -> list[str]:
    """The app on the bench database, as a user starts it."""
    return [*program(), "--db", str(data.path)]


def _required(terminal: _Terminal, marker: re.Pattern[str], since: int, what: str) -> float:
    seconds = terminal.wait_for(marker, since, PAINT_TIMEOUT)
    if seconds is None:
        raise RuntimeError(
            f"the app did not show {what} within {PAINT_TIMEOUT:.0f} s "
            f"(exit status {terminal.process.poll()}); screen text ends with:\n"
            f"{terminal.tail()}"
        )
    return seconds


def _search(terminal: _Terminal, text: str) -> bool:
    """Clear the box, wait for the recent contacts, then search; False on a timeout."""
    cleared = terminal.send(CLEAR)
    if terminal.wait_for(HOME_PAINTED, cleared, SEARCH_TIMEOUT) is None:
        return False
    sent = terminal.send(PASTE.format(text))
    return terminal.wait_for(RESULTS_PAINTED, sent, SEARCH_TIMEOUT) is not None


def measure(
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """What a user waits for when opening the app and searching at once (the median of
    ``plan.cold_starts`` starts, each start kept in the result), and the memory the app holds
    after a working session of searches: figures no in-process test can give."""
    say = progress or (lambda _: None)
    first = next((q for q in queries if q.kind == "exact_name"), None)
    if first is None:
        raise ValueError("cold start needs an exact_name query to type first")
    paints: list[float] = []
    results: list[float] = []
    peak: float | None = None
    timeouts = 0
    for start in range(plan.cold_starts):
        terminal = _Terminal(command(data))
        try:
            paints.append(_required(terminal, HOME_PAINTED, 0, "Home's recent contacts"))
            sent = terminal.send(PASTE.format(first.text))
            what = f"results for {first.text!r}"
            results.append(_required(terminal, RESULTS_PAINTED, sent, what))
            say(f"cold start {start + 1}: first paint {paints[-1]:.3f} s")
            say(f"cold start {start + 1}: first results {results[-1]:.3f} s")
            if start < plan.cold_starts - 1:
                terminal.quit()
                continue
            texts = [q.text for q in queries]
            timeouts = sum(
                not _search(terminal, text) for text in islice(cycle(texts), plan.rss_searches)
            )
            peak = terminal.peak_rss_mb()
            say(f"cold start: peak RSS {peak:.1f} MiB after {plan.rss_searches} searches")
            terminal.quit()
        finally:
            terminal.close()
    first_paint, first_results = statistics.median(paints), statistics.median(results)
    return {
        "first_paint_s": first_paint,
        "first_results_s": first_results,
        "first_paint_each_s": paints,
        "first_results_each_s": results,
        "peak_rss_mb": peak if not timeouts else None,  # fewer than the searches asked for
        "searches": plan.rss_searches,
        "search_timeouts": timeouts,
    }
