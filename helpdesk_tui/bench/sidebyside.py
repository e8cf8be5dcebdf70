"""Our search command against fzf and abook, as whole processes on the same contacts and queries.

A user comparing tools runs commands, so each search is timed from spawning the process to its
exit: interpreter start-up, imports and opening the database count for us exactly as reading
its whole file counts for fzf and abook. The tools take turns going first (ours first on even
queries, theirs on odd ones) so the page cache and CPU frequency favour no one. fzf and abook
read an export of the database made once per dataset: one line (or abook entry) per live
contact, holding what our search looks at: reference, name, every email, phone and handle, and
company. (abook's query matches names, emails and nicknames only, wherever the rest is put.)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path

from ..store.database.connect import connect
from ..store.kinds import PHONE_KINDS
from ..store.search.searcher import search
from .datasets import Dataset, export_dir
from .plan import Plan
from .program import program
from .queries import CLASSES, MISSPELT, BenchQuery, first_of_each
from .store_latency import rank_of

RESULTS = 50
"""Rows every tool is asked for, as an agent would read at most a screenful."""
TOP = 5
"""Misspelt queries are judged on whether the intended contact is among the first five rows."""
TIMEOUT = 60
"""Seconds one search may take: a hung tool fails the run instead of stalling it."""
ABOOK_MISSING = "abook is not installed; `make bench` installs it from Debian's packages"
LARGE = 1_000_000
"""From this size on each query is timed once: a run must stay within minutes."""
FZF_PIPELINE = f'fzf --filter "$2" < "$1" | head -{RESULTS}'
_BLANKS = str.maketrans("\t\n\r", "   ")

_EXPORT_SQL = """
SELECT c.reference, trim(c.first_name || ' ' || c.last_name), COALESCE(co.name, ''),
  group_concat(CASE WHEN i.kind = 'email' THEN i.value END, char(1)),
  group_concat(CASE WHEN i.kind IN ({phones}) THEN i.value END, char(1)),
  group_concat(CASE WHEN i.kind NOT IN ('email', {phones}) THEN i.value END, char(1)),
  c.id
FROM contact c
LEFT JOIN company co ON co.id = c.company_id
LEFT JOIN identity i ON i.contact_id = c.id
WHERE c.merged_into_id IS NULL
GROUP BY c.id
ORDER BY c.id
"""


class ToolMissing(Exception):
    """fzf is not installed, so there is nothing to compare with."""

    def __init__(self, tool: str) -> None:
        super().__init__(
            f"{tool} is not on PATH: run `make bench`, which installs it from Debian's packages"
        )
        self.tool = tool


@dataclass(frozen=True)
class Export:
    """The dataset's contacts as fzf lines and an abook file, in the same order."""

    lines: Path
    """``reference<TAB>name<TAB>emails<TAB>phones<TAB>handles<TAB>company``, one live contact
    per line. The reference (unique) makes every line unique, so a line fzf prints names its
    contact; a hidden id field (``--nth``) would instead change what fzf matches and its speed,
    and the reference is something agents search for."""
    ids: Path
    """The contact id of each line (and of the abook entry with the same number)."""
    abook: Path


@dataclass(frozen=True)
class _Tool:
    name: str
    argv: tuple[str, ...]
    """The command, to which the query is appended."""
    exits: frozenset[int]
    """Exit codes of a search that worked; abook exits 1 when nothing matches."""


def _rows(data: Dataset) -> Iterator[tuple[str, str, str, list[str], list[str], list[str], int]]:
    """Live contacts in id order, straight from a cursor: a million of them never sit in memory."""
    phones = ", ".join(f"'{kind}'" for kind in sorted(PHONE_KINDS))
    conn = data.connect()
    try:
        for reference, name, company, emails, numbers, handles, contact_id in conn.execute(
            _EXPORT_SQL.format(phones=phones)
        ):
            yield (
                reference.translate(_BLANKS),
                name.translate(_BLANKS),
                company.translate(_BLANKS),
                *(
                    [value.translate(_BLANKS) for value in (values or "").split("\x01") if value]
                    for values in (emails, numbers, handles)
                ),
                contact_id,
            )
    finally:
        conn.close()


def export(data: Dataset) -> Export:
    """The export fzf and abook read, written once per dataset: at a million contacts it takes
    longer than the searches. Files are written under names of this process's own (two runs at
    once would otherwise write into each other's) and renamed into place, so an interrupted run
    leaves nothing that looks finished, and a reader never sees half a file."""
    folder = export_dir(data)
    done = Export(folder / "lines.txt", folder / "lines.ids", folder / "abook.data")
    built = data.path.stat().st_mtime
    if all(path.exists() and path.stat().st_mtime > built for path in astuple(done)):
        return done
    mine = f"{os.getpid()}.part"
    partial = Export(*(path.with_name(f"{path.name}.{mine}") for path in astuple(done)))
    try:
        _write(data, partial)
        for part, path in zip(astuple(partial), astuple(done), strict=True):
            part.replace(path)
    finally:
        for part in astuple(partial):
            part.unlink(missing_ok=True)
    return done


def _write(data: Dataset, partial: Export) -> None:
    """The fzf lines, their contact ids and the abook file, written side by side."""
    with (
        partial.lines.open("w", encoding="utf-8", newline="\n") as lines,
        partial.ids.open("w", encoding="utf-8", newline="\n") as ids,
        partial.abook.open("w", encoding="utf-8", newline="\n") as abook,
    ):
        abook.write("[format]\nprogram=abook\nversion=0.6.1\n\n")
        for number, (reference, name, company, emails, phones, handles, contact_id) in enumerate(
            _rows(data)
        ):
            fields = (reference, name, " ".join(emails), " ".join(phones), " ".join(handles))
            lines.write("\t".join((*fields, company)) + "\n")
            ids.write(f"{contact_id}\n")
            entry = {
                "name": name,
                "email": ",".join(emails),
                "phone": ", ".join(phones),
                "nick": " ".join(handles),
                "notes": company,
            }
            abook.write(f"[{number}]\n")
            abook.writelines(f"{key}={value}\n" for key, value in entry.items() if value)
            abook.write("\n")


def _lines_of(files: Export, contact_ids: set[int]) -> dict[int, str]:
    """The export lines of a few contacts, read by streaming both files side by side."""
    found: dict[int, str] = {}
    with (
        files.lines.open(encoding="utf-8", newline="\n") as lines,
        files.ids.open(encoding="utf-8") as ids,
    ):
        for line, contact_id in zip(lines, ids, strict=True):
            if int(contact_id) in contact_ids:
                found[int(contact_id)] = line.rstrip("\n")
    return found


def _tools(data: Dataset, files: Export, abook: bool) -> list[_Tool]:
    ours = (*program(), "search", "--limit", str(RESULTS), "--db", str(data.path), "--")
    tools = [
        _Tool("ours", ours, frozenset({0})),
        _Tool("fzf", ("sh", "-c", FZF_PIPELINE, "sh", str(files.lines)), frozenset({0})),
    ]
    if abook:
        # An empty configuration, so a user's ~/.abook/abookrc changes nothing.
        argv = ("abook", "--config", os.devnull, "--datafile", str(files.abook), "--mutt-query")
        tools.append(_Tool("abook", argv, frozenset({0, 1})))
    return tools


def _run(tool: _Tool, text: str, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from spawn to exit, and what the tool printed. stdin is /dev/null, so no tool
    can wait on the terminal (fzf would open its finder), and a timeout bounds a hung one."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [*tool.argv, text],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env,
            check=False,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{tool.name} took over {TIMEOUT} s on {text!r}") from None
    seconds = time.perf_counter() - start
    if done.returncode not in tool.exits:
        raise RuntimeError(
            f"{tool.name} failed on {text!r} (exit {done.returncode}): "
            + done.stderr.decode(errors="replace").strip()
        )
    return seconds, done.stdout.decode("utf-8", errors="replace")


def _compare(
    chosen: Sequence[BenchQuery], ours: Sequence[float], theirs: Sequence[float], name: str
) -> dict:
    """Per-class medians and ratios: the ratio of medians would hide which queries are slow."""
    classes = [kind for kind in CLASSES if any(q.kind == kind for q in chosen)]
    rows = {kind: [i for i, q in enumerate(chosen) if q.kind == kind] for kind in classes}
    ratio = {kind: statistics.median(ours[i] / theirs[i] for i in rows[kind]) for kind in classes}
    return {
        "ours_s": {kind: statistics.median(ours[i] for i in rows[kind]) for kind in classes},
        f"{name}_s": {kind: statistics.median(theirs[i] for i in rows[kind]) for kind in classes},
        "ratio": ratio,
        "median_ratio": statistics.median(ratio.values()),
        "queries": len(chosen),
    }


def _ours_found(data: Dataset, misspelt: Sequence[BenchQuery]) -> int:
    """How many misspelt queries our search puts the intended contact in the top five for,
    judged by ``store_latency.rank_of`` like the store's quality figures. The search runs in
    this process: the search command calls this very function, so its rows are the same."""
    conn = connect(data.url)
    try:
        ranks = [rank_of(q, search(conn, q.text, RESULTS).hits) for q in misspelt]
    finally:
        conn.close()
    return sum(rank is not None and rank < TOP for rank in ranks)


def _fzf_found(q: BenchQuery, output: str, intended: str) -> bool:
    """Whether fzf's first rows hold the intended contact by the rule of ``rank_of``: its own
    line (the reference makes each line one contact's), or for a misspelt name a namesake's."""
    for line in output.splitlines()[:TOP]:
        if line == intended:
            return True
        if q.kind == "misspelt_name" and line.split("\t")[1:2] == [q.name]:
            return True
    return False


def measure(
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """How our search command compares with the tools an agent could use instead, in the time
    a user waits (whole processes) and, on misspelt queries, in whether the caller is found.
    Raises ToolMissing when fzf is not installed; without abook, fzf is still compared and
    ``abook_missing`` says why abook's figures are absent."""
    if shutil.which("fzf") is None:
        raise ToolMissing("fzf")
    compare_abook = data.size <= plan.abook_max_size
    abook = compare_abook and shutil.which("abook") is not None
    report = progress or (lambda _: None)
    report("exporting contacts")
    files = export(data)
    tools = _tools(data, files, abook)
    chosen = first_of_each(queries, plan.side_per_class)
    repeats = 1 if data.size >= LARGE else 3
    env = {key: value for key, value in os.environ.items() if not key.startswith("FZF_")}
    label = ", ".join(tool.name for tool in tools[1:])
    times: dict[str, list[float]] = {tool.name: [] for tool in tools}
    fzf_found = 0
    misspelt = [q for q in chosen if q.kind in MISSPELT]
    intended = _lines_of(files, {q.contact_id for q in misspelt})
    for i, q in enumerate(chosen):
        report(f"{label} {i + 1}/{len(chosen)}")
        runs: dict[str, list[float]] = {tool.name: [] for tool in tools}
        output: dict[str, str] = {}
        for _ in range(repeats):
            for tool in tools if i % 2 == 0 else tools[::-1]:
                seconds, output[tool.name] = _run(tool, q.text, env)
                runs[tool.name].append(seconds)
        for name, samples in runs.items():
            times[name].append(statistics.median(samples))
        if q.kind in MISSPELT:
            fzf_found += _fzf_found(q, output["fzf"], intended[q.contact_id])
    ours_found = _ours_found(data, misspelt)
    result: dict = {"fzf": _compare(chosen, times["ours"], times["fzf"], "fzf")}
    result["fzf"]["top5"] = {
        "ours": ours_found / len(misspelt) if misspelt else None,
        "fzf": fzf_found / len(misspelt) if misspelt else None,
        "queries": len(misspelt),
    }
    if abook:
        result["abook"] = _compare(chosen, times["ours"], times["abook"], "abook")
    elif compare_abook:
        result["abook_missing"] = ABOOK_MISSING
    return result
